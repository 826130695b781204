import type { Database } from 'better-sqlite3';
import {
  type AggregateRow,
  byFlakiness,
  type HistoryWindow,
  historyOf,
  MIN_ID_PREFIX,
  newerFrom,
} from './history-rows.js';
import { normalizeSince } from './since.js';
import {
  type BaselineResult,
  type GroupRuns,
  type HistoryQuery,
  type HistoryResult,
  type SeenBefore,
  StoreError,
} from './store.js';
import { idPrefix, onlyMatch, unknownBaselineMessage } from './store-lookups.js';

/**
 * The SQLite store's read side: `history`, `history --group`, `gate`'s baseline and triage's
 * "seen before", as functions over an open database so that SqliteStore delegates to them and
 * tests can run them on a store built by hand. Every query reads `group_runs` (one row per
 * group per run), never `occurrences` (one row per report), and each runs in one read
 * transaction, so that an ingest committing meanwhile cannot make its figures disagree.
 */

export { MIN_ID_PREFIX };

/** The runs of the window numbered oldest (0) to newest by time, then id for equal times. */
const WINDOW = `
  WITH win AS MATERIALIZED (
    SELECT id, time, row_number() OVER (ORDER BY time, id) - 1 AS pos
    FROM runs WHERE time >= @since
  )`;

/** Per group seen in the window: what its history row and trend are computed from. */
const AGGREGATE = `
  SELECT g.id AS groupId, g.signature, g.short_id AS shortId, g.kind, g.title,
    count(*) AS seen, sum(gr.reports) AS reports,
    min(win.pos) AS firstPos, max(win.pos) AS lastPos, sum(CASE WHEN win.pos >= @newerFrom THEN 1 ELSE 0 END) AS newerSeen,
    min(win.time) AS firstTime, max(win.time) AS lastTime
  FROM win
  JOIN group_runs gr ON gr.run_id = win.id
  JOIN groups g ON g.id = gr.group_id`;

type Window = HistoryWindow;

/**
 * Every group seen in a run of the window (runs at or after `query.since`), most flaky first:
 * by share of runs, then most recently seen. First seen is over the whole store, so a race
 * that predates the window says so; last seen is the newest run that saw it.
 */
export function historyQuery(db: Database, query: HistoryQuery = {}): HistoryResult {
  return db.transaction(() => {
    const window = windowOf(db, query.since);
    if (window.runs === 0) return { runs: 0, groups: [] };
    const rows = db
      .prepare<{ since: string; newerFrom: number }, AggregateRow>(
        `${WINDOW} ${AGGREGATE} GROUP BY g.id`,
      )
      .all(windowParams(window));
    const earlier = earlierSightings(db, window);
    return {
      runs: window.runs,
      groups: rows.map((row) => historyOf(row, window, earlier.get(row.groupId))).sort(byFlakiness),
    };
  })();
}

/**
 * One group's history over the whole store, and the runs that saw it, newest first. `id` is
 * a short id, a unique prefix of one (at least 4 characters), or a full signature. Null when
 * no group has it; StoreError when a prefix is too short or names several groups.
 */
export function groupRunsQuery(db: Database, id: string): GroupRuns | null {
  return db.transaction(() => {
    const groupId = resolveGroup(db, id);
    if (groupId === null) return null;
    const window = windowOf(db, undefined);
    const row = db
      .prepare<{ since: string; newerFrom: number; group: number }, AggregateRow>(
        `${WINDOW} ${AGGREGATE} WHERE gr.group_id = @group GROUP BY g.id`,
      )
      .get({ ...windowParams(window), group: groupId });
    // A group recorded without a run that saw it: only a store written by something else.
    if (row === undefined) return null;
    const runs = db
      .prepare<[number], GroupRuns['runs'][number]>(
        `SELECT r.name, r.time, r.commit_sha AS "commit", r.branch, r.job, gr.reports
         FROM group_runs gr JOIN runs r ON r.id = gr.run_id
         WHERE gr.group_id = ? ORDER BY r.time DESC, r.id DESC`,
      )
      .all(groupId);
    return { group: historyOf(row, window, undefined), totalRuns: window.runs, runs };
  })();
}

/**
 * The signatures a gate compares against. `baseline` is a branch when any run has that
 * branch (every run of it counts: a race seen once on the branch is not new), else a run
 * name. StoreError when it is neither.
 */
