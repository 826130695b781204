import type BetterSqlite3 from 'better-sqlite3';
import type { TriageResult } from '../triage/triage.js';
import { APPLICATION_ID, MIGRATIONS } from './sqlite-schema.js';
import {
  type BaselineResult,
  type GroupRuns,
  type HistoryQuery,
  type HistoryResult,
  type InputInfo,
  type RecordOutcome,
  type RunInfo,
  type SeenBefore,
  type Store,
  type StoredRun,
  StoreError,
} from './store.js';

type Database = BetterSqlite3.Database;

/** How long a writer waits for another process's transaction before giving up. */
const BUSY_TIMEOUT_MS = 60_000;

/** The read side, kept apart (sqlite-queries.ts) and handed in so the store stays one concept. */
export interface StoreQueries {
  history(db: Database, query: HistoryQuery): HistoryResult;
  groupRuns(db: Database, id: string): GroupRuns | null;
  baseline(db: Database, baseline: string): BaselineResult;
  seenBefore(db: Database, signatures: readonly string[]): Map<string, SeenBefore>;
}

/**
 * The SQLite store. WAL so readers never wait for the writer; a busy timeout and `BEGIN
 * IMMEDIATE` transactions so that several processes ingesting at once queue up instead of
 * failing with "database is locked" (a deferred transaction that upgrades to a write can
 * deadlock with another and fail at once, whatever the timeout).
 */
export class SqliteStore implements Store {
  private constructor(
    private readonly db: Database,
    private readonly path: string,
    private readonly queries: StoreQueries,
  ) {}

