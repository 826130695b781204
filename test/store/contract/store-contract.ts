import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/open-store.js';
import { seenAcrossVersions } from '../../../src/store/seen-across-versions.js';
import { type Store, StoreError } from '../../../src/store/store.js';
import { gateVerdict } from '../../../src/triage/gate-verdict.js';
import type { Group } from '../../../src/triage/group.js';
import { legacySignature } from '../../../src/triage/signature.js';
import type { TriageResult } from '../../../src/triage/triage.js';
import { browseContract } from './browse-contract.js';
import { hour, inputInfo, type StoreHarness, TestClock, triageOf, writable } from './harness.js';
import { tokenContract } from './token-contract.js';

const B = '16f77d6c4e'; // bank's data race
const D = '0360d25d03'; // the lock-order inversion
const I1 = '8c7451c066'; // one of inventory's three

/** A run named `name` at `hours`, on `branch`, recording the example logs given, one input each. */
async function ingestRun(
  store: Store,
  clock: TestClock,
  name: string,
  hours: number,
  logs: readonly string[],
  branch: string | null = 'main',
): Promise<void> {
  clock.at(hours);
  const run = await store.openRun({ name, commit: null, branch, job: null, meta: {} });
  for (const log of logs)
    await store.recordInput(run, inputInfo(`${name}/${log}`), await triageOf(log));
}

/**
 * The store's contract, one suite for every engine (hono's `common.case.test.ts` pattern): all
 * data is made through the Store interface, so the same cases hold SQLite and PostgreSQL to
 * the same behaviour.
 */
