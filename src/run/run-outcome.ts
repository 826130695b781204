import type { ProcessEnd } from './run-process.js';

/**
 * What one run of the command came to:
 * - `races`: TSan reported (any kind of report), whatever the exit code or signal;
 * - `clean`: exit code 0 and no report;
 * - `failed`: a non-zero exit code and no report (a broken command, an assertion);
 * - `crashed`: ended by a signal it did not get from racelens, and no report;
 * - `timeout`: killed at `--timeout` (its reports, if any, still count);
 * - `interrupted`: killed because racelens was stopped; not measured.
 */
export type RunOutcome = 'races' | 'clean' | 'failed' | 'crashed' | 'timeout' | 'interrupted';

export const RUN_OUTCOMES: readonly RunOutcome[] = [
  'races',
  'clean',
  'failed',
  'crashed',
  'timeout',
  'interrupted',
];

/** One run of the command, as measured. */
export interface ChildRun {
  /** 1 for the first run started. */
  readonly index: number;
  readonly outcome: RunOutcome;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly durationMs: number;
  /** Reports (and report fragments) in its logs and standard error. */
  readonly reports: number;
  /** Ids of the groups its reports went to, in the order first met. */
  readonly groups: readonly string[];
  /** For a run that failed or crashed without a report: the end of its standard error, to say why. */
  readonly stderrTail: string | null;
}

export function classifyRun(end: ProcessEnd, reports: number): RunOutcome {
  if (end.ending === 'stopped') return 'interrupted';
  if (end.ending === 'timeout') return 'timeout';
  if (reports > 0) return 'races';
  if (end.signal !== null) return 'crashed';
  return end.exitCode === 0 ? 'clean' : 'failed';
}

/** Interrupted runs did not run their course: they count in no rate. */
export function isMeasured(run: ChildRun): boolean {
  return run.outcome !== 'interrupted';
}
