import { openStoreAt } from '../store/open-store.js';
import { type Store, StoreError } from '../store/store.js';
import { type StoreLocation, storeLocation } from '../store/store-location.js';
import { EXIT, ExitError } from './exit-codes.js';
import type { CommandIo } from './output.js';

/**
 * The store `history` and `gate` read: opened read-only, never made. A missing (or empty)
 * store is a usage error that says how to make one; a store that cannot be used is refused in
 * one line (unknown scheme, foreign, damaged, newer, unreachable).
 */
export async function openStoreToRead(
  dbFlag: string | undefined,
): Promise<{ store: Store; location: string }> {
  const location = locationOrExit(dbFlag);
  const store = await storeOrExit(() => openStoreAt(location, { create: false, readonly: true }));
  if (store === null) {
    throw new ExitError(
      EXIT.usage,
      `no racelens store at ${location.display}; run 'racelens ingest <logs>' first (or pass --db)`,
    );
  }
  return { store, location: location.display };
}

/** The store `ingest` and `run --ingest` write: made when missing. */
export async function openStoreToWrite(
  dbFlag: string | undefined,
): Promise<{ store: Store; location: string }> {
  const location = locationOrExit(dbFlag);
  const store = await storeOrExit(() => openStoreAt(location, { create: true }));
  if (store === null) throw new ExitError(EXIT.usage, `cannot make the store ${location.display}`);
  return { store, location: location.display };
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
  let location: StoreLocation | null = null;
  let store: Store | null;
  try {
    location = storeLocation(dbFlag);
    store = await openStoreAt(location, { create: false, readonly: true });
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    if (dbFlag !== undefined) throw new ExitError(EXIT.usage, error.message);
    await io.stderr.write(`racelens: ${error.message} (seen-before not shown)\n`);
    return null;
  }
  if (store === null && dbFlag !== undefined) {
    throw new ExitError(
      EXIT.usage,
      `no racelens store at ${location?.display ?? dbFlag}; run 'racelens ingest <logs>' first, or leave out --db`,
    );
  }
  return store;
}

/** Runs store work; a StoreError (one line for the user) exits 2 with its message. */
export async function storeOrExit<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof StoreError) throw new ExitError(EXIT.usage, error.message);
    throw error;
  }
}

function locationOrExit(dbFlag: string | undefined): StoreLocation {
  try {
    return storeLocation(dbFlag);
  } catch (error) {
    if (error instanceof StoreError) throw new ExitError(EXIT.usage, error.message);
    throw error;
  }
}
