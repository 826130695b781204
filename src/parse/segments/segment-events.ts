import type { Diagnostic } from '../../model/diagnostic.js';
import type { ParseRecord } from '../../model/report.js';
import { RecordJsonWriter } from '../record-json.js';
import type { WarningCounter } from '../warning-count.js';

/**
 * What a segment's parse sends back: the records as JSON Lines text and, beside it, a flat
 * list of events of four numbers each, `[kind, emission line, a, b]`:
 * - RECORD: a record's line ends at byte `a` of the batch; `b` says what it counts as
 *   (RecordCounts.kindOf).
 * - NOTE: a report (pid `a`, NULL_PID, or NO_PID for a fragment) for the warning count.
 * - CHECK: `ThreadSanitizer: reported N warnings` read: `a` = N, `b` = reports still open.
 * The thread that sees the whole input keeps the events of the lines each segment owns and
 * runs the warning count over them in order (see SegmentStitcher).
 */
export interface SegmentBatch {
  /** The JSON Lines, UTF-8, in a buffer of their own: moved to the coordinator, written as is. */
  readonly bytes: Uint8Array;
  readonly events: Float64Array;
}

export const RECORD = 0;
export const NOTE = 1;
export const CHECK = 2;
export const NULL_PID = -1;
export const NO_PID = -2;

/** What a record adds to `parse`'s totals, in one number: see kindOf. */
export const OTHER_RECORD = -2;
export const DIAGNOSTIC_RECORD = -1;

/** A report: 2 x its diagnostics, +1 when cut short; a diagnostic or another record: negative. */
export function kindOf(record: ParseRecord): number {
  if (record.type === 'report') return record.diagnostics.length * 2 + (record.truncated ? 1 : 0);
  return record.type === 'diagnostic' ? DIAGNOSTIC_RECORD : OTHER_RECORD;
}

/** Bytes of a batch: fewer, larger messages between threads. */
export const BATCH_BYTES = 1 << 19;

/**
 * The worker's side: records to text and events, counts to events. `clock` is the line
 * being read when something is emitted (AT_END once the input's end is being handled).
 */
export class SegmentEvents implements WarningCounter {
  private events: number[] = [];
  /** Taken when the first record of a batch comes: a job's last flush leaves none unused. */
  private bytes: Buffer | null = null;
  private filled = 0;

  /**
   * `buffers` gives a batch buffer of BATCH_BYTES, used again once written; `json` is the
   * worker's, whose frame cache then lasts from one segment to the next (SegmentWorkerCore).
   */
  constructor(
    private readonly send: (batch: SegmentBatch) => void,
    private readonly clock: () => number,
    private readonly buffers: () => Buffer = () => Buffer.allocUnsafeSlow(BATCH_BYTES),
    private readonly json = new RecordJsonWriter(),
  ) {}

  /**
   * Each record is written as bytes straight into the batch (RecordJsonWriter.writeInto); one
   * that does not fit goes into the next batch, or one of its own when larger than a batch.
   */
  record(record: ParseRecord): void {
    let end = this.bytes === null ? -1 : this.json.writeInto(record, this.bytes, this.filled);
    if (end < 0) {
      if (this.bytes !== null) this.flush();
      this.bytes = this.buffers();
      end = this.json.writeInto(record, this.bytes, 0);
      if (end < 0) {
        this.json.write(record);
        const text = this.json.take();
        this.bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
        end = this.bytes.write(text, 0);
      }
    }
    this.filled = end;
    this.events.push(RECORD, this.clock(), this.filled, kindOf(record));
  }

  noteReport(pid?: number | null): void {
    const code = pid === undefined ? NO_PID : pid === null ? NULL_PID : pid;
    this.events.push(NOTE, this.clock(), code, 0);
  }

  check(count: number, openReports: number): Diagnostic | null {
    this.events.push(CHECK, this.clock(), count, openReports);
    return null;
  }

  /** Sends what was gathered; the buffer (never Buffer's shared pool) is moved, not copied. */
  flush(): void {
    if (this.events.length === 0) return;
    this.send({
      bytes: this.bytes === null ? Buffer.alloc(0) : this.bytes.subarray(0, this.filled),
      events: Float64Array.from(this.events),
    });
    this.events = [];
    this.bytes = null;
    this.filled = 0;
  }
}

/** Counts nothing and never objects: the shadow parse's counter (see parseSegment). */
export const IGNORED_COUNTS: WarningCounter = {
  noteReport() {},
  check: () => null,
};
