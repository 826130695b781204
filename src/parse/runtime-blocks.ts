import type { Diagnostic } from '../model/diagnostic.js';
import {
  PARSE_SCHEMA_VERSION,
  type SuppressionHit,
  type SuppressionHitsRecord,
} from '../model/report.js';
import type { LineToken } from './line-token.js';

/**
 * A `print_suppressions=1` block: `ThreadSanitizer: Matched N suppressions (pid=N):` and the
 * hit lines under it, which belong to it until their counts add up to N.
 */
export class SuppressionHitsBlock {
  private endLine: number;
  private sum = 0;
  private readonly hits: SuppressionHit[] = [];

  constructor(
    private readonly pid: number | null,
    private readonly total: number,
    private readonly line: number,
  ) {
    this.endLine = line;
  }

  /** Takes a hit line; false for any other line, which ends the block. */
  take(token: LineToken, line: number): boolean {
    if (token.type !== 'suppression-hit') return false;
    this.hits.push(token.hit);
    this.sum += token.hit.count;
    this.endLine = line;
    return true;
  }

  /** The hits read add up to the header's total. */
  get complete(): boolean {
    return this.sum >= this.total;
  }

  record(file: string): SuppressionHitsRecord {
    return {
      type: 'suppression-hits',
      schemaVersion: PARSE_SCHEMA_VERSION,
      pid: this.pid,
      total: this.total,
      hits: this.hits,
      source: { file, line: this.line, endLine: this.endLine },
    };
  }
}

/**
 * A runtime error that is not a report (a TSan SEGV, CHECK failed): its frames and blank lines
 * are its own, and a SUMMARY ends it. It becomes one `runtime-message` diagnostic.
 */
export class RuntimeMessageBlock {
  private frames = 0;
  private topFunction: string | null = null;

  constructor(
    readonly line: number,
    private readonly text: string,
  ) {}

  /** Takes a frame or a blank line; false for anything else (a SUMMARY is the caller's). */
  take(token: LineToken): boolean {
    if (token.type === 'frame') {
      if (this.frames === 0) this.topFunction = token.frame.function;
      this.frames++;
      return true;
    }
    return token.type === 'blank';
  }

  diagnostic(file: string): Diagnostic {
    const where = this.topFunction ? ` (top frame: ${this.topFunction})` : '';
    return {
      code: 'runtime-message',
      message: `ThreadSanitizer runtime message: ${this.text}${where}`,
      file,
      line: this.line,
    };
  }
}
