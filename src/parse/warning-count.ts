import type { Diagnostic } from '../model/diagnostic.js';

/** What the assembler tells of the reports it emits and of the runtime's counts. */
export interface WarningCounter {
  /** A report (its pid) or a fragment (no pid known) was emitted. */
  noteReport(pid?: number | null): void;
  /** The runtime's count was read; a diagnostic to emit, or null. */
  check(count: number, openReports: number, file: string, line: number): Diagnostic | null;
}

/**
 * Checks `ThreadSanitizer: reported N warnings` (printed at a process's exit) against the
 * reports and fragments read since the previous count. Only a stretch written by one process,
 * with no report still open, can be checked: interleaved processes share the stream.
 */
export class WarningCount implements WarningCounter {
  private since = 0;
  private pids = new Set<number | null>();

  /** A report (its pid) or a fragment (no pid known) was read. */
  noteReport(pid?: number | null): void {
    this.since++;
    if (pid !== undefined) this.pids.add(pid);
  }

  /** The runtime's count was read; a diagnostic when it disagrees with what was read. */
  check(count: number, openReports: number, file: string, line: number): Diagnostic | null {
    const read = this.since;
    const checkable = this.pids.size === 1 && openReports === 0;
    this.since = 0;
    this.pids = new Set();
    if (!checkable || read === count) return null;
    return {
      code: 'report-count-mismatch',
      message: `the runtime reported ${count} warnings here, but ${read} reports were read since the previous count; some report lines are missing from this input`,
      file,
      line,
    };
  }
}
