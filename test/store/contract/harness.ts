import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parseInputs } from '../../../src/parse/parse-inputs.js';
import { InputError } from '../../../src/read/input-sources.js';
import { openStore } from '../../../src/store/open-store.js';
import type { InputInfo, Store } from '../../../src/store/store.js';
import { Triage, type TriageResult } from '../../../src/triage/triage.js';
import { REPO_ROOT } from '../../support/fixtures.js';

/**
 * What the contract suite needs of an engine beyond the Store interface: fresh, empty
 * locations, and the two kinds of store racelens must refuse, made behind its back.
 */
export interface StoreHarness {
  readonly engine: string;
  /** A location (`--db` value) where no store is yet; each call a new one. */
  fresh(): Promise<string>;
  /** A location holding another program's data (tables of its own). */
  foreign(): Promise<string>;
  /** Marks the store at `db` (made by racelens) as written by a newer racelens. */
  markNewer(db: string): Promise<void>;
  /** What the store at `db` holds, as text that changes when anything in it is written. */
  snapshot(db: string): Promise<string>;
}

/** A clock the test moves: runs and inputs get the times it sets. */
export class TestClock {
  private current = Date.UTC(2024, 0, 1);
  readonly now = (): Date => new Date(this.current);

  /** Sets the time to `hours` after 2024-01-01 00:00 UTC. */
  at(hours: number): this {
    this.current = Date.UTC(2024, 0, 1) + hours * 3_600_000;
    return this;
  }
}

export const hour = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString();

/** Opens (making) the store at `db` with the test's clock; fails the test when there is none. */
export async function writable(db: string, clock: TestClock): Promise<Store> {
  const store = await openStore({ db, create: true, clock: clock.now });
  if (store === null) throw new Error(`no store made at ${db}`);
  return store;
}

const triaged = new Map<string, TriageResult>();

/**
 * The triage of example logs, parsed by racelens's own parser: `bank` (one data race, B),
 * `deadlock` (one lock-order inversion, D), `inventory` (three groups, I1-I3), `ci-run` (B and D).
 */
export async function triageOf(...names: readonly string[]): Promise<TriageResult> {
  const key = names.join('+');
  const cached = triaged.get(key);
  if (cached) return cached;
  const triage = new Triage();
  for await (const record of parseInputs(names.map(example))) {
    if (record instanceof InputError) throw record;
    triage.add(record);
  }
  const result = triage.finish();
  triaged.set(key, result);
  return result;
}

/** An input as ingest describes it; `content` stands for its bytes (same content, same hash). */
export function inputInfo(content: string): InputInfo {
  return {
    sha256: createHash('sha256').update(content).digest('hex'),
    name: `${content}.log`,
    bytes: content.length,
  };
}

function example(name: string): string {
  const file = name.includes('.') ? name : `${name}${EXAMPLE_SUFFIX[name] ?? '.gcc.log'}`;
  return join(REPO_ROOT, 'examples', file);
}

const EXAMPLE_SUFFIX: Readonly<Record<string, string>> = {
  bank: '.gcc.log',
  deadlock: '.gcc.log',
  inventory: '.clang19.log',
  'ci-run': '.log',
};
