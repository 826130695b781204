import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StoreError } from './store.js';

/** Where the store is when neither `--db` nor RACELENS_DB says: beside the work, like `.git`. */
export const DEFAULT_STORE_PATH = '.racelens/racelens.db';

/** The URL schemes `--db` takes; anything else with `scheme://` is refused, not made a folder. */
export const STORE_SCHEMES = ['postgres', 'postgresql', 'file'] as const;

/** Which engine and where: what `--db PATH|URL` (or RACELENS_DB) says. */
export type StoreLocation =
  | { readonly engine: 'sqlite'; readonly path: string; readonly display: string }
  | {
      readonly engine: 'postgres';
      readonly url: string;
      /** The URL without its password, for messages. */
      readonly display: string;
    };

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/**
 * `--db PATH|URL`, else RACELENS_DB, else `.racelens/racelens.db` in the current directory. A
 * path (or `file://` URL) is an SQLite file; `postgres://` and `postgresql://` a PostgreSQL
 * database. StoreError for another scheme, naming those racelens knows.
 */
export function storeLocation(
  dbFlag?: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): StoreLocation {
  const chosen = dbFlag ?? env.RACELENS_DB;
  const text = chosen !== undefined && chosen !== '' ? chosen : DEFAULT_STORE_PATH;
  const scheme = SCHEME.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined) return sqliteAt(resolve(text));
  if (scheme === 'file') {
    try {
      return sqliteAt(fileURLToPath(text));
    } catch (error) {
      throw new StoreError(
        `the store URL ${text} is not a file URL racelens can read: ${describe(error)}`,
      );
    }
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new StoreError(
        `the store URL ${withoutPassword(text)} is not a valid URL; write it as postgres://USER@HOST[:PORT]/DATABASE`,
      );
    }
    return { engine: 'postgres', url: text, display: displayUrl(url) };
  }
  throw new StoreError(
    `racelens does not know the store URL scheme '${scheme}://'; --db takes a file path (SQLite) or a URL of ${STORE_SCHEMES.map((s) => `${s}://`).join(', ')}`,
  );
}

function sqliteAt(path: string): StoreLocation {
  return { engine: 'sqlite', path, display: path };
}

/** `postgres://user@host:5432/db?sslmode=...`: what a message may show (never the password). */
function displayUrl(url: URL): string {
  const shown = new URL(url.href);
  shown.password = '';
  shown.searchParams.delete('password');
  return shown.href;
}

/** For a URL too broken to parse: drop what could be a password (`:secret@`). */
function withoutPassword(text: string): string {
  return text.replace(/^([^:/]+:\/\/[^:/@]*):[^@]*@/, '$1@');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
