import type { ClientBase } from 'pg';
import {
  type AggregateRow,
  byFlakiness,
  type HistoryWindow,
  historyOf,
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
 * The PostgreSQL store's read side, the twin of sqlite-queries.ts (same meaning, PostgreSQL's
 * dialect): each function runs on a client inside one read-only REPEATABLE READ transaction
 * (the store opens it), so an ingest committing meanwhile cannot make the figures disagree.
 * Counts are cast to integer and sums to float8: node-postgres gives bigints as strings.
 */

/** The runs of the window numbered oldest (0) to newest by time, then id for equal times. */
const WINDOW = `
  WITH win AS MATERIALIZED (
    SELECT id, time, (row_number() OVER (ORDER BY time, id) - 1)::int AS pos
    FROM runs WHERE time >= $1
  )`;

/** Per group seen in the window: what its history row and trend are computed from. */
const AGGREGATE = `
  SELECT g.id AS "groupId", g.signature, g.short_id AS "shortId", g.kind, g.title,
    count(*)::int AS seen, sum(gr.reports)::float8 AS reports,
    min(win.pos) AS "firstPos", max(win.pos) AS "lastPos",
    (count(*) FILTER (WHERE win.pos >= $2))::int AS "newerSeen",
    min(win.time) AS "firstTime", max(win.time) AS "lastTime"
  FROM win
  JOIN group_runs gr ON gr.run_id = win.id
  JOIN groups g ON g.id = gr.group_id`;

export async function historyQuery(
  db: ClientBase,
  query: HistoryQuery = {},
): Promise<HistoryResult> {
  const window = await windowOf(db, query.since);
  if (window.runs === 0) return { runs: 0, groups: [] };
  const { rows } = await db.query<AggregateRow>(`${WINDOW} ${AGGREGATE} GROUP BY g.id`, [
    window.since,
    newerFrom(window),
  ]);
  const earlier = await earlierSightings(db, window);
  return {
    runs: window.runs,
    groups: rows.map((row) => historyOf(row, window, earlier.get(row.groupId))).sort(byFlakiness),
  };
}

export async function groupRunsQuery(db: ClientBase, id: string): Promise<GroupRuns | null> {
  const groupId = await resolveGroup(db, id);
  if (groupId === null) return null;
  const window = await windowOf(db, undefined);
  const { rows } = await db.query<AggregateRow>(
    `${WINDOW} ${AGGREGATE} WHERE gr.group_id = $3 GROUP BY g.id`,
    [window.since, newerFrom(window), groupId],
  );
  const row = rows[0];
  if (row === undefined) return null;
  const runs = await db.query<GroupRuns['runs'][number]>(
    `SELECT r.name, r.time, r.commit_sha AS "commit", r.branch, r.job, gr.reports
     FROM group_runs gr JOIN runs r ON r.id = gr.run_id
     WHERE gr.group_id = $1 ORDER BY r.time DESC, r.id DESC`,
    [groupId],
  );
  return { group: historyOf(row, window, undefined), totalRuns: window.runs, runs: runs.rows };
}

export async function baselineQuery(
  db: ClientBase,
  baseline: string,
  store: string,
): Promise<BaselineResult> {
  const branchRuns = await single<number>(
    db,
    'SELECT count(*)::int AS v FROM runs WHERE branch = $1',
    [baseline],
  );
  if (branchRuns !== undefined && branchRuns > 0) {
    const { rows } = await db.query<{ signature: string }>(
      `SELECT DISTINCT g.signature FROM runs r
       JOIN group_runs gr ON gr.run_id = r.id JOIN groups g ON g.id = gr.group_id
       WHERE r.branch = $1`,
      [baseline],
    );
    return { kind: 'branch', runs: branchRuns, signatures: new Set(rows.map((r) => r.signature)) };
  }
  const runId = await single<number>(db, 'SELECT id AS v FROM runs WHERE name = $1', [baseline]);
  if (runId === undefined) {
    const { rows } = await db.query<{ branch: string }>(
      'SELECT DISTINCT branch FROM runs WHERE branch IS NOT NULL ORDER BY branch LIMIT 11',
    );
    throw new StoreError(
      unknownBaselineMessage(
        baseline,
        store,
        rows.map((r) => r.branch),
      ),
    );
  }
  const { rows } = await db.query<{ signature: string }>(
    `SELECT g.signature FROM group_runs gr JOIN groups g ON g.id = gr.group_id
     WHERE gr.run_id = $1`,
    [runId],
  );
  return { kind: 'run', runs: 1, signatures: new Set(rows.map((r) => r.signature)) };
}

/** Per signature the store has seen: in how many runs, and the time of the first (one query). */
export async function seenBeforeQuery(
  db: ClientBase,
  signatures: readonly string[],
): Promise<Map<string, SeenBefore>> {
  const { rows } = await db.query<{ signature: string; runs: number; since: string }>(
    `SELECT g.signature, count(*)::int AS runs, min(r.time) AS since FROM groups g
     JOIN group_runs gr ON gr.group_id = g.id JOIN runs r ON r.id = gr.run_id
     WHERE g.signature = ANY($1::text[]) GROUP BY g.signature`,
    [[...new Set(signatures)]],
  );
  return new Map(rows.map((row) => [row.signature, { runs: row.runs, since: row.since }]));
}

async function windowOf(db: ClientBase, since: string | undefined): Promise<HistoryWindow> {
  let bound = '';
  if (since !== undefined) {
    const normalized = normalizeSince(since);
    if (normalized === null)
      throw new RangeError(`since: '${since}' is not an ISO date or date-time`);
    bound = normalized;
  }
  const runs = await single<number>(db, 'SELECT count(*)::int AS v FROM runs WHERE time >= $1', [
    bound,
  ]);
  return { since: bound, runs: runs ?? 0 };
}

/** Per group seen before the window: its first sighting. Empty when the window is all runs. */
async function earlierSightings(
  db: ClientBase,
  window: HistoryWindow,
): Promise<ReadonlyMap<number, string>> {
  if (window.since === '') return new Map();
  const { rows } = await db.query<{ groupId: number; firstTime: string }>(
    `SELECT gr.group_id AS "groupId", min(r.time) AS "firstTime"
     FROM runs r JOIN group_runs gr ON gr.run_id = r.id
     WHERE r.time < $1 GROUP BY gr.group_id`,
    [window.since],
  );
  return new Map(rows.map((row) => [row.groupId, row.firstTime]));
}

/** The groups.id that `id` names, or null; StoreError for a prefix too short or ambiguous. */
async function resolveGroup(db: ClientBase, id: string): Promise<number | null> {
  const exact = await single<number>(db, 'SELECT id AS v FROM groups WHERE signature = $1', [id]);
  if (exact !== undefined) return exact;
  const prefix = idPrefix(id);
  if (prefix === null) return null;
  const { rows } = await db.query<{ id: number; shortId: string }>(
    `SELECT id, short_id AS "shortId" FROM groups
     WHERE short_id >= $1 AND short_id < $2 ORDER BY short_id LIMIT 6`,
    [prefix, `${prefix}g`],
  );
  return onlyMatch(id, rows)?.id ?? null;
}

/** The column `v` of the first row, if any. */
async function single<T>(
  db: ClientBase,
  sql: string,
  params: readonly unknown[],
): Promise<T | undefined> {
  const { rows } = await db.query<{ v: T }>(sql, [...params]);
  return rows[0]?.v;
}
