import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { baselineQuery, groupRunsQuery, historyQuery, seenBeforeQuery } from './sqlite-queries.js';
import { SqliteStore } from './sqlite-store.js';
import { StoreError } from './store.js';

/** Where the store is when neither `--db` nor RACELENS_DB says: beside the work, like `.git`. */
export const DEFAULT_STORE_PATH = '.racelens/racelens.db';

/** `--db PATH`, else RACELENS_DB, else `.racelens/racelens.db` in the current directory. */
export function storePath(dbFlag?: string): string {
  const chosen = dbFlag ?? process.env.RACELENS_DB;
  return resolve(chosen !== undefined && chosen !== '' ? chosen : DEFAULT_STORE_PATH);
}

export interface OpenStoreOptions {
  readonly path: string;
  /** Make the file (and its folder) when missing: `ingest` does; readers never do. */
  readonly create: boolean;
  readonly readonly?: boolean;
}

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Opens the store at `path`; null when there is none and `create` is false. A file that is not
 * an SQLite database, or is another program's, is refused with a StoreError and never written.
 */
export function openStore(options: OpenStoreOptions): SqliteStore | null {
  const { path } = options;
  if (!existsSync(path)) {
    if (!options.create) return null;
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (error) {
      throw new StoreError(`cannot make the folder of the store ${path}: ${describe(error)}`);
    }
  } else {
    checkSqliteFile(path);
  }
  return SqliteStore.open(driver(), path, {
    create: options.create,
    readonly: options.readonly === true,
    queries: {
      history: historyQuery,
      groupRuns: groupRunsQuery,
      baseline: baselineQuery,
      seenBefore: seenBeforeQuery,
    },
  });
}

/** An empty file is a store not yet written; anything else must start like SQLite's files. */
function checkSqliteFile(path: string): void {
  const stat = statSync(path);
  if (!stat.isFile())
    throw new StoreError(`the store path ${path} is not a file; pass --db with a file path`);
  if (stat.size === 0) return;
  const head = Buffer.alloc(SQLITE_HEADER.length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (!head.equals(SQLITE_HEADER))
    throw new StoreError(
      `${path} is not a racelens store (not an SQLite database); racelens leaves it as it is: move it away or pass --db with another path`,
    );
}

let loaded: typeof BetterSqlite3 | null = null;

/** The native driver, loaded when a store is first opened (commands without one never pay). */
function driver(): typeof BetterSqlite3 {
  loaded ??= createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  return loaded;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
