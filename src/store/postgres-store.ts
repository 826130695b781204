import pg from 'pg';
import type { DecisionEntry, NewDecision } from '../decide/decision.js';
import type { TriageResult } from '../triage/triage.js';
import {
  type BuiltQuery,
  type GroupListPage,
  type GroupListQuery,
  type GroupPageRow,
  groupListOneSql,
  groupReportSql,
  groupSummaryOf,
  type RunGroups,
  type RunListPage,
  type RunListQuery,
  type RunSummary,
  runGroupOf,
  runGroupsSql,
  runListSql,
  runSql,
} from './browse.js';
import { browseSince } from './browse-since.js';
import type { GroupRef } from './decision-rows.js';
import {
  addDecisionQuery,
  aliasSignatureQuery,
  decidedSignaturesQuery,
  decisionHistoryQuery,
  findGroupQuery,
} from './postgres-decisions.js';
import {
  connectError,
  type PostgresTarget,
  postgresStoreError,
  postgresTarget,
} from './postgres-errors.js';
import {
  baselineQuery,
  groupRunsQuery,
  historyQuery,
  seenBeforeQuery,
} from './postgres-queries.js';
import { MIGRATION_LOCK, POSTGRES_MIGRATIONS } from './postgres-schema.js';
import { planRecord } from './record-plan.js';
import {
  type BaselineResult,
  type Clock,
  type GroupRuns,
  type HistoryQuery,
  type HistoryResult,
  type InputInfo,
  type NewToken,
  type RecordOutcome,
  type RunInfo,
  type SeenBefore,
  type Store,
  type StoredRun,
  StoreError,
  type TokenInfo,
} from './store.js';
import type { StoreLocation } from './store-location.js';
import { TOKEN_COLUMNS, type TokenRow, tokenOf, tokenTakenMessage } from './token-rows.js';

/** Connections per process: an ingest uses one at a time; `run -j N` a few. */
const POOL_SIZE = 4;
const CONNECT_TIMEOUT_MS = 10_000;
/** A transaction that lost a deadlock or a serialization race is tried again this often. */
const ATTEMPTS = 5;
/** SQLSTATEs worth a retry: serialization failure, deadlock detected. */
const RETRYABLE = new Set(['40001', '40P01']);

type Client = pg.PoolClient;

/**
 * The PostgreSQL store, for a team: many CI runners and machines ingesting into one database.
 * Every write is one transaction; groups are made with `INSERT ... ON CONFLICT` (no "find,
 * then insert" race), inputs are unique per run (two runners sending the same log at the same
 * moment record it once), and each input's rows go in a handful of statements whatever its
 * size (arrays through `unnest`), so a store across the network stays fast.
 */
export class PostgresStore implements Store {
  private constructor(
    private readonly pool: pg.Pool,
    private readonly target: PostgresTarget,
    private readonly clock: Clock,
  ) {}

  get location(): string {
    return this.target.display;
  }

  /** Opens the store (with `create`, making its tables); null when there is none to read. */
  static async open(
    url: string,
    display: string,
    options: { readonly create: boolean; readonly readonly: boolean; readonly clock: Clock },
  ): Promise<PostgresStore | null> {
    const target = postgresTarget(url, display);
    const pool = new pg.Pool({
      connectionString: url,
      max: POOL_SIZE,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      application_name: 'racelens',
    });
    // An idle connection the server drops must not crash the process; the next query says so.
    pool.on('error', () => undefined);
    const store = new PostgresStore(pool, target, options.clock);
    try {
      const state = await store.state();
      if (state.kind === 'empty' && !options.create) {
        await pool.end();
        return null;
      }
      if (state.version < POSTGRES_MIGRATIONS.length) {
        if (options.readonly)
          throw new StoreError(
            `the store ${display} is from an older racelens; run 'racelens ingest' once to upgrade it`,
          );
        await store.migrate();
      }
      return store;
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw postgresStoreError(error, target) ?? error;
    }
  }

  async openRun(run: RunInfo): Promise<StoredRun> {
    return this.transaction(async (db) => {
      const { rows } = await db.query<RunRow>(
        `INSERT INTO runs (name, time, commit_sha, branch, job, meta)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (name) DO UPDATE SET
           commit_sha = coalesce(runs.commit_sha, excluded.commit_sha),
           branch = coalesce(runs.branch, excluded.branch),
           job = coalesce(runs.job, excluded.job),
           meta = (excluded.meta::jsonb || runs.meta::jsonb)::text
         RETURNING *`,
        [run.name, this.now(), run.commit, run.branch, run.job, JSON.stringify(run.meta)],
      );
      const row = rows[0];
      if (row === undefined) throw new Error('INSERT ... RETURNING gave no run');
      return storedRun(row);
    });
  }

