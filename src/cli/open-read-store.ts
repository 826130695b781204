import { openStore, storePath } from '../store/open-store.js';
import { type Store, StoreError } from '../store/store.js';
import { EXIT, ExitError } from './exit-codes.js';
import type { CommandIo } from './output.js';

/**
 * The store `history` and `gate` read: opened read-only, never made. A missing store is a
 * usage error that says how to make one; a foreign or corrupt file is refused (open-store.ts).
 */
export function openStoreToRead(dbFlag: string | undefined): { store: Store; path: string } {
  const path = storePath(dbFlag);
  const store = openOrExit(path);
  if (store === null) {
    throw new ExitError(
      EXIT.usage,
      `no racelens store at ${path}; run 'racelens ingest <logs>' first (or pass --db)`,
    );
  }
  return { store, path };
}

/**
 * For triage's "seen before": the store when there is one, else null. Only a missing `--db`
 * the user named is an error; the default path and RACELENS_DB may name a store not made yet
 * (triage before the first ingest). A store that cannot be read is reported in one line and
 * triage goes on without it: history is a nicety there, not the job.
 */
export async function openStoreIfPresent(
  dbFlag: string | undefined,
  io: CommandIo,
): Promise<Store | null> {
  const path = storePath(dbFlag);
  let store: Store | null;
  try {
    store = openStore({ path, create: false, readonly: true });
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    if (dbFlag !== undefined) throw new ExitError(EXIT.usage, error.message);
    await io.stderr.write(`racelens: ${error.message} (seen-before not shown)\n`);
    return null;
  }
  if (store === null && dbFlag !== undefined) {
    throw new ExitError(
      EXIT.usage,
      `no racelens store at ${path}; run 'racelens ingest <logs>' first, or leave out --db`,
    );
  }
  return store;
}

function openOrExit(path: string): Store | null {
  try {
    return openStore({ path, create: false, readonly: true });
  } catch (error) {
    if (error instanceof StoreError) throw new ExitError(EXIT.usage, error.message);
    throw error;
  }
}
