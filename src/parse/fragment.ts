import type { Frame } from '../model/frame.js';
import { type DiagnosticRecord, PARSE_SCHEMA_VERSION } from '../model/report.js';
import type { LineToken } from './line-token.js';

/** Frames a fragment diagnostic carries (triage matches fragments by them). */
const FRAGMENT_FRAMES = 256;

/**
 * Report-like lines with no headline before them (an input that starts part-way through a
 * report), gathered into one `fragment` diagnostic so that nothing read is lost.
 */
export class FragmentBuilder {
  end: number;
  private readonly frames: Frame[] = [];
  private frameCount = 0;
  private sections = 0;
  private summary: string | null = null;

  constructor(private readonly start: number) {
    this.end = start;
  }

  add(token: LineToken, line: number): void {
    this.end = line;
    if (token.type === 'frame') {
      this.frameCount++;
      if (this.frames.length < FRAGMENT_FRAMES) this.frames.push(token.frame);
    } else if (token.type === 'summary') this.summary = token.text;
    else this.sections++;
  }

  record(file: string): DiagnosticRecord {
    const parts = [`${this.frameCount} frames`, `${this.sections} section lines`];
    if (this.summary !== null) parts.push(`SUMMARY: ${this.summary}`);
    return {
      type: 'diagnostic',
      schemaVersion: PARSE_SCHEMA_VERSION,
      code: 'fragment',
      message: `lines ${this.start}-${this.end} are part of a ThreadSanitizer report whose headline is not in this input (${parts.join(', ')})`,
      file,
      line: this.start,
      ...(this.end !== this.start ? { endLine: this.end } : {}),
      frames: this.frames,
      ...(this.summary !== null ? { summary: this.summary } : {}),
    };
  }
}
