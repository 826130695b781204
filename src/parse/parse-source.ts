import type { ParseRecord } from '../model/report.js';
import type { InputError, InputSource } from '../read/input-sources.js';
import { LineSplitter } from '../read/line-splitter.js';
import type { LineClassifier } from './classify-line.js';
import { LogParser } from './log-parser.js';
import { type InputEndListener, SourceBytes } from './source-bytes.js';

/**
 * The records of one input, parsed on this thread. `skipRecords`: the first records are not
 * yielded (a segmented parse that failed part-way wrote them already; the parse is exact, so
 * the same records come first).
 */
export async function* parseSource(
  source: InputSource,
  classifier: LineClassifier,
  onInputEnd: InputEndListener | undefined,
  skipRecords = 0,
): AsyncGenerator<ParseRecord | InputError> {
  const pending: ParseRecord[] = [];
  let skip = skipRecords;
  const parser = new LogParser(
    source.name,
    (record) => {
      if (skip > 0) skip--;
      else pending.push(record);
    },
    source.pidFromName,
    classifier,
  );
  const splitter = new LineSplitter(parser);
  const bytes = new SourceBytes(source, onInputEnd);
  let failure: unknown = null;
  try {
    for await (const chunk of bytes.chunks()) {
      splitter.write(chunk);
      if (pending.length > 0) yield* pending.splice(0);
    }
  } catch (error) {
    failure = error;
  }
  splitter.end();
  parser.finish();
  yield* pending.splice(0);
  yield* bytes.end(failure, splitter.linesRead);
}
