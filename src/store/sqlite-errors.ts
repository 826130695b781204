import { StoreError } from './store.js';

/** SQLite's result codes for a file whose pages are not what SQLite wrote (or not SQLite's). */
const DAMAGED = /^SQLITE_(CORRUPT|NOTADB)/;

/**
 * Throws the StoreError that says the store at `path` is damaged and how to recover, when
 * `error` is SQLite finding damaged pages; returns (for the caller to rethrow) otherwise.
 * Damage may lie in pages that opening never reads, so every query goes through this.
 */
export function damagedOrRethrow(error: unknown, path: string): void {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !DAMAGED.test(code)) return;
  const reason = error instanceof Error ? error.message : code;
  throw new StoreError(
    `the store ${path} is damaged (${reason}); racelens leaves it as it is: recover what it holds with 'sqlite3 ${path} .recover | sqlite3 recovered.db' and pass --db recovered.db, or start a new store with --db NEW-PATH`,
  );
}
