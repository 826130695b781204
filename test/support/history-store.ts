import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { openStore } from '../../src/store/open-store.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

export interface RunSpec {
  readonly name: string;
  readonly time: string;
  readonly branch?: string | null;
  readonly commit?: string | null;
  readonly job?: string | null;
}

export interface GroupSpec {
  readonly signature: string;
  /** The 10-hex id; made from the signature's position when left out. */
  readonly shortId?: string;
  readonly title?: string;
  /** Run name -> reports of the group in that run. */
  readonly seenIn: Readonly<Record<string, number>>;
}

/**
 * A store with exactly these runs and per-(group, run) counts, for tests of the read side
 * that need set times and patterns: the store's own code makes the file (migrations), then
 * rows go straight into runs, groups and group_runs (occurrences are left empty: no query
 * of the read side may need them).
 */
export async function buildStore(
  path: string,
  runs: readonly RunSpec[],
  groups: readonly GroupSpec[],
): Promise<void> {
  await (await openStore({ db: path, create: true }))?.close();
  const db = new Database(path);
  try {
    db.transaction(() => {
      const runIds = new Map<string, number>();
      const insertRun = db.prepare(
        'INSERT INTO runs (name, time, commit_sha, branch, job) VALUES (?, ?, ?, ?, ?)',
      );
      for (const run of runs) {
        const { lastInsertRowid } = insertRun.run(
          run.name,
          run.time,
          run.commit ?? null,
          run.branch ?? null,
          run.job ?? null,
        );
        runIds.set(run.name, Number(lastInsertRowid));
      }
      const times = new Map(runs.map((r) => [r.name, r.time]));
      const insertGroup = db.prepare(
        `INSERT INTO groups (signature, short_id, kind, title, first_seen, last_seen)
         VALUES (?, ?, 'data race', ?, ?, ?)`,
      );
      const insertCount = db.prepare(
        'INSERT INTO group_runs (group_id, run_id, reports) VALUES (?, ?, ?)',
      );
      groups.forEach((group, i) => {
        const seen = Object.keys(group.seenIn)
          .map((name) => times.get(name)!)
          .sort();
        const { lastInsertRowid } = insertGroup.run(
          group.signature,
          group.shortId ?? i.toString(16).padStart(10, '0'),
          group.title ?? `data race: ${group.signature}`,
          seen[0] ?? '',
          seen.at(-1) ?? '',
        );
        for (const [name, reports] of Object.entries(group.seenIn)) {
          const runId = runIds.get(name);
          if (runId === undefined) throw new Error(`buildStore: no run named ${name}`);
          insertCount.run(Number(lastInsertRowid), runId, reports);
        }
      });
    })();
  } finally {
    db.close();
  }
}

/** A read-only connection; `onSql` sees every statement run (with its parameters filled in). */
export function openRaw(path: string, onSql?: (sql: string) => void): BetterSqlite3.Database {
  return new Database(path, {
    readonly: true,
    fileMustExist: true,
    ...(onSql ? { verbose: (sql: unknown) => onSql(String(sql)) } : {}),
  });
}

/** `n` runs an hour apart from 2024-01-01 00:00 UTC, named `r0`... on `branch`. */
export function hourlyRuns(n: number, branch: string | null = 'main'): RunSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `r${i}`,
    time: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString(),
    branch,
  }));
}

/** `{ r2: 1, r5: 1 }` for positions [2, 5]: one report in each run. */
export function seenAt(positions: readonly number[], reports = 1): Record<string, number> {
  return Object.fromEntries(positions.map((p) => [`r${p}`, reports]));
}