  /**
   * Opens (and with `create`, makes) a store; runs pending migrations. The caller has checked
   * that an existing file is an SQLite database (open-store.ts).
   */
  static open(
    Driver: typeof BetterSqlite3,
    path: string,
    options: {
      readonly create: boolean;
      readonly readonly: boolean;
      readonly queries: StoreQueries;
    },
  ): SqliteStore {
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
        migrate(db, path);
      } else if (userVersion(db) < MIGRATIONS.length) {
        throw new StoreError(
          `the store ${path} is from an older racelens; run 'racelens ingest' once to upgrade it`,
        );
      }
    } catch (error) {
      db.close();
      if (error instanceof StoreError) throw error;
      throw new StoreError(`the store ${path} cannot be used: ${describe(error)}`);
    }
    return new SqliteStore(db, path, options.queries);
  }

  openRun(run: RunInfo): StoredRun {
    const upsert = this.db.transaction((info: RunInfo) => {
      this.db
        .prepare(
          `INSERT INTO runs (name, time, commit_sha, branch, job, meta)
           VALUES (@name, @time, @commit, @branch, @job, @meta)
           ON CONFLICT (name) DO UPDATE SET
             commit_sha = coalesce(runs.commit_sha, excluded.commit_sha),
             branch = coalesce(runs.branch, excluded.branch),
             job = coalesce(runs.job, excluded.job),
             meta = json_patch(excluded.meta, runs.meta)`,
        )
        .run({
          name: info.name,
          time: new Date().toISOString(),
          commit: info.commit,
          branch: info.branch,
          job: info.job,
          meta: JSON.stringify(info.meta),
        });
      return this.db.prepare('SELECT * FROM runs WHERE name = ?').get(info.name) as RunRow;
    });
    const row = upsert.immediate(run);
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

  recordInput(run: StoredRun, input: InputInfo, result: TriageResult): RecordOutcome {
    const record = this.db.transaction((): RecordOutcome => {
      const seen = this.db
        .prepare('SELECT 1 FROM inputs WHERE run_id = ? AND sha256 = ?')
        .get(run.id, input.sha256);
      if (seen) return { status: 'duplicate' };
      const reports = result.totals.reports + result.totals.fragments;
      const { lastInsertRowid: inputId } = this.db
        .prepare(
          `INSERT INTO inputs (run_id, sha256, name, bytes, reports, recorded_at)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(run.id, input.sha256, input.name, input.bytes, reports, new Date().toISOString());
      const findGroup = this.db.prepare('SELECT id FROM groups WHERE signature = ?');
      const insertGroup = this.db.prepare(
        `INSERT INTO groups (signature, short_id, kind, title, first_seen, last_seen)
         VALUES (?, ?, ?, ?, ?, ?)`,
      );
      const touchGroup = this.db.prepare(
        `UPDATE groups SET first_seen = min(first_seen, @time), last_seen = max(last_seen, @time)
         WHERE id = @id`,
      );
      const insertReport = this.db.prepare('INSERT INTO reports (group_id, parsed) VALUES (?, ?)');
      const insertOccurrence = this.db.prepare(
        'INSERT INTO occurrences (group_id, run_id, input_id, line) VALUES (?, ?, ?, ?)',
      );
      const countRun = this.db.prepare(
        `INSERT INTO group_runs (group_id, run_id, reports) VALUES (?, ?, ?)
         ON CONFLICT (group_id, run_id) DO UPDATE SET reports = reports + excluded.reports`,
      );
      let newGroups = 0;
      for (const { group } of result.groups) {
        const signature = group.signature;
        let groupId = (findGroup.get(signature.text) as { id: number } | undefined)?.id;
        if (groupId === undefined) {
          newGroups++;
          groupId = Number(
            insertGroup.run(
              signature.text,
              signature.id,
              group.report.kind,
              signature.title,
              run.time,
              run.time,
            ).lastInsertRowid,
          );
          insertReport.run(groupId, JSON.stringify(group.report));
        } else {
          touchGroup.run({ time: run.time, id: groupId });
        }
        for (const occurrence of group.occurrences)
          insertOccurrence.run(groupId, run.id, inputId, occurrence.line);
        countRun.run(groupId, run.id, group.count);
      }
      return { status: 'recorded', groups: result.groups.length, reports, newGroups };
    });
    return record.immediate();
  }

  history(query: HistoryQuery): HistoryResult {
    return this.queries.history(this.db, query);
  }

  groupRuns(id: string): GroupRuns | null {
    return this.queries.groupRuns(this.db, id);
  }

  baselineSignatures(baseline: string): BaselineResult {
    return this.queries.baseline(this.db, baseline);
  }

  seenBefore(signatures: readonly string[]): ReadonlyMap<string, SeenBefore> {
    return this.queries.seenBefore(this.db, signatures);
  }

  /** Where the store lives, for messages. */
  get location(): string {
    return this.path;
  }

  close(): void {
    this.db.close();
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

function userVersion(db: Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * A file that is an SQLite database but not ours (another program's, with tables of its own)
 * is refused: racelens would otherwise add its tables to it.
 */
function checkIdentity(db: Database, path: string): void {
  const applicationId = Number(db.pragma('application_id', { simple: true }));
  if (applicationId === APPLICATION_ID) {
    if (userVersion(db) > MIGRATIONS.length)
      throw new StoreError(
        `the store ${path} was written by a newer racelens (schema ${userVersion(db)}, this one knows ${MIGRATIONS.length}); upgrade racelens`,
      );
    return;
  }
  const tables = db
    .prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'")
    .get() as {
    n: number;
  };
  if (applicationId !== 0 || tables.n > 0)
    throw new StoreError(
      `${path} is an SQLite database of another program, not a racelens store; racelens leaves it as it is: pass --db with another path`,
    );
}

/** Runs the migrations the file lacks, all in one immediate transaction (racing openers queue). */
function migrate(db: Database, path: string): void {
  const run = db.transaction(() => {
    const from = userVersion(db);
    if (from === 0) {
      checkIdentity(db, path);
      db.pragma(`application_id = ${APPLICATION_ID}`);
    }
    for (let version = from; version < MIGRATIONS.length; version++) {
      db.exec(MIGRATIONS[version] ?? '');
      db.pragma(`user_version = ${version + 1}`);
    }
  });
  if (userVersion(db) < MIGRATIONS.length) run.immediate();
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
