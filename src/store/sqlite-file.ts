import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { SqliteStore } from './sqlite-store.js';
import { type Clock, StoreError } from './store.js';

const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/**
 * Opens the SQLite store at `path`; null when there is none and `create` is false. A 0-byte
 * file is a store not yet written: made by writers, none for readers. A file that is not an
 * SQLite database, or is another program's, is refused with a StoreError and never written.
 */
export function openSqliteStore(
  path: string,
  options: { readonly create: boolean; readonly readonly: boolean; readonly clock: Clock },
): SqliteStore | null {
  if (!existsSync(path)) {
    if (!options.create) return null;
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (error) {
      throw new StoreError(`cannot make the folder of the store ${path}: ${describe(error)}`);
    }
  } else if (isEmptySqliteFile(path) && !options.create) {
    return null;
  }
  return SqliteStore.open(driver(), path, options);
}

/** True for a 0-byte file; StoreError for a folder or a file that does not start like SQLite's. */
function isEmptySqliteFile(path: string): boolean {
  const stat = statSync(path);
  if (!stat.isFile())
    throw new StoreError(`the store path ${path} is not a file; pass --db with a file path`);
  if (stat.size === 0) return true;
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
  return false;
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
