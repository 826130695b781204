import type { Diagnostic } from '../model/diagnostic.js';
import type { Frame } from '../model/frame.js';
import {
  PARSE_SCHEMA_VERSION,
  type SuppressionHit,
  type SuppressionHitsRecord,
} from '../model/report.js';
import { WEIGHT } from './interleave-weights.js';
import type { LineToken, LineTokenType } from './line-token.js';
import { moduleAndStyleAffinity } from './report-fitness.js';
import { isSharedModule } from './report-mentions.js';
import { RuntimeEvidence } from './runtime-evidence.js';

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
  /** Last line the block took, or a `==PID==` line of its process: for tie-breaking. */
  lastTouched: number;
  private lastType: LineTokenType = 'runtime-message';
  private readonly modules = new Set<string>();
  private readonly evidence = new RuntimeEvidence();
  /** The word after `ThreadSanitizer: ` (`SEGV`), which its SUMMARY starts with. */
  private readonly kindWord: string | null;

  constructor(
    readonly line: number,
    private readonly text: string,
    /** The process, from the line's `==PID==` prefix (the runtime prints errors with it). */
    readonly pid: number | null = null,
  ) {
    this.lastTouched = line;
    const at = text.indexOf('ThreadSanitizer: ');
    this.kindWord = at === -1 ? null : (/^\S+/.exec(text.slice(at + 17))?.[0] ?? null);
  }

  /** Takes a frame or a blank line; false for anything else (a SUMMARY is the caller's). */
  take(token: LineToken, line: number): boolean {
    if (token.type === 'frame') {
      const frame = token.frame;
      if (this.frames === 0) this.topFunction = frame.function;
      this.frames++;
      this.evidence.note(token.style);
      if (frame.module !== null && this.modules.size < 64 && !isSharedModule(frame.module)) {
        this.modules.add(frame.module);
      }
    } else if (token.type !== 'blank') return false;
    this.lastType = token.type;
    this.lastTouched = line;
    return true;
  }

  /**
   * How well a line fits the block, on the scale of report-fitness.ts: asked only while a
   * report of another process is open, which may own the line instead.
   */
  fitness(token: LineToken): number {
    switch (token.type) {
      case 'frame':
        return this.frameScore(token.frame, token.arch === true);
      case 'blank':
        return this.lastType === 'frame' ? WEIGHT.expectedBlank : WEIGHT.otherBlank;
      case 'summary':
        return (
          WEIGHT.summary +
          (this.kindWord !== null && token.text.startsWith(`${this.kindWord} `)
            ? WEIGHT.summaryKind
            : -WEIGHT.summaryKind)
        );
      default:
        return WEIGHT.impossible;
    }
  }

  private frameScore(frame: Frame, arch: boolean): number {
    // The error line announced a stack, as a section header does: its numbering decides.
    const numbering = frame.index === this.frames ? WEIGHT.nextFrameInOpenStack : WEIGHT.strayFrame;
    return numbering + moduleAndStyleAffinity(this.modules, this.evidence.runtime, frame, arch);
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