export function baselineQuery(db: Database, baseline: string): BaselineResult {
  return db.transaction((): BaselineResult => {
    const branchRuns = db
      .prepare<[string], number>('SELECT count(*) FROM runs WHERE branch = ?')
      .pluck()
      .get(baseline);
    if (branchRuns !== undefined && branchRuns > 0) {
      const signatures = db
        .prepare<[string], string>(
          `SELECT DISTINCT g.signature FROM runs r
           JOIN group_runs gr ON gr.run_id = r.id JOIN groups g ON g.id = gr.group_id
           WHERE r.branch = ?`,
        )
        .pluck()
        .all(baseline);
      return { kind: 'branch', runs: branchRuns, signatures: new Set(signatures) };
    }
    const runId = db
      .prepare<[string], number>('SELECT id FROM runs WHERE name = ?')
      .pluck()
      .get(baseline);
    if (runId === undefined) throw new StoreError(unknownBaseline(db, baseline));
    const signatures = db
      .prepare<[number], string>(
        `SELECT g.signature FROM group_runs gr JOIN groups g ON g.id = gr.group_id
         WHERE gr.run_id = ?`,
      )
      .pluck()
      .all(runId);
    return { kind: 'run', runs: 1, signatures: new Set(signatures) };
  })();
}

/** What to pass instead: the branches the store knows (a few), else what --baseline takes. */
function unknownBaseline(db: Database, baseline: string): string {
  const branches = db
    .prepare<[], string>(
      'SELECT DISTINCT branch FROM runs WHERE branch IS NOT NULL ORDER BY branch LIMIT 11',
    )
    .pluck()
    .all();
  return unknownBaselineMessage(baseline, db.name, branches);
}

/** Per signature the store has seen: in how many runs, and the time of the first (one query). */
export function seenBeforeQuery(
  db: Database,
  signatures: readonly string[],
): Map<string, SeenBefore> {
  const rows = db
    .prepare<[string], { signature: string; runs: number; since: string }>(
      `SELECT g.signature, count(*) AS runs, min(r.time) AS since FROM groups g
       JOIN group_runs gr ON gr.group_id = g.id JOIN runs r ON r.id = gr.run_id
       WHERE g.signature IN (SELECT value FROM json_each(?)) GROUP BY g.signature`,
    )
    .all(JSON.stringify([...new Set(signatures)]));
  return new Map(rows.map((row) => [row.signature, { runs: row.runs, since: row.since }]));
}

function windowOf(db: Database, since: string | undefined): Window {
  let bound = '';
  if (since !== undefined) {
    const normalized = normalizeSince(since);
    // The command checks --since first; this guards other callers of the library.
    if (normalized === null)
      throw new RangeError(`since: '${since}' is not an ISO date or date-time`);
    bound = normalized;
  }
  const runs = db
    .prepare<[string], number>('SELECT count(*) FROM runs WHERE time >= ?')
    .pluck()
    .get(bound);
  return { since: bound, runs: runs ?? 0 };
}

function windowParams(window: Window): { since: string; newerFrom: number } {
  return { since: window.since, newerFrom: newerFrom(window) };
}

/** Per group seen before the window: its first sighting. Empty when the window is all runs. */
function earlierSightings(db: Database, window: Window): ReadonlyMap<number, string> {
  if (window.since === '') return new Map();
  const rows = db
    .prepare<[string], { groupId: number; firstTime: string }>(
      // CROSS JOIN keeps runs outermost: the cost follows the runs before the window (by
      // runs_time, then group_runs_run), not the whole of group_runs.
      `SELECT gr.group_id AS groupId, min(r.time) AS firstTime
       FROM runs r CROSS JOIN group_runs gr ON gr.run_id = r.id
       WHERE r.time < ? GROUP BY gr.group_id`,
    )
    .all(window.since);
  return new Map(rows.map((row) => [row.groupId, row.firstTime]));
}

/** The groups.id that `id` names, or null; StoreError for a prefix too short or ambiguous. */
function resolveGroup(db: Database, id: string): number | null {
  const exact = db
    .prepare<[string], number>('SELECT id FROM groups WHERE signature = ?')
    .pluck()
    .get(id);
  if (exact !== undefined) return exact;
  const prefix = idPrefix(id);
  if (prefix === null) return null;
  // A range, not LIKE: LIKE is case-insensitive and would not use groups_short_id.
  const matches = db
    .prepare<[string, string], { id: number; shortId: string }>(
      `SELECT id, short_id AS shortId FROM groups
       WHERE short_id >= ? AND short_id < ? ORDER BY short_id LIMIT 6`,
    )
    .all(prefix, `${prefix}g`);
  return onlyMatch(id, matches)?.id ?? null;
}
