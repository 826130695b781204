import type { ParseRecord } from '../model/report.js';
import { LineSplitter } from '../read/line-splitter.js';
import { LogParser } from './log-parser.js';

export interface ParseTextOptions {
  /** Name used in `source.file` and diagnostics. */
  readonly file?: string;
}

/** Parses a whole log held in memory. For files and streams, use `parseInputs`. */
export function parseText(text: string, options: ParseTextOptions = {}): ParseRecord[] {
  const records: ParseRecord[] = [];
  const parser = new LogParser(options.file ?? '<text>', (record) => records.push(record));
  const splitter = new LineSplitter(parser);
  splitter.write(Buffer.from(text, 'utf8'));
  splitter.end();
  parser.finish();
  return records;
}
