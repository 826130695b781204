import { PARSE_SCHEMA_VERSION } from '../../model/report.js';
import { WarningCount } from '../warning-count.js';
import type { Stitch } from './segment.js';
import {
  CHECK,
  DIAGNOSTIC_RECORD,
  NO_PID,
  NOTE,
  NULL_PID,
  RECORD,
  type SegmentBatch,
} from './segment-events.js';

/** JSON Lines of records (UTF-8), with what they add to `parse`'s totals. */
export interface SerializedRecords {
  readonly type: 'serialized';
  readonly data: Uint8Array;
  /** Records in `data`. */
  readonly records: number;
  /** Call once `data` is written: its buffer goes back to the worker that filled it. */
  readonly release: () => void;
  readonly reports: number;
  readonly truncated: number;
  readonly diagnostics: number;
}

interface SegmentOutput {
  batches: { batch: SegmentBatch; release: () => void }[];
  done: boolean;
  stitch: Stitch | null;
}

/**
 * Puts the segments' output back in input order and keeps, of each segment, only the lines
 * it owns: a segment's records start after the line where the parse of the one before met
 * it (its stitch) and a segment that parse ran past entirely says nothing. The warning count
 * runs here, over the kept events in order, as one sequential parse would run it.
 */
export class SegmentStitcher {
  private readonly outputs = new Map<number, SegmentOutput>();
  private position = 0;
  /** Records of segment `cut.segment` emitted at or before `cut.line` are not kept. */
  private cut: Stitch = { segment: 0, line: 0 };
  /** A kept parse finished the input: nothing after it is kept. */
  private ended = false;
  private readonly warnings = new WarningCount();

  constructor(
    private readonly file: string,
    private readonly write: (records: SerializedRecords) => void,
  ) {}

  /** The segment whose output is being written: those before it are done. */
  get writing(): number {
    return this.position;
  }

  /** Whether a job for this segment can still be kept (false once a parse ran past it). */
  wanted(index: number): boolean {
    return !this.ended && index >= this.cut.segment;
  }

  /** `release` gives the batch's buffer back once its bytes are written or dropped. */
  batch(index: number, batch: SegmentBatch, release: () => void): void {
    this.output(index).batches.push({ batch, release });
    this.drain();
  }

  done(index: number, stitch: Stitch | null): void {
    const output = this.output(index);
    output.done = true;
    output.stitch = stitch;
    this.drain();
  }

  /** A segment given no job (see wanted()): it has nothing to say. */
  skipped(index: number): void {
    this.done(index, null);
  }

  private output(index: number): SegmentOutput {
    let output = this.outputs.get(index);
    if (output === undefined) {
      output = { batches: [], done: false, stitch: null };
      this.outputs.set(index, output);
    }
    return output;
  }

  private drain(): void {
    for (;;) {
      const output = this.outputs.get(this.position);
      if (output === undefined) return;
      const kept = this.wanted(this.position);
      for (const { batch, release } of output.batches) {
        if (kept) this.apply(batch, release);
        else release();
      }
      output.batches = [];
      if (!output.done) return;
      this.outputs.delete(this.position);
      if (kept) {
        if (output.stitch === null) this.ended = true;
        else this.cut = output.stitch;
      }
      this.position++;
    }
  }

  /**
   * Writes a batch's kept records: the whole buffer as it came, or, at a stitch or around a
   * count's diagnostic (rare), views of it and the diagnostic between them. The buffer goes
   * back to its worker once the last view of it is written.
   */
  private apply(batch: SegmentBatch, release: () => void): void {
    const { events } = batch;
    const after = this.position === this.cut.segment ? this.cut.line : 0;
    const bytes = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.length);
    const pieces: { data: Uint8Array; counts: Counts }[] = [];
    let counts = noCounts();
    let from = 0;
    let end = 0;
    for (let i = 0; i < events.length; i += 4) {
      const kind = events[i]!;
      const line = events[i + 1]!;
      const a = events[i + 2]!;
      const b = events[i + 3]!;
      if (kind === RECORD) end = a;
      if (line <= after) {
        // Emitted before the lines this segment owns: the segment before said it already.
        from = end;
        continue;
      }
      if (kind === RECORD) {
        counts.records++;
        if (b >= 0) {
          counts.reports++;
          counts.truncated += b & 1;
          counts.diagnostics += b >> 1;
        } else if (b === DIAGNOSTIC_RECORD) {
          counts.diagnostics++;
        }
      } else if (kind === NOTE) {
        this.warnings.noteReport(a === NO_PID ? undefined : a === NULL_PID ? null : a);
      } else if (kind === CHECK) {
        const mismatch = this.warnings.check(a, b, this.file, line);
        if (mismatch === null) continue;
        if (end > from) pieces.push({ data: bytes.subarray(from, end), counts });
        const record = { type: 'diagnostic', schemaVersion: PARSE_SCHEMA_VERSION, ...mismatch };
        const diagnostic = { ...noCounts(), records: 1, diagnostics: 1 };
        pieces.push({ data: Buffer.from(`${JSON.stringify(record)}\n`), counts: diagnostic });
        counts = noCounts();
        from = end;
      }
    }
    if (bytes.length > from)
      pieces.push({ data: from === 0 ? bytes : bytes.subarray(from), counts });
    if (pieces.length === 0) release();
    const last = pieces.length - 1;
    pieces.forEach(({ data, counts }, i) => {
      this.write({ type: 'serialized', data, release: i === last ? release : () => {}, ...counts });
    });
  }
}

interface Counts {
  records: number;
  reports: number;
  truncated: number;
  diagnostics: number;
}

function noCounts(): Counts {
  return { records: 0, reports: 0, truncated: 0, diagnostics: 0 };
}
