import type { Diagnostic } from '../../model/diagnostic.js';
import type { ParseRecord } from '../../model/report.js';
import { RecordJsonWriter } from '../record-json.js';
import type { WarningCounter } from '../warning-count.js';

/**
 * What a segment's parse sends back: the records as JSON Lines text and, beside it, a flat
 * list of events of four numbers each (offsets count characters of the text), `[kind, emission line, a, b]`:
 * - RECORD: a record's text ends at `a` in the batch's text; `b` says what it counts as
 *   (RecordCounts.kindOf).
 * - NOTE: a report (pid `a`, NULL_PID, or NO_PID for a fragment) for the warning count.
 * - CHECK: `ThreadSanitizer: reported N warnings` read: `a` = N, `b` = reports still open.
 * The thread that sees the whole input keeps the events of the lines each segment owns and
 * runs the warning count over them in order (see SegmentStitcher).
 */
export interface SegmentBatch {
  /** The text, UTF-8: in its own buffer, transferred to the coordinator, which writes it as is. */
  readonly bytes: Uint8Array;
  /** Every character one byte: offsets in `events` are byte offsets too. */
  readonly ascii: boolean;
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

/** Characters gathered before a batch is sent: fewer, larger messages between threads. */
const BATCH_CHARS = 1 << 18;

/**
 * The worker's side: records to text and events, counts to events. `clock` is the line
 * being read when something is emitted (AT_END once the input's end is being handled).
 */
export class SegmentEvents implements WarningCounter {
  private readonly json = new RecordJsonWriter();
  private events: number[] = [];

  constructor(
    private readonly send: (batch: SegmentBatch) => void,
    private readonly clock: () => number,
  ) {}

  record(record: ParseRecord): void {
    this.json.write(record);
    this.events.push(RECORD, this.clock(), this.json.length, kindOf(record));
    if (this.json.length >= BATCH_CHARS) this.flush();
  }

  noteReport(pid?: number | null): void {
    const code = pid === undefined ? NO_PID : pid === null ? NULL_PID : pid;
    this.events.push(NOTE, this.clock(), code, 0);
  }

  check(count: number, openReports: number): Diagnostic | null {
    this.events.push(CHECK, this.clock(), count, openReports);
    return null;
  }

  flush(): void {
    if (this.events.length === 0) return;
    const text = this.json.take();
    // Encoded here, on the worker's thread, into a buffer of its own (never Buffer's shared
    // pool), which is moved to the coordinator rather than copied.
    const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(text, 'utf8'));
    bytes.write(text, 'utf8');
    this.send({ bytes, ascii: bytes.length === text.length, events: Float64Array.from(this.events) });
    this.events = [];
  }
}

/** Counts nothing and never objects: the shadow parse's counter (see parseSegment). */
export const IGNORED_COUNTS: WarningCounter = {
  noteReport() {},
  check: () => null,
};
