import { describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.js';
import { hour, inputInfo, type StoreHarness, TestClock, triageOf, writable } from './harness.js';

const B = '16f77d6c4e'; // bank's data race
const D = '0360d25d03'; // the lock-order inversion

async function ingestRun(
  store: Store,
  clock: TestClock,
  name: string,
  hours: number,
  logs: readonly string[],
  branch: string | null,
): Promise<void> {
  clock.at(hours);
  const run = await store.openRun({ name, commit: `c${hours}`, branch, job: null, meta: {} });
  for (const log of logs)
    await store.recordInput(run, inputInfo(`${name}/${log}`), await triageOf(log));
}

/** What the team server lists (groups, runs, a run's groups), on every engine alike. */
export function browseContract(harness: StoreHarness): void {
  describe(`Store browse contract on ${harness.engine}`, () => {
    it('lists groups filtered by kind, branch, since, text and signatures, paged', async () => {
      const clock = new TestClock();
      const store = await writable(await harness.fresh(), clock);
      try {
        await ingestRun(store, clock, 'r1', 1, ['bank'], 'main');
        await ingestRun(store, clock, 'r2', 2, ['inventory'], 'feature');
        await ingestRun(store, clock, 'r3', 3, ['ci-run'], 'main');
        const all = await store.listGroups({ limit: 100, offset: 0 });
        expect(all.total).toBe(5);
        // Most recently seen first: r3's B and D, then inventory's three.
        expect(
          all.groups
            .slice(0, 2)
            .map((g) => g.id)
            .sort(),
        ).toEqual([D, B].sort());
        const bank = all.groups.find((g) => g.id === B);
        expect(bank).toMatchObject({ runs: 2, reports: 2, firstSeen: hour(1), lastSeen: hour(3) });
        const page = await store.listGroups({ limit: 2, offset: 4 });
        expect(page).toMatchObject({ total: 5 });
        expect(page.groups).toHaveLength(1);
        // Past the last page: no groups, the total still counted (one statement on PostgreSQL).
        expect(await store.listGroups({ limit: 2, offset: 10 })).toEqual({ total: 5, groups: [] });
        // Only the summary's fields: the page's sort keys stay inside the store.
        expect(Object.keys(bank ?? {}).sort()).toEqual(
          ['firstSeen', 'id', 'kind', 'lastSeen', 'reports', 'runs', 'signature', 'title'].sort(),
        );

        const feature = await store.listGroups({ branch: 'feature', limit: 100, offset: 0 });
        expect(feature.total).toBe(3);
        const locks = await store.listGroups({
          kind: 'lock-order-inversion (potential deadlock)',
          limit: 10,
          offset: 0,
        });
        expect(locks.groups.map((g) => g.id)).toEqual([D]);
        const late = await store.listGroups({ since: hour(3), limit: 10, offset: 0 });
        expect(late.groups.map((g) => g.id).sort()).toEqual([B, D].sort());
        const text = bank?.title.slice(2, 12).toUpperCase() ?? '';
        const found = await store.listGroups({ text, limit: 10, offset: 0 });
        expect(found.groups.map((g) => g.id)).toContain(B);
        // LIKE's wildcards are literal: '%' matches no title.
        expect((await store.listGroups({ text: '%', limit: 10, offset: 0 })).total).toBe(0);
        const only = await store.listGroups({
          only: [bank?.signature ?? ''],
          limit: 10,
          offset: 0,
        });
        expect(only.groups.map((g) => g.id)).toEqual([B]);
        const except = await store.listGroups({
          except: [bank?.signature ?? ''],
          limit: 10,
          offset: 0,
        });
        expect(except.total).toBe(4);
        expect(await store.groupReport(bank?.signature ?? '')).toContain(`"kindId":"data-race"`);
        expect(await store.groupReport('no such signature')).toBeNull();
      } finally {
        await store.close();
      }
    });

    it('lists runs newest first with their figures, and one run with the groups new in it', async () => {
      const clock = new TestClock();
      const store = await writable(await harness.fresh(), clock);
      try {
        await ingestRun(store, clock, 'r1', 1, ['bank'], 'main');
        await ingestRun(store, clock, 'r2', 2, ['ci-run', 'bank'], 'main');
        const runs = await store.listRuns({ limit: 10, offset: 0 });
        expect(runs.total).toBe(2);
        expect(runs.runs.map((r) => [r.name, r.inputs, r.reports, r.groups, r.newGroups])).toEqual([
          ['r2', 2, 3, 2, 1],
          ['r1', 1, 1, 1, 1],
        ]);
        expect((await store.listRuns({ branch: 'other', limit: 10, offset: 0 })).total).toBe(0);
        const r2 = await store.runGroups('r2');
        expect(r2?.run).toMatchObject({ name: 'r2', commit: 'c2', branch: 'main', time: hour(2) });
        expect(r2?.groups.map((g) => [g.id, g.reportsInRun, g.newInRun])).toEqual([
          [B, 2, false],
          [D, 1, true],
        ]);
        expect(await store.runGroups('nope')).toBeNull();
      } finally {
        await store.close();
      }
    });
  });
}
