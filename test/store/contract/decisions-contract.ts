import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withDecisions } from '../../../src/decide/apply-decisions.js';
import { DecideError, decide } from '../../../src/decide/decide.js';
import { activeDecisions, type DecisionEntry } from '../../../src/decide/decision.js';
import { knownExport } from '../../../src/decide/known-export.js';
import { importKnown } from '../../../src/decide/known-import.js';
import { shortIdOf } from '../../../src/decide/short-id.js';
import { loadKnownIssues } from '../../../src/match/known-issues.js';
import { openStore } from '../../../src/store/open-store.js';
import { type Store, StoreError } from '../../../src/store/store.js';
import { DEFAULT_CONFIG } from '../../../src/triage/config.js';
import { FrameRules } from '../../../src/triage/normalize-stack.js';
import { hour, inputInfo, type StoreHarness, TestClock, triageOf, writable } from './harness.js';

const B = '16f77d6c4e'; // bank's data race
const D = '0360d25d03'; // the lock-order inversion

const work = mkdtempSync(join(tmpdir(), 'racelens-decisions-contract-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A store that has seen bank and deadlock (groups B and D) in one run at hour 1. */
async function seeded(harness: DecisionsHarness, clock: TestClock): Promise<Store> {
  const store = await writable(await harness.fresh(), clock.at(1));
  const run = await store.openRun({
    name: 'r1',
    commit: null,
    branch: 'main',
    job: null,
    meta: {},
  });
  await store.recordInput(run, inputInfo('bank'), await triageOf('bank'));
  await store.recordInput(run, inputInfo('deadlock'), await triageOf('deadlock'));
  return store;
}

/** What the decisions contract needs of an engine: fresh locations. */
export type DecisionsHarness = Pick<StoreHarness, 'engine' | 'fresh'>;

/** What two histories must agree on: the decisions, who and when; not the store's ids. */
function comparable(history: readonly DecisionEntry[]) {
  return activeDecisions(history).map(({ id: _id, ...rest }) => rest);
}

/** Decisions on both engines: the same cases, all data made through the Store interface. */
export function decisionsContract(harness: DecisionsHarness): void {
  describe(`Decisions contract on ${harness.engine}`, () => {
    it('keeps every decision with who and when; an undo is an entry of its own', async () => {
      const clock = new TestClock();
      const store = await seeded(harness, clock);
      try {
        clock.at(2);
        const filed = await decide(
          store,
          B.slice(0, 4),
          {
            kind: 'add',
            decision: { kind: 'filed', ref: 'acme/bank#12', title: 'race', state: 'open' },
          },
          'alice',
        );
        expect(filed.group.signature).toMatch(/^v2\|data-race\|/);
        expect(filed.entry).toMatchObject({ by: 'alice', at: hour(2), shortId: B });
        clock.at(3);
        await decide(store, B, { kind: 'add', decision: { kind: 'fixed', in: '5f2e1c0' } }, 'bob');
        await decide(store, D, { kind: 'duplicate-of', group: B.slice(0, 6) }, 'bob');
        clock.at(4);
        const undo = await decide(store, D, { kind: 'undo', entry: null }, 'carol');
        expect(undo.entry.decision).toMatchObject({ kind: 'undo' });

        const history = await store.decisionHistory();
        expect(history.map((e) => [e.shortId, e.decision.kind, e.by, e.at])).toEqual([
          [B, 'filed', 'alice', hour(2)],
          [B, 'fixed', 'bob', hour(3)],
          [D, 'duplicate-of', 'bob', hour(3)],
          [D, 'undo', 'carol', hour(4)],
        ]);
        expect(activeDecisions(history).map((e) => e.decision.kind)).toEqual(['filed', 'fixed']);
        expect(history[2]?.decision).toEqual({ kind: 'duplicate-of', group: B });
        // related-to a group by a prefix of its id keeps the id; an issue stays as given.
        const toGroup = await decide(
          store,
          D,
          { kind: 'add', decision: { kind: 'related-to', target: B.slice(0, 4) } },
          'x',
        );
        expect(toGroup.entry.decision).toEqual({ kind: 'related-to', target: B });
        const toIssue = await decide(
          store,
          D,
          { kind: 'add', decision: { kind: 'related-to', target: 'acme/bank#9' } },
          'x',
        );
        expect(toIssue.entry.decision).toEqual({ kind: 'related-to', target: 'acme/bank#9' });
        await decide(store, D, { kind: 'undo', entry: toIssue.entry.id }, 'x');
        await decide(store, D, { kind: 'undo', entry: null }, 'x');
        // Nothing left to undo on D; an unknown id is a StoreError; a group is not its own duplicate.
        await expect(decide(store, D, { kind: 'undo', entry: null }, 'x')).rejects.toThrow(
          DecideError,
        );
        await expect(decide(store, 'ffff', { kind: 'undo', entry: null }, 'x')).rejects.toThrow(
          StoreError,
        );
        await expect(decide(store, B, { kind: 'duplicate-of', group: B }, 'x')).rejects.toThrow(
          /itself/,
        );
      } finally {
        await store.close();
      }
    });

    it('states follow decisions: fixed and seen again is regressed; ignored until a date', async () => {
      const clock = new TestClock();
      const store = await seeded(harness, clock);
      try {
        clock.at(2);
        await decide(store, B, { kind: 'add', decision: { kind: 'fixed', in: null } }, 'a');
        await decide(
          store,
          D,
          {
            kind: 'add',
            decision: { kind: 'ignored', reason: 'libfoo internal', until: '2024-01-05' },
          },
          'a',
        );
        const result = await triageOf('ci-run'); // B and D
        const history = await store.decisionHistory(
          result.groups.map((g) => g.group.signature.text),
        );
        const soon = withDecisions(result, history, new Date(hour(10)));
        const state = (id: string, r = soon) =>
          r.groups.find((g) => g.group.signature.id === id)?.state;
        expect(state(B)).toBe('regressed');
        expect(state(D)).toBe('ignored');
        expect(soon.totals).toMatchObject({ regressed: 1, ignored: 1, new: 0, known: 1 });
        const later = withDecisions(result, history, new Date(hour(24 * 10)));
        expect(state(D, later)).toBe('new');
      } finally {
        await store.close();
      }
    });

    it('decide -> known export -> known import into a fresh store gives the same decisions', async () => {
      const clock = new TestClock();
      const store = await seeded(harness, clock);
      const fresh = await writable(await harness.fresh(), clock);
      try {
        clock.at(2);
        await decide(
          store,
          B,
          {
            kind: 'add',
            decision: {
              kind: 'filed',
              ref: 'https://github.com/acme/bank/issues/12',
              title: 'bank: race on balance',
              state: 'open',
            },
          },
          'alice',
        );
        await decide(
          store,
          B,
          { kind: 'add', decision: { kind: 'related-to', target: 'acme/bank#3' } },
          'bob',
        );
        await decide(
          store,
          D,
          {
            kind: 'add',
            decision: { kind: 'ignored', reason: 'test-only "lock" order', until: '2030-01-01' },
          },
          'bob',
        );
        clock.at(3);
        await decide(store, D, { kind: 'add', decision: { kind: 'fixed', in: 'v1.2.3' } }, 'carol');
        await decide(store, D, { kind: 'undo', entry: null }, 'carol');
        const { text, groups } = await knownExport(store);
        expect(groups).toBe(2);
        const file = join(work, `known-${harness.engine}-${Date.now()}.yaml`);
        writeFileSync(file, text);
        const issues = loadKnownIssues(file, new FrameRules(DEFAULT_CONFIG));
        const first = await importKnown(fresh, issues, 'importer');
        expect(first).toMatchObject({ issues: 2, groups: 2, added: 3, unchanged: 0 });
        expect(comparable(await fresh.decisionHistory())).toEqual(
          comparable(await store.decisionHistory()),
        );
        // Imported twice: nothing new. The groups are found by id though never ingested there.
        expect(await importKnown(fresh, issues, 'importer')).toMatchObject({
          added: 0,
          unchanged: 3,
        });
        expect(await fresh.findGroup(D.slice(0, 5))).toMatchObject({ shortId: D });
      } finally {
        await store.close();
        await fresh.close();
      }
    });

    it('keeps both of two concurrent decide calls on the same group', async () => {
      const clock = new TestClock();
      const db = await harness.fresh();
      const setup = await seeded({ ...harness, fresh: async () => db }, clock);
      await setup.close();
      const open = async () => {
        const s = await openStore({ db, create: false, clock: clock.now });
        if (s === null) throw new Error('no store');
        return s;
      };
      const [one, two] = [await open(), await open()];
      try {
        await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            decide(
              i % 2 === 0 ? one : two,
              B,
              { kind: 'add', decision: { kind: 'related-to', target: `acme/bank#${i}` } },
              i % 2 === 0 ? 'one' : 'two',
            ),
          ),
        );
        const history = await one.decisionHistory([`${(await one.findGroup(B))?.signature}`]);
        expect(history).toHaveLength(10);
        expect(new Set(history.map((e) => e.id)).size).toBe(10);
        expect(
          history.map((e) => (e.decision.kind === 'related-to' ? e.decision.target : '')).sort(),
        ).toEqual(Array.from({ length: 10 }, (_, i) => `acme/bank#${i}`).sort());
      } finally {
        await one.close();
        await two.close();
      }
    });

    it('keeps decisions across a signature version change, through an alias', async () => {
      const clock = new TestClock();
      const store = await seeded(harness, clock);
      try {
        const result = await triageOf('bank');
        const current = result.groups[0]?.group.signature.text ?? '';
        // A decision made under an older rule: its signature text differs from today's.
        const old = current.replace(/^v\d+\|/, 'v0|');
        await store.addDecision({
          signature: old,
          shortId: shortIdOf(old),
          title: 'from an older racelens',
          decision: { kind: 'filed', ref: 'acme/bank#1', title: null, state: 'closed' },
          by: 'past',
        });
        expect(await store.decisionHistory([current])).toEqual([]);
        expect(await store.decidedSignatures()).toEqual([old]);
        await store.aliasSignature(old, current);
        const history = await store.decisionHistory([current]);
        expect(history).toHaveLength(1);
        expect(history[0]).toMatchObject({ signature: current, by: 'past' });
        expect(withDecisions(result, history).groups[0]?.state).toBe('regressed');
      } finally {
        await store.close();
      }
    });
  });
}
