import type BetterSqlite3 from 'better-sqlite3';
import type { DecisionEntry, NewDecision } from '../decide/decision.js';
import type { TriageResult } from '../triage/triage.js';
import {
  type BuiltQuery,
  type GroupListPage,
  type GroupListQuery,
  type GroupPageRow,
  groupListSql,
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
import { planRecord } from './record-plan.js';
import {
  addDecisionQuery,
  aliasSignatureQuery,
  decidedSignaturesQuery,
  decisionHistoryQuery,
  findGroupQuery,
} from './sqlite-decisions.js';
import { damagedOrRethrow } from './sqlite-errors.js';
import { baselineQuery, groupRunsQuery, historyQuery, seenBeforeQuery } from './sqlite-queries.js';
import { APPLICATION_ID, MIGRATIONS } from './sqlite-schema.js';
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
import { TOKEN_COLUMNS, type TokenRow, tokenOf, tokenTakenMessage } from './token-rows.js';

type Database = BetterSqlite3.Database;

/** How long a writer waits for another process's transaction before giving up. */
const BUSY_TIMEOUT_MS = 60_000;

export interface SqliteOpenOptions {
  readonly create: boolean;
  readonly readonly: boolean;
  readonly clock: Clock;
}

/**
 * The SQLite store. WAL so readers never wait for the writer; a busy timeout and `BEGIN
 * IMMEDIATE` transactions so that several processes ingesting at once queue up instead of
 * failing with "database is locked" (a deferred transaction that upgrades to a write can
 * deadlock with another and fail at once, whatever the timeout). better-sqlite3 is
 * synchronous: the methods are async for the interface, and each does its work in one go.
 */
export class SqliteStore implements Store {
  private constructor(
    private readonly db: Database,
    readonly location: string,
    private readonly clock: Clock,
  ) {}

  /**
   * Opens (and with `create`, makes) a store; runs pending migrations. The caller has checked
   * that an existing file is an SQLite database (sqlite-file.ts).
   */
  static open(Driver: typeof BetterSqlite3, path: string, options: SqliteOpenOptions): SqliteStore {
    let db: Database;
    try {
      db = new Driver(path, { fileMustExist: !options.create, readonly: options.readonly });
    } catch (error) {
      throw new StoreError(`cannot open the store ${path}: ${describe(error)}`);
    }
    try {
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      checkIdentity(db, path);
      if (!options.readonly) {
        if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.pragma('foreign_keys = ON');
        migrate(db, path, options.clock);
      } else if (schemaVersion(db) < MIGRATIONS.length) {
        throw new StoreError(
          `the store ${path} is from an older racelens; run 'racelens ingest' once to upgrade it`,
        );
      }
    } catch (error) {
      db.close();
      if (error instanceof StoreError) throw error;
      damagedOrRethrow(error, path);
      throw new StoreError(`the store ${path} cannot be used: ${describe(error)}`);
    }
    return new SqliteStore(db, path, options.clock);
  }

  async openRun(run: RunInfo): Promise<StoredRun> {
    const upsert = this.db.transaction(
      (info: RunInfo) =>
        this.db
          .prepare<Record<string, string | null>, RunRow>(
            `INSERT INTO runs (name, time, commit_sha, branch, job, meta)
           VALUES (@name, @time, @commit, @branch, @job, @meta)
           ON CONFLICT (name) DO UPDATE SET
             commit_sha = coalesce(runs.commit_sha, excluded.commit_sha),
             branch = coalesce(runs.branch, excluded.branch),
             job = coalesce(runs.job, excluded.job),
             meta = json_patch(excluded.meta, runs.meta)
           RETURNING *`,
          )
          .get({
            name: info.name,
            time: this.clock().toISOString(),
            commit: info.commit,
            branch: info.branch,
            job: info.job,
            meta: JSON.stringify(info.meta),
          }) as RunRow,
    );
    return this.guard(() => storedRun(upsert.immediate(run)));
  }

  async recordInput(
    run: StoredRun,
    input: InputInfo,
    result: TriageResult,
  ): Promise<RecordOutcome> {
    const plan = planRecord(result);
    const db = this.db;
    const record = db.transaction((): RecordOutcome => {
      const inputId = db
        .prepare<unknown[], number>(
          `INSERT INTO inputs (run_id, sha256, name, bytes, reports, recorded_at)
           VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (run_id, sha256) DO NOTHING RETURNING id`,
        )
        .pluck()
        .get(run.id, input.sha256, input.name, input.bytes, plan.reports, this.now());
      if (inputId === undefined) return { status: 'duplicate' };
      const signatures = JSON.stringify(plan.groups.map((g) => g.signature));
      // Under BEGIN IMMEDIATE no other writer runs: what is not there now is new.
      const known = new Set(
        db
          .prepare<[string], string>(
            'SELECT signature FROM groups WHERE signature IN (SELECT value FROM json_each(?))',
          )
          .pluck()
          .all(signatures),
      );
      const ids = new Map<string, number>();
      const upserted = db
        .prepare<{ rows: string; time: string }, { id: number; signature: string }>(
          `INSERT INTO groups (signature, short_id, kind, title, first_seen, last_seen)
           SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, @time, @time
           FROM json_each(@rows) WHERE true
           ON CONFLICT (signature) DO UPDATE SET
             first_seen = min(groups.first_seen, excluded.first_seen),
             last_seen = max(groups.last_seen, excluded.last_seen)
           RETURNING id, signature`,
        )
        .all({
          rows: JSON.stringify(plan.groups.map((g) => [g.signature, g.shortId, g.kind, g.title])),
          time: run.time,
        });
      for (const row of upserted) ids.set(row.signature, row.id);
      const idOf = (signature: string) => ids.get(signature) ?? -1;
      const fresh = plan.groups.filter((g) => !known.has(g.signature));
      db.prepare<[string]>(
        `INSERT INTO reports (group_id, parsed) SELECT value ->> 0, value ->> 1 FROM json_each(?)
         WHERE true ON CONFLICT DO NOTHING`,
      ).run(JSON.stringify(fresh.map((g) => [idOf(g.signature), g.report])));
      const occurrences: number[][] = [];
      for (const group of plan.groups) {
        const id = idOf(group.signature);
        for (const line of group.lines) occurrences.push([id, line]);
      }
      db.prepare<{ run: number; input: number; rows: string }>(
        `INSERT INTO occurrences (group_id, run_id, input_id, line)
         SELECT value ->> 0, @run, @input, value ->> 1 FROM json_each(@rows)`,
      ).run({ run: run.id, input: inputId, rows: JSON.stringify(occurrences) });
      db.prepare<{ run: number; rows: string }>(
        `INSERT INTO group_runs (group_id, run_id, reports)
         SELECT value ->> 0, @run, value ->> 1 FROM json_each(@rows) WHERE true
         ON CONFLICT (group_id, run_id) DO UPDATE SET reports = group_runs.reports + excluded.reports`,
      ).run({
        run: run.id,
        rows: JSON.stringify(plan.groups.map((g) => [idOf(g.signature), g.lines.length])),
      });
      return {
        status: 'recorded',
        groups: plan.groups.length,
        reports: plan.reports,
        newGroups: fresh.length,
      };
    });
    return this.guard(() => record.immediate());
  }

  async history(query: HistoryQuery): Promise<HistoryResult> {
    return this.guard(() => historyQuery(this.db, query));
  }

  async groupRuns(id: string): Promise<GroupRuns | null> {
    return this.guard(() => groupRunsQuery(this.db, id));
  }

  async baselineSignatures(baseline: string): Promise<BaselineResult> {
    return this.guard(() => baselineQuery(this.db, baseline));
  }

  async seenBefore(signatures: readonly string[]): Promise<ReadonlyMap<string, SeenBefore>> {
    return this.guard(() => seenBeforeQuery(this.db, signatures));
  }

  async listGroups(query: GroupListQuery): Promise<GroupListPage> {
    const { page, total } = groupListSql('sqlite', query, browseSince(query.since));
    return this.guard(() =>
      this.db.transaction(() => ({
        total: this.all<{ n: number }>(total)[0]?.n ?? 0,
        groups: this.all<GroupPageRow>(page).map(groupSummaryOf),
      }))(),
    );
  }

  async groupReport(signature: string): Promise<string | null> {
    const rows = this.guard(() =>
      this.all<{ parsed: string }>(groupReportSql('sqlite', signature)),
    );
    return rows[0]?.parsed ?? null;
  }

  async listRuns(query: RunListQuery): Promise<RunListPage> {
    const { page, total } = runListSql('sqlite', query);
    return this.guard(() =>
      this.db.transaction(() => ({
        total: this.all<{ n: number }>(total)[0]?.n ?? 0,
        runs: this.all<RunSummary>(page),
      }))(),
    );
  }

  async runGroups(name: string): Promise<RunGroups | null> {
    return this.guard(() =>
      this.db.transaction(() => {
        const run = this.all<RunSummary>(runSql('sqlite', name))[0];
        if (run === undefined) return null;
        const rows = this.all<Parameters<typeof runGroupOf>[0]>(runGroupsSql('sqlite', name));
        return { run, groups: rows.map(runGroupOf) };
      })(),
    );
  }

  async createToken(token: NewToken): Promise<TokenInfo> {
    const row = this.guard(() =>
      this.db
        .prepare<unknown[], TokenRow>(
          `INSERT INTO tokens (name, scopes, hash, created_at) VALUES (?, ?, ?, ?)
           ON CONFLICT DO NOTHING RETURNING ${TOKEN_COLUMNS}`,
        )
        .get(token.name, JSON.stringify(token.scopes), token.hash, this.now()),
    );
    if (row === undefined) throw new StoreError(tokenTakenMessage(token.name));
    return tokenOf(row);
  }

  async listTokens(): Promise<readonly TokenInfo[]> {
    return this.guard(() =>
      this.db
        .prepare<[], TokenRow>(`SELECT ${TOKEN_COLUMNS} FROM tokens ORDER BY id`)
        .all()
        .map(tokenOf),
    );
  }

  async revokeToken(name: string): Promise<boolean> {
    const result = this.guard(() =>
      this.db
        .prepare('UPDATE tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL')
        .run(this.now(), name),
    );
    return result.changes > 0;
  }

  async tokenByHash(hash: string): Promise<TokenInfo | null> {
    const row = this.guard(() =>
      this.db
        .prepare<[string], TokenRow>(
          `SELECT ${TOKEN_COLUMNS} FROM tokens WHERE hash = ? AND revoked_at IS NULL`,
        )
        .get(hash),
    );
    return row === undefined ? null : tokenOf(row);
  }

  async addDecision(entry: NewDecision): Promise<DecisionEntry> {
    const add = this.db.transaction(() => addDecisionQuery(this.db, entry, entry.at ?? this.now()));
    return this.guard(() => add.immediate());
  }

  async decisionHistory(signatures?: readonly string[]): Promise<DecisionEntry[]> {
    return this.guard(() => decisionHistoryQuery(this.db, signatures));
  }

  async findGroup(id: string): Promise<GroupRef | null> {
    return this.guard(() => findGroupQuery(this.db, id));
  }

  async aliasSignature(from: string, to: string): Promise<void> {
    const alias = this.db.transaction(() => aliasSignatureQuery(this.db, from, to));
    this.guard(() => alias.immediate());
  }

  async decidedSignatures(): Promise<string[]> {
    return this.guard(() => decidedSignaturesQuery(this.db));
  }

  async close(): Promise<void> {
    this.db.close();
  }

  private all<T>(query: BuiltQuery): T[] {
    return this.db.prepare<unknown[], T>(query.sql).all(...query.params);
  }

  private now(): string {
    return this.clock().toISOString();
  }

  /** Damaged pages found by a query are the store's fault, said in one line: not a crash. */
  private guard<T>(work: () => T): T {
    try {
      return work();
    } catch (error) {
      damagedOrRethrow(error, this.location);
      throw error;
    }
  }
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

/**
 * The store's schema version: the newest row of `racelens_schema`, or `PRAGMA user_version`
 * for a store of version 1 (which has no such table), whichever is larger.
 */
function schemaVersion(db: Database): number {
  const pragma = Number(db.pragma('user_version', { simple: true }));
  const hasTable = db
    .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'racelens_schema'")
    .get();
  if (!hasTable) return pragma;
  const newest = db
    .prepare<[], number | null>('SELECT max(version) FROM racelens_schema')
    .pluck()
    .get();
  return Math.max(pragma, newest ?? 0);
}

/**
 * A file that is an SQLite database but not ours (another program's, with tables of its own)
 * is refused: racelens would otherwise add its tables to it. So is one of a newer racelens.
 */
function checkIdentity(db: Database, path: string): void {
  const applicationId = Number(db.pragma('application_id', { simple: true }));
  if (applicationId === APPLICATION_ID) {
    const version = schemaVersion(db);
    if (version > MIGRATIONS.length)
      throw new StoreError(
        `the store ${path} was written by a newer racelens (schema ${version}, this one knows ${MIGRATIONS.length}); upgrade racelens`,
      );
    return;
  }
  const tables = db
    .prepare<[], number>("SELECT count(*) FROM sqlite_schema WHERE type = 'table'")
    .pluck()
    .get();
  if (applicationId !== 0 || (tables ?? 0) > 0)
    throw new StoreError(
      `${path} is an SQLite database of another program, not a racelens store; racelens leaves it as it is: pass --db with another path`,
    );
}

/** Runs the migrations the file lacks, all in one immediate transaction (racing openers queue). */
function migrate(db: Database, path: string, clock: Clock): void {
  const run = db.transaction(() => {
    const from = schemaVersion(db);
    if (from === 0) {
      checkIdentity(db, path);
      db.pragma(`application_id = ${APPLICATION_ID}`);
    }
    for (let version = from; version < MIGRATIONS.length; version++) {
      db.exec(MIGRATIONS[version] ?? '');
      db.pragma(`user_version = ${version + 1}`);
    }
    // From version 2 on, every version applied is a row; a store upgraded from 1 gets both.
    const record = db.prepare(
      'INSERT OR IGNORE INTO racelens_schema (version, applied_at) VALUES (?, ?)',
    );
    for (let version = 1; version <= MIGRATIONS.length; version++)
      record.run(version, clock().toISOString());
  });
  if (schemaVersion(db) < MIGRATIONS.length) run.immediate();
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
