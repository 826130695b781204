import type { Trend } from './store.js';

/**
 * Where a group was seen among the runs of a history window, the runs ordered oldest (position
 * 0) to newest (position `runs - 1`) by time. All a trend needs, so SQL can aggregate it.
 */
export interface Sightings {
  /** Runs in the window. */
  readonly runs: number;
  /** Runs in the window that saw the group (at least 1). */
  readonly seen: number;
  readonly firstPos: number;
  readonly lastPos: number;
  /** Sightings among the newer half: the last `newerHalf(runs)` runs. */
  readonly newerSeen: number;
  /** Whether a run before the window (`--since`) saw the group. */
  readonly seenBeforeWindow: boolean;
}

/** Below this many runs in the window, halves are too small to call rising or falling. */
export const TREND_MIN_RUNS = 4;
/** Share in the newer half minus share in the older half that counts as rising (or falling). */
export const TREND_MIN_CHANGE = 0.25;
/** Sightings a race "owes" at its rate before its absence means it is gone. */
export const GONE_EXPECTED_SIGHTINGS = 3;

/** Runs in the newer half of a window: the older half gets the odd one. */
export function newerHalf(runs: number): number {
  return Math.floor(runs / 2);
}

/**
 * The trend rule (docs/history.md), first match wins:
 * - `new`: first seen ever in the newest run of the window.
 * - `gone`: absent from at least k runs after its last sighting, where k = max(3, ceil(3 / r))
 *   and r = seen / (lastPos - firstPos + 1), its rate while it was around. At that rate it
 *   would have shown about 3 times in k runs; missing all of them by chance is ~5% or less.
 *   (The rate leaves out the quiet runs at the end, or they would dilute it and a race seen
 *   3 times or fewer could never be gone.)
 * - `rising` / `falling`: with at least 4 runs, its share of the newer half's runs exceeds
 *   (or falls short of) its share of the older half's by 0.25 or more.
 * - `steady` otherwise.
 */
export function trendOf(s: Sightings): Trend {
  if (!s.seenBeforeWindow && s.firstPos === s.runs - 1) return 'new';
  const rate = s.seen / (s.lastPos - s.firstPos + 1);
  const needed = Math.max(GONE_EXPECTED_SIGHTINGS, Math.ceil(GONE_EXPECTED_SIGHTINGS / rate));
  if (s.runs - 1 - s.lastPos >= needed) return 'gone';
  if (s.runs < TREND_MIN_RUNS) return 'steady';
  const newer = newerHalf(s.runs);
  const change = s.newerSeen / newer - (s.seen - s.newerSeen) / (s.runs - newer);
  // A hair below the threshold from float error (0.75 - 0.5) still counts.
  if (change >= TREND_MIN_CHANGE - 1e-9) return 'rising';
  if (change <= -TREND_MIN_CHANGE + 1e-9) return 'falling';
  return 'steady';
}
