import type { StopReason } from './run-many.js';
import type { ChildRun } from './run-outcome.js';
import type { GroupStats, RunTotals } from './run-summary.js';

/** Everything `racelens run` reports at the end (or at Ctrl-C): what the renderers take. */
export interface RunReport {
  /** The command and its arguments, as given after `--`. */
  readonly command: readonly string[];
  /** `-n`: runs asked for. */
  readonly runsRequested: number;
  readonly jobs: number;
  readonly timeoutSeconds: number | null;
  readonly untilRuns: number | null;
  readonly untilGroup: string | null;
  readonly stoppedBy: StopReason;
  readonly elapsedMs: number;
  readonly totals: RunTotals;
  readonly groups: readonly GroupStats[];
  /** By index. */
  readonly runs: readonly ChildRun[];
  /** With `--ingest`: where the runs were recorded. */
  readonly store: { readonly path: string; readonly run: string } | null;
}
