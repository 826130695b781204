import type { GroupHistory } from './store.js';
import { newerHalf, trendOf } from './trend.js';

/**
 * What both engines' history queries compute per group in SQL, and how a row becomes a
 * GroupHistory: the SQL differs by dialect, the meaning does not.
 */
export interface AggregateRow {
  readonly groupId: number;
  readonly signature: string;
  readonly shortId: string;
  readonly kind: string;
  readonly title: string;
  /** Runs of the window that saw the group. */
  readonly seen: number;
  readonly reports: number;
  /** Positions of the first and last run that saw it, oldest run 0. */
  readonly firstPos: number;
  readonly lastPos: number;
  /** Runs of the newer half (positions >= newerFrom) that saw it. */
  readonly newerSeen: number;
  readonly firstTime: string;
  readonly lastTime: string;
}

export interface HistoryWindow {
  /** Lower bound on run time, as stored text; '' for all runs. */
  readonly since: string;
  readonly runs: number;
}

/** Fewest characters of a short id `history --group` takes as a prefix. */
export const MIN_ID_PREFIX = 4;

/** The first position of the window's newer half. */
export function newerFrom(window: HistoryWindow): number {
  return window.runs - newerHalf(window.runs);
}

export function historyOf(
  row: AggregateRow,
  window: HistoryWindow,
  earlierFirst: string | undefined,
): GroupHistory {
  return {
    id: row.shortId,
    signature: row.signature,
    kind: row.kind,
    title: row.title,
    firstSeen: earlierFirst ?? row.firstTime,
    lastSeen: row.lastTime,
    runsSeen: row.seen,
    share: row.seen / window.runs,
    reports: row.reports,
    trend: trendOf({
      runs: window.runs,
      seen: row.seen,
      firstPos: row.firstPos,
      lastPos: row.lastPos,
      newerSeen: row.newerSeen,
      seenBeforeWindow: earlierFirst !== undefined,
    }),
  };
}

/** Most flaky first: by share of runs, then most recently seen, then id. */
export function byFlakiness(a: GroupHistory, b: GroupHistory): number {
  return (
    b.share - a.share ||
    (a.lastSeen < b.lastSeen ? 1 : a.lastSeen > b.lastSeen ? -1 : 0) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