  async recordInput(
    run: StoredRun,
    input: InputInfo,
    result: TriageResult,
  ): Promise<RecordOutcome> {
    const plan = planRecord(result);
    const signatures = plan.groups.map((g) => g.signature);
    return this.transaction(async (db): Promise<RecordOutcome> => {
      // A second writer of the same input waits here for the first to commit, then skips.
      const inserted = await db.query<{ id: number }>(
        `INSERT INTO inputs (run_id, sha256, name, bytes, reports, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (run_id, sha256) DO NOTHING RETURNING id`,
        [run.id, input.sha256, input.name, input.bytes, plan.reports, this.now()],
      );
      const inputId = inserted.rows[0]?.id;
      if (inputId === undefined) return { status: 'duplicate' };
      // New groups (in signature order, one lock order for all writers), then all their ids.
      const fresh = await db.query<{ id: number; signature: string }>(
        `INSERT INTO groups (signature, short_id, kind, title, first_seen, last_seen)
         SELECT s, i, k, t, $5, $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
           WITH ORDINALITY AS u(s, i, k, t, n) ORDER BY n
         ON CONFLICT (signature) DO NOTHING RETURNING id, signature`,
        [
          signatures,
          plan.groups.map((g) => g.shortId),
          plan.groups.map((g) => g.kind),
          plan.groups.map((g) => g.title),
          run.time,
        ],
      );
      const ids = new Map<string, number>();
      const { rows } = await db.query<{ id: number; signature: string }>(
        'SELECT id, signature FROM groups WHERE signature = ANY($1::text[])',
        [signatures],
      );
      for (const row of rows) ids.set(row.signature, row.id);
      const idOf = (signature: string): number => {
        const id = ids.get(signature);
        if (id === undefined) throw new Error(`group ${signature} vanished during an ingest`);
        return id;
      };
      const freshSignatures = new Set(fresh.rows.map((r) => r.signature));
      const freshGroups = plan.groups.filter((g) => freshSignatures.has(g.signature));
      if (freshGroups.length > 0)
        await db.query(
          `INSERT INTO reports (group_id, parsed) SELECT * FROM unnest($1::int[], $2::text[])
           ON CONFLICT DO NOTHING`,
          [freshGroups.map((g) => idOf(g.signature)), freshGroups.map((g) => g.report)],
        );
      // Only rows whose times move are locked (in id order): most inputs move none.
      const known = plan.groups.filter((g) => !freshSignatures.has(g.signature));
      if (known.length > 0)
        await db.query(
          `UPDATE groups SET first_seen = least(first_seen, $2), last_seen = greatest(last_seen, $2)
           WHERE id = ANY($1::int[]) AND (first_seen > $2 OR last_seen < $2)`,
          [known.map((g) => idOf(g.signature)).sort((a, b) => a - b), run.time],
        );
      const groupIds: number[] = [];
      const lines: number[] = [];
      for (const group of plan.groups) {
        const id = idOf(group.signature);
        for (const line of group.lines) {
          groupIds.push(id);
          lines.push(line);
        }
      }
      await db.query(
        `INSERT INTO occurrences (group_id, run_id, input_id, line)
         SELECT g, $2, $3, l FROM unnest($1::int[], $4::int[]) AS u(g, l)`,
        [groupIds, run.id, inputId, lines],
      );
      const counts = plan.groups
        .map((g) => [idOf(g.signature), g.lines.length] as const)
        .sort((a, b) => a[0] - b[0]);
      await db.query(
        `INSERT INTO group_runs (group_id, run_id, reports)
         SELECT g, $2, c FROM unnest($1::int[], $3::int[]) WITH ORDINALITY AS u(g, c, n) ORDER BY n
         ON CONFLICT (group_id, run_id) DO UPDATE SET reports = group_runs.reports + excluded.reports`,
        [counts.map((c) => c[0]), run.id, counts.map((c) => c[1])],
      );
      return {
        status: 'recorded',
        groups: plan.groups.length,
        reports: plan.reports,
        newGroups: freshGroups.length,
      };
    });
  }

  async history(query: HistoryQuery): Promise<HistoryResult> {
    return this.read((db) => historyQuery(db, query));
  }

  async groupRuns(id: string): Promise<GroupRuns | null> {
    return this.read((db) => groupRunsQuery(db, id));
  }

  async baselineSignatures(baseline: string): Promise<BaselineResult> {
    return this.read((db) => baselineQuery(db, baseline, this.location));
  }

