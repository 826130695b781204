import { PARSE_SCHEMA_VERSION, type ParseRecord } from '../model/report.js';
import { cleanLine } from '../read/clean-line.js';
import type { LineFilter } from '../read/line-filter.js';
import { type LineHandler, MAX_LINE_CHARS } from '../read/line-splitter.js';
import { unglue } from '../read/unglue.js';
import { LineClassifier } from './classify-line.js';
import { INTERESTING_LINES } from './interesting-line.js';
import { StreamAssembler } from './stream-assembler.js';
import type { WarningCounter } from './warning-count.js';

/**
 * The whole per-input pipeline behind the line splitter: clean each line, split glued lines,
 * classify, assemble. Records go to `emit` as soon as they are complete.
 */
export class LogParser implements LineHandler {
  private readonly assembler: StreamAssembler;

  constructor(
    private readonly file: string,
    private readonly emit: (record: ParseRecord) => void,
    pidFromName: number | null = null,
    private readonly classifier = new LineClassifier(),
    warningCount?: WarningCounter,
  ) {
    this.assembler = new StreamAssembler(file, emit, pidFromName, warningCount);
  }

  /** See StreamAssembler.syncKey. */
  syncKey(line: number): number | null {
    return this.assembler.syncKey(line);
  }

  line(raw: string, lineNumber: number): void {
    const frame = this.classifier.cached(raw);
    if (frame !== undefined) {
      // A frame line seen before: cleaning and the glue check would leave it as it is.
      this.assembler.push(frame, lineNumber, raw, null);
      return;
    }
    const { text, pid } = cleanLine(raw);
    const parts = unglue(text);
    if (parts.length === 1) {
      this.assembler.push(this.classifier.classify(text), lineNumber, text, pid);
      return;
    }
    for (const part of parts) {
      this.assembler.push(this.classifier.classify(part), lineNumber, part, pid);
    }
  }

  lastLineUnterminated(lineNumber: number): void {
    this.assembler.lastLineUnterminated(lineNumber);
  }

  interestingLines(): LineFilter | null {
    return this.assembler.idle ? INTERESTING_LINES : null;
  }

  overlong(lineNumber: number, droppedChars: number): void {
    this.emit({
      type: 'diagnostic',
      schemaVersion: PARSE_SCHEMA_VERSION,
      code: 'line-too-long',
      message: `line is longer than ${MAX_LINE_CHARS} characters; the last ${droppedChars} were not read`,
      file: this.file,
      line: lineNumber,
    });
  }

  /** End of input. */
  finish(): void {
    this.assembler.finish();
  }
}