export function storeContract(harness: StoreHarness): void {
  describe(`Store contract on ${harness.engine}`, () => {
    it('records an input whole, once: the same content again in the run is a duplicate', async () => {
      const clock = new TestClock().at(1);
      const store = await writable(await harness.fresh(), clock);
      try {
        const run = await store.openRun({
          name: 'ci-1',
          commit: 'c0ffee',
          branch: 'main',
          job: 'tsan',
          meta: { os: 'linux' },
        });
        expect(run).toMatchObject({
          name: 'ci-1',
          time: hour(1),
          commit: 'c0ffee',
          branch: 'main',
        });
        const first = await store.recordInput(run, inputInfo('a'), await triageOf('inventory'));
        expect(first).toEqual({ status: 'recorded', groups: 3, reports: 3, newGroups: 3 });
        const second = await store.recordInput(run, inputInfo('b'), await triageOf('ci-run'));
        expect(second).toEqual({ status: 'recorded', groups: 2, reports: 2, newGroups: 2 });
        const again = await store.recordInput(run, inputInfo('a'), await triageOf('inventory'));
        expect(again).toEqual({ status: 'duplicate' });
        // One more input of B: a known group, counted again in the same run.
        const third = await store.recordInput(run, inputInfo('c'), await triageOf('bank'));
        expect(third).toEqual({ status: 'recorded', groups: 1, reports: 1, newGroups: 0 });

        const history = await store.history({});
        expect(history.runs).toBe(1);
        expect(history.groups).toHaveLength(5);
        expect(history.groups.find((g) => g.id === B)).toMatchObject({
          runsSeen: 1,
          reports: 2,
          share: 1,
          firstSeen: hour(1),
          lastSeen: hour(1),
          trend: 'new',
          kind: 'data race',
        });
      } finally {
        await store.close();
      }
    });

    it('makes a run once: the same name again fills in what was unset and merges metadata', async () => {
      const clock = new TestClock().at(2);
      const store = await writable(await harness.fresh(), clock);
      try {
        const first = await store.openRun({
          name: 'nightly',
          commit: null,
          branch: 'main',
          job: null,
          meta: { os: 'linux' },
        });
        clock.at(3);
        const second = await store.openRun({
          name: 'nightly',
          commit: 'abc',
          branch: 'other',
          job: 'job-2',
          meta: { os: 'mac', cc: 'gcc' },
        });
        expect(second).toEqual({
          id: first.id,
          name: 'nightly',
          time: hour(2),
          commit: 'abc',
          branch: 'main',
          job: 'job-2',
          meta: { os: 'linux', cc: 'gcc' },
        });
      } finally {
        await store.close();
      }
    });

    it('keeps history: share of runs, first and last seen, trend, and a --since window', async () => {
      const clock = new TestClock();
      const store = await writable(await harness.fresh(), clock);
      try {
        // B in every run; D in r0-r1 only; inventory's groups first in r5, the newest.
        for (let i = 0; i < 6; i++) {
          const logs = ['bank', ...(i < 2 ? ['deadlock'] : []), ...(i === 5 ? ['inventory'] : [])];
          await ingestRun(store, clock, `r${i}`, i, logs);
        }
        const all = await store.history({});
        expect(all.runs).toBe(6);
        expect(all.groups.map((g) => g.id).slice(0, 2)).toEqual([B, D]);
        const byId = new Map(all.groups.map((g) => [g.id, g]));
        expect(byId.get(B)).toMatchObject({ runsSeen: 6, share: 1, trend: 'steady' });
        expect(byId.get(D)).toMatchObject({
          runsSeen: 2,
          firstSeen: hour(0),
          lastSeen: hour(1),
          trend: 'gone',
        });
        expect(byId.get(I1)).toMatchObject({ runsSeen: 1, trend: 'new', firstSeen: hour(5) });

        const recent = await store.history({ since: hour(3) });
        expect(recent.runs).toBe(3);
        expect(recent.groups.map((g) => g.id)).not.toContain(D);
        // First seen is over the whole store, so a race older than the window says so.
        expect(recent.groups.find((g) => g.id === B)).toMatchObject({
          runsSeen: 3,
          firstSeen: hour(0),
        });
      } finally {
        await store.close();
      }
    });

    it('lists the runs of one group by id, prefix or signature, and refuses an unclear prefix', async () => {
      const clock = new TestClock();
      const store = await writable(await harness.fresh(), clock);
      try {
        await ingestRun(store, clock, 'r0', 0, ['ci-run']);
        await ingestRun(store, clock, 'r1', 1, ['bank', 'bank.clang19.log'], 'feature');
        const runs = await store.groupRuns(B.slice(0, 4).toUpperCase());
        expect(runs?.group.id).toBe(B);
        expect(runs?.totalRuns).toBe(2);
        expect(runs?.runs.map((r) => [r.name, r.branch, r.reports])).toEqual([
          ['r1', 'feature', 2],
          ['r0', 'main', 1],
        ]);
        const signature = runs?.group.signature ?? '';
        expect((await store.groupRuns(signature))?.group.id).toBe(B);
        expect(await store.groupRuns('ffffffff')).toBeNull();
        await expect(store.groupRuns('7d5')).rejects.toThrow(/too short for a group id/);
      } finally {
        await store.close();
      }
    });

    it("gives a gate's baseline by branch (all its runs) or by run name, and names branches when neither", async () => {
      const clock = new TestClock();
      const store = await writable(await harness.fresh(), clock);
      try {
        await ingestRun(store, clock, 'r0', 0, ['bank']);
        await ingestRun(store, clock, 'r1', 1, ['deadlock']);
        await ingestRun(store, clock, 'pr-7', 2, ['inventory'], 'feature');
        const branch = await store.baselineSignatures('main');
        expect(branch.kind).toBe('branch');
        expect(branch.runs).toBe(2);
        expect(branch.signatures.size).toBe(2);
        const run = await store.baselineSignatures('pr-7');
        expect(run).toMatchObject({ kind: 'run', runs: 1 });
        expect(run.signatures.size).toBe(3);
        const unknown = store.baselineSignatures('mian');
        await expect(unknown).rejects.toThrow(StoreError);
        await expect(store.baselineSignatures('mian')).rejects.toThrow(
          /no run or branch named 'mian' in .*\(its branches: feature, main\)/,
        );
      } finally {
        await store.close();
      }
    });

    it('answers seen-before for many signatures at once, only for those it has seen', async () => {
      const clock = new TestClock();
      const store = await writable(await harness.fresh(), clock);
      try {
        await ingestRun(store, clock, 'r0', 0, ['bank']);
        await ingestRun(store, clock, 'r1', 1, ['ci-run']);
        const signatures = (await triageOf('ci-run', 'inventory')).groups.map(
          (g) => g.group.signature.text,
        );
        const seen = await store.seenBefore([...signatures, 'v1|never', ...signatures]);
        expect(seen.size).toBe(2);
        const bank = (await triageOf('bank')).groups[0]?.group.signature.text ?? '';
        const deadlock = (await triageOf('deadlock')).groups[0]?.group.signature.text ?? '';
        expect(seen.get(bank)).toEqual({ runs: 2, since: hour(0) });
        expect(seen.get(deadlock)).toEqual({ runs: 1, since: hour(1) });
        expect((await store.seenBefore([])).size).toBe(0);
      } finally {
        await store.close();
      }
    });

    it('counts runs recorded under the previous signature version as seen before', async () => {
      const clock = new TestClock();
      const store = await writable(await harness.fresh(), clock);
      try {
        // A store written by the racelens before signature v2: the same groups, v1 texts.
        const current = await triageOf('bank');
        const underV1: TriageResult = {
          ...current,
          groups: current.groups.map((g) => ({
            ...g,
            group: withSignature(g.group, legacySignature(g.group.signature.text)),
          })),
        };
        clock.at(0);
        const old = await store.openRun({
          name: 'old',
          commit: null,
          branch: 'main',
          job: null,
          meta: {},
        });
        await store.recordInput(old, inputInfo('old/bank'), underV1);
        await ingestRun(store, clock, 'new', 1, ['bank']);
        const text = current.groups[0]?.group.signature.text ?? '';
        expect(text.startsWith('v2|')).toBe(true);
        expect((await store.seenBefore([text])).get(text)).toEqual({ runs: 1, since: hour(1) });
        expect((await seenAcrossVersions(store, [text])).get(text)).toEqual({
          runs: 2,
          since: hour(0),
        });
        const baseline = await store.baselineSignatures('main');
        expect(baseline.signatures.has(legacySignature(text).text)).toBe(true);
        expect(
          gateVerdict(underV1Only(current, legacySignature(text).text), baseline.signatures).passed,
        ).toBe(true);
      } finally {
        await store.close();
      }
    });

    it('records the same content sent by two writers at once exactly once', async () => {
      const db = await harness.fresh();
      const clock = new TestClock().at(4);
      await (await writable(db, clock)).close();
      const stores = await Promise.all([writable(db, clock), writable(db, clock)]);
      try {
        const result = await triageOf('ci-run', 'inventory');
        const outcomes = await Promise.all(
          stores.map(async (store) => {
            const run = await store.openRun({
              name: 'shared',
              commit: null,
              branch: null,
              job: null,
              meta: {},
            });
            return store.recordInput(run, inputInfo('same'), result);
          }),
        );
        expect(outcomes.map((o) => o.status).sort()).toEqual(['duplicate', 'recorded']);
        const history = await stores[0]!.history({});
        expect(history.runs).toBe(1);
        expect(history.groups.reduce((sum, g) => sum + g.reports, 0)).toBe(5);
      } finally {
        for (const store of stores) await store.close();
      }
    });

    it('is made by writers only, migrates once, and is read by readers as it is', async () => {
      const db = await harness.fresh();
      expect(await openStore({ db, create: false, readonly: true })).toBeNull();
      const clock = new TestClock();
      const store = await writable(db, clock);
      await ingestRun(store, clock, 'r0', 0, ['bank']);
      await store.close();
      // Opening again (migrations already applied) changes nothing.
      await (await writable(db, clock)).close();
      const reader = await openStore({ db, create: false, readonly: true });
      try {
        expect(reader).not.toBeNull();
        expect((await reader!.history({})).groups.map((g) => g.id)).toEqual([B]);
      } finally {
        await reader?.close();
      }
    });

    it("refuses another program's data and a newer racelens's store, leaving them as they are", async () => {
      const foreign = await harness.foreign();
      const foreignBefore = await harness.snapshot(foreign);
      for (const create of [true, false])
        await expect(openStore({ db: foreign, create, readonly: !create })).rejects.toThrow(
          /of another program, not a racelens store/,
        );
      expect(await harness.snapshot(foreign)).toBe(foreignBefore);
      const newer = await harness.fresh();
      await (await writable(newer, new TestClock())).close();
      await harness.markNewer(newer);
      const newerBefore = await harness.snapshot(newer);
      for (const create of [true, false])
        await expect(openStore({ db: newer, create, readonly: !create })).rejects.toThrow(
          /written by a newer racelens \(schema 99, this one knows \d+\); upgrade racelens/,
        );
      expect(await harness.snapshot(newer)).toBe(newerBefore);
    });
  });
  browseContract(harness);
  tokenContract(harness);
}

/** `result`, gated against a baseline that holds only `legacy` (a v1 text): it must pass. */
function underV1Only(result: TriageResult, legacy: string): TriageResult {
  expect(legacy.startsWith('v1|')).toBe(true);
  return result;
}

/** The same group under another signature text (a store written by an older racelens). */
function withSignature(group: Group, legacy: { text: string; id: string }): Group {
  const copy: Group = Object.assign(Object.create(Object.getPrototypeOf(group)), group);
  return Object.assign(copy, { signature: { ...group.signature, ...legacy } });
}