  async seenBefore(signatures: readonly string[]): Promise<ReadonlyMap<string, SeenBefore>> {
    return this.read((db) => seenBeforeQuery(db, signatures));
  }

  async listGroups(query: GroupListQuery): Promise<GroupListPage> {
    const list = groupListOneSql('postgres', query, browseSince(query.since));
    const rows = await this.statement((db) => rowsOf<GroupPageRow>(db, list));
    return {
      total: rows[0]?.total ?? 0,
      // A page past the end is the one row of nulls the LEFT JOIN keeps for the total.
      groups: rows.filter((row) => row.id !== null).map(groupSummaryOf),
    };
  }

  async groupReport(signature: string): Promise<string | null> {
    const rows = await this.read((db) =>
      rowsOf<{ parsed: string }>(db, groupReportSql('postgres', signature)),
    );
    return rows[0]?.parsed ?? null;
  }

  async listRuns(query: RunListQuery): Promise<RunListPage> {
    const { page, total } = runListSql('postgres', query);
    return this.read(async (db) => ({
      total: (await rowsOf<{ n: number }>(db, total))[0]?.n ?? 0,
      runs: await rowsOf<RunSummary>(db, page),
    }));
  }

  async runGroups(name: string): Promise<RunGroups | null> {
    return this.read(async (db) => {
      const run = (await rowsOf<RunSummary>(db, runSql('postgres', name)))[0];
      if (run === undefined) return null;
      const rows = await rowsOf<Parameters<typeof runGroupOf>[0]>(
        db,
        runGroupsSql('postgres', name),
      );
      return { run, groups: rows.map(runGroupOf) };
    });
  }

  async createToken(token: NewToken): Promise<TokenInfo> {
    const rows = await this.transaction(
      async (db) =>
        (
          await db.query<TokenRow>(
            `INSERT INTO tokens (name, scopes, hash, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING RETURNING ${TOKEN_COLUMNS}`,
            [token.name, JSON.stringify(token.scopes), token.hash, this.now()],
          )
        ).rows,
    );
    const row = rows[0];
    if (row === undefined) throw new StoreError(tokenTakenMessage(token.name));
    return tokenOf(row);
  }

