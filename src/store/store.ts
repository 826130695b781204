import type { TriageResult } from '../triage/triage.js';

/**
 * The history store behind `ingest`, `history`, `gate` and triage's "seen before": what the
 * commands need of it, so that a PostgreSQL store for teams can sit behind the same interface.
 * SQLite (`sqlite-store.ts`) is the default.
 */
export interface Store {
  /** The run an ingest records into: made on first use, its metadata filled in where unset. */
  openRun(run: RunInfo): StoredRun;
  /**
   * Records one input's triage in `run`, atomically: all of it or nothing. An input whose
   * content hash the run already has is not recorded again (`duplicate`).
   */
  recordInput(run: StoredRun, input: InputInfo, result: TriageResult): RecordOutcome;
  /** Per group: when and in how many runs it was seen (runs at or after `since`). */
  history(query: HistoryQuery): HistoryResult;
  /** The runs one group was seen in, newest first. Null when no group has that id. */
  groupRuns(id: string): GroupRuns | null;
  /** Signatures seen in the baseline: every run of a branch, or one run by its name. */
  baselineSignatures(baseline: string): BaselineResult;
  /** For triage: per signature, how many runs saw it and since when (only signatures known). */
  seenBefore(signatures: readonly string[]): ReadonlyMap<string, SeenBefore>;
  close(): void;
}

export interface RunInfo {
  /** The run's name: `--run`, a CI system's run id, or derived from the inputs. */
  readonly name: string;
  readonly commit: string | null;
  readonly branch: string | null;
  readonly job: string | null;
  readonly meta: Readonly<Record<string, string>>;
}

export interface StoredRun extends RunInfo {
  readonly id: number;
  /** ISO 8601, when the run was first recorded. */
  readonly time: string;
}

export interface InputInfo {
  /** SHA-256 of the input's bytes as read (before decompression), hex. */
  readonly sha256: string;
  readonly name: string;
  readonly bytes: number;
}

export type RecordOutcome =
  | {
      readonly status: 'recorded';
      readonly groups: number;
      readonly reports: number;
      readonly newGroups: number;
    }
  | { readonly status: 'duplicate' };

export interface HistoryQuery {
  /** ISO date or date-time: only runs at or after it count. */
  readonly since?: string;
}

export interface HistoryResult {
  /** Runs in the window: the denominator of each group's share. */
  readonly runs: number;
  readonly groups: readonly GroupHistory[];
}

export interface GroupHistory {
  readonly id: string;
  readonly signature: string;
  readonly kind: string;
  readonly title: string;
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** Runs in the window that saw the group. */
  readonly runsSeen: number;
  /** runsSeen / runs in the window: how flaky the race is. */
  readonly share: number;
  readonly reports: number;
  readonly trend: Trend;
}

/**
 * `new`: first seen in the newest run; `gone`: not seen in the newest runs it would have
 * shown in at its rate; `rising`/`falling`: seen clearly more/less often in the newer half of
 * the window than the older; `steady` otherwise. (Rules in docs/history.md.)
 */
export type Trend = 'new' | 'rising' | 'steady' | 'falling' | 'gone';

export interface GroupRuns {
  readonly group: GroupHistory;
  /** Runs in the store: the denominator of the group's share. */
  readonly totalRuns: number;
  readonly runs: readonly {
    readonly name: string;
    readonly time: string;
    readonly commit: string | null;
    readonly branch: string | null;
    readonly job: string | null;
    readonly reports: number;
  }[];
}

export interface BaselineResult {
  /** How the baseline was read: the runs of a branch, or one run. */
  readonly kind: 'branch' | 'run';
  readonly runs: number;
  readonly signatures: ReadonlySet<string>;
}

export interface SeenBefore {
  readonly runs: number;
  readonly since: string;
}

/** A store that cannot be used: the message says which file and what to do. */
export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}
