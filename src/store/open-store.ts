import { openSqliteStore } from './sqlite-file.js';
import type { Clock, Store } from './store.js';
import { type StoreLocation, storeLocation } from './store-location.js';

export interface OpenStoreOptions {
  /** `--db PATH|URL`; RACELENS_DB, then the default file, when left out. */
  readonly db?: string;
  /** Make the store (file, folder, tables) when missing: `ingest` does; readers never do. */
  readonly create: boolean;
  /** Open without writing anything, not even a migration (history, gate, seen-before). */
  readonly readonly?: boolean;
  /** The time runs and inputs are recorded at; the wall clock by default. */
  readonly clock?: Clock;
  /** Where RACELENS_DB is read from (process.env by default). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * The one factory of stores: `--db PATH` (or a `file://` URL) is an SQLite file,
 * `postgres://` / `postgresql://` a PostgreSQL database. Resolves null when there is no store
 * there and `create` is false (missing file, empty file, database without racelens's tables).
 * Rejects with a StoreError, one line for the user, when the store cannot be used: an unknown
 * URL scheme, a foreign or damaged file or database, a newer racelens's store, a server that
 * cannot be reached or refuses the login.
 */
export async function openStore(options: OpenStoreOptions): Promise<Store | null> {
  return openStoreAt(storeLocation(options.db, options.env), options);
}

/** As `openStore`, for a location already resolved (the CLI shows it in messages). */
export async function openStoreAt(
  location: StoreLocation,
  options: Omit<OpenStoreOptions, 'db' | 'env'>,
): Promise<Store | null> {
  const settings = {
    create: options.create,
    readonly: options.readonly === true,
    clock: options.clock ?? (() => new Date()),
  };
  switch (location.engine) {
    case 'sqlite':
      return openSqliteStore(location.path, settings);
    case 'postgres': {
      // Loaded only for a PostgreSQL store: SQLite users never load the pg client.
      const { openPostgresStore } = await import('./postgres-store.js');
      return openPostgresStore(location, settings);
    }
  }
}