  async listTokens(): Promise<readonly TokenInfo[]> {
    const rows = await this.read(
      async (db) =>
        (await db.query<TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM tokens ORDER BY id`)).rows,
    );
    return rows.map(tokenOf);
  }

  async revokeToken(name: string): Promise<boolean> {
    const changed = await this.transaction(
      async (db) =>
        (
          await db.query(
            'UPDATE tokens SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL',
            [this.now(), name],
          )
        ).rowCount ?? 0,
    );
    return changed > 0;
  }

  async tokenByHash(hash: string): Promise<TokenInfo | null> {
    const rows = await this.statement(
      async (db) =>
        (
          await db.query<TokenRow>(
            `SELECT ${TOKEN_COLUMNS} FROM tokens WHERE hash = $1 AND revoked_at IS NULL`,
            [hash],
          )
        ).rows,
    );
    const row = rows[0];
    return row === undefined ? null : tokenOf(row);
  }

  async addDecision(entry: NewDecision): Promise<DecisionEntry> {
    return this.transaction((db) => addDecisionQuery(db, entry, entry.at ?? this.now()));
  }

  async decisionHistory(signatures?: readonly string[]): Promise<DecisionEntry[]> {
    // One statement: the server asks on every groups list.
    return this.statement((db) => decisionHistoryQuery(db, signatures));
  }

  async findGroup(id: string): Promise<GroupRef | null> {
    return this.read((db) => findGroupQuery(db, id));
  }

  async aliasSignature(from: string, to: string): Promise<void> {
    await this.transaction((db) => aliasSignatureQuery(db, from, to));
  }

  async decidedSignatures(): Promise<string[]> {
    return this.read((db) => decidedSignaturesQuery(db));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private now(): string {
    return this.clock().toISOString();
  }

  /**
   * A read of one statement, which is its own snapshot: no BEGIN and COMMIT round trips, for
   * what the server reads on most requests.
   */
  private async statement<T>(work: (db: Client) => Promise<T>): Promise<T> {
    let db: Client;
    try {
      db = await this.pool.connect();
    } catch (error) {
      throw connectError(error, this.target);
    }
    let failed = false;
    try {
      return await work(db);
    } catch (error) {
      failed = true;
      throw postgresStoreError(error, this.target) ?? error;
    } finally {
      // After an error the connection may be broken: dropped, not given to the next read.
      db.release(failed);
    }
  }

  /** One snapshot for all the statements of a read. */
  private read<T>(work: (db: Client) => Promise<T>): Promise<T> {
    return this.transaction(work, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  /**
   * Runs `work` in one transaction on one connection, again when it lost a deadlock; errors
   * of the server (unreachable, refused, permissions) become one-line StoreErrors.
   */
  private async transaction<T>(work: (db: Client) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      let db: Client;
      try {
        db = await this.pool.connect();
      } catch (error) {
        throw connectError(error, this.target);
      }
      let broken = false;
      try {
        await db.query(begin);
        const result = await work(db);
        await db.query('COMMIT');
        return result;
      } catch (error) {
        await db.query('ROLLBACK').catch(() => {
          broken = true;
        });
        const code = (error as { code?: unknown }).code;
        if (typeof code === 'string' && RETRYABLE.has(code) && attempt < ATTEMPTS) continue;
        throw postgresStoreError(error, this.target) ?? error;
      } finally {
        db.release(broken);
      }
    }
  }

  /** What the database holds: racelens's tables (at a version), nothing, or another's tables. */
  private async state(): Promise<{ kind: 'ours' | 'empty'; version: number }> {
    return this.transaction(async (db) => {
      const { rows } = await db.query<{ ours: boolean; tables: number; schema: string | null }>(
        `SELECT to_regclass('racelens_schema') IS NOT NULL AS ours, current_schema() AS schema,
           (SELECT count(*)::int FROM pg_tables WHERE schemaname = current_schema()) AS tables`,
      );
      const found = rows[0] ?? { ours: false, tables: 0, schema: null };
      if (!found.ours) {
        if (found.tables > 0)
          throw new StoreError(
            `${this.location} is a PostgreSQL database of another program, not a racelens store (its schema ${found.schema ?? '?'} has tables of its own); racelens leaves it as it is: create a database for racelens (createdb racelens) and name it in the URL`,
          );
        return { kind: 'empty', version: 0 };
      }
      const version = await db.query<{ v: number | null }>(
        'SELECT max(version) AS v FROM racelens_schema',
      );
      const newest = version.rows[0]?.v ?? 0;
      if (newest > POSTGRES_MIGRATIONS.length)
        throw new StoreError(
          `the store ${this.location} was written by a newer racelens (schema ${newest}, this one knows ${POSTGRES_MIGRATIONS.length}); upgrade racelens`,
        );
      return { kind: 'ours', version: newest };
    });
  }

  /** Applies the migrations the database lacks, one opener at a time (an advisory lock). */
  private async migrate(): Promise<void> {
    await this.transaction(async (db) => {
      await db.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      // Another opener may have migrated while this one waited for the lock.
      // pg_tables, not to_regclass: a catalog scan sees what the opener before committed.
      const made = await db.query<{ ours: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM pg_tables
           WHERE schemaname = current_schema() AND tablename = 'racelens_schema') AS ours`,
      );
      let from = 0;
      if (made.rows[0]?.ours) {
        const { rows } = await db.query<{ v: number | null }>(
          'SELECT max(version) AS v FROM racelens_schema',
        );
        from = rows[0]?.v ?? 0;
      }
      for (let version = from; version < POSTGRES_MIGRATIONS.length; version++) {
        const sql = POSTGRES_MIGRATIONS[version] ?? '';
        if (sql.trim() !== '') await db.query(sql);
        await db.query('INSERT INTO racelens_schema (version, applied_at) VALUES ($1, $2)', [
          version + 1,
          this.now(),
        ]);
      }
    });
  }
}

async function rowsOf<T extends object>(db: Client, query: BuiltQuery): Promise<T[]> {
  return (await db.query<T>(query.sql, query.params)).rows;
}

interface RunRow {
  readonly id: number;
  readonly name: string;
  readonly time: string;
  readonly commit_sha: string | null;
  readonly branch: string | null;
  readonly job: string | null;
  readonly meta: string;
}

function storedRun(row: RunRow): StoredRun {
  return {
    id: row.id,
    name: row.name,
    time: row.time,
    commit: row.commit_sha,
    branch: row.branch,
    job: row.job,
    meta: JSON.parse(row.meta) as Record<string, string>,
  };
}

/** The factory's entry for `postgres://` and `postgresql://` locations. */
export function openPostgresStore(
  location: Extract<StoreLocation, { engine: 'postgres' }>,
  options: { readonly create: boolean; readonly readonly: boolean; readonly clock: Clock },
): Promise<PostgresStore | null> {
  return PostgresStore.open(location.url, location.display, options);
}
