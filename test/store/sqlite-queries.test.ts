import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  baselineQuery,
  groupRunsQuery,
  historyQuery,
  seenBeforeQuery,
} from '../../src/store/sqlite-queries.js';
import { StoreError } from '../../src/store/store.js';
import {
  buildStore,
  type GroupSpec,
  hourlyRuns,
  openRaw,
  seenAt,
} from '../support/history-store.js';

const work = mkdtempSync(join(tmpdir(), 'racelens-queries-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const hour = (i: number) => new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString();

/**
 * Six runs an hour apart, r0-r5, all on main but r4 (feature); r1 has a commit and a job.
 * Each group's letter says its pattern.
 */
const RUNS = hourlyRuns(6).map((run, i) => ({
  ...run,
  branch: i === 4 ? 'feature' : 'main',
  commit: i === 1 ? 'c0ffee0000000000000000000000000000000001' : null,
  job: i === 1 ? 'tsan' : null,
}));
const GROUPS: GroupSpec[] = [
  { signature: 'v1|always', shortId: 'aaaa000001', seenIn: seenAt([0, 1, 2, 3, 4, 5]) },
  { signature: 'v1|newest', shortId: 'bbbb000001', seenIn: seenAt([5]) },
  { signature: 'v1|fixed', shortId: 'cccc000001', seenIn: seenAt([0, 1, 2]) },
  { signature: 'v1|twice', shortId: 'dddd000001', seenIn: seenAt([1, 3], 2) },
  { signature: 'v1|twice-later', shortId: 'eeee000001', seenIn: seenAt([2, 4]) },
  { signature: 'v1|back-again', shortId: 'ffff000001', seenIn: seenAt([0, 5]) },
  { signature: 'v1|feature-only', shortId: 'abcd000001', seenIn: seenAt([4]) },
  { signature: 'v1|feature-twin', shortId: 'abcd000002', seenIn: {} },
];

let path: string;
let db: BetterSqlite3.Database;
beforeAll(async () => {
  path = join(work, 'history.db');
  await buildStore(path, RUNS, GROUPS);
  db = openRaw(path);
});
afterAll(() => db?.close());

describe('historyQuery', () => {
  it('counts runs seen, share and reports per group, most flaky first, then latest', () => {
    const result = historyQuery(db);
    expect(result.runs).toBe(6);
    expect(result.groups.map((g) => g.signature)).toEqual([
      'v1|always',
      'v1|fixed',
      'v1|back-again',
      'v1|twice-later',
      'v1|twice',
      'v1|newest',
      'v1|feature-only',
    ]);
    const twice = result.groups.find((g) => g.signature === 'v1|twice')!;
    expect(twice).toMatchObject({
      id: 'dddd000001',
      kind: 'data race',
      title: 'data race: v1|twice',
      firstSeen: hour(1),
      lastSeen: hour(3),
      runsSeen: 2,
      reports: 4,
    });
    expect(twice.share).toBeCloseTo(2 / 6);
  });

  it('gives each group its trend', () => {
    const trends = Object.fromEntries(historyQuery(db).groups.map((g) => [g.signature, g.trend]));
    expect(trends).toEqual({
      'v1|always': 'steady',
      'v1|newest': 'new',
      'v1|fixed': 'gone',
      'v1|twice': 'steady',
      'v1|twice-later': 'steady',
      'v1|back-again': 'steady',
      'v1|feature-only': 'rising',
    });
  });

  it('--since: counts only the window, but first seen is over the whole store', () => {
    const result = historyQuery(db, { since: hour(3) });
    expect(result.runs).toBe(3);
    const bySignature = new Map(result.groups.map((g) => [g.signature, g]));
    expect(bySignature.has('v1|fixed')).toBe(false);
    expect(bySignature.get('v1|always')).toMatchObject({ runsSeen: 3, share: 1 });
    expect(bySignature.get('v1|twice')).toMatchObject({ firstSeen: hour(1), runsSeen: 1 });
    expect(bySignature.get('v1|newest')?.trend).toBe('new');
    // Seen again in the newest run, but a run before the window saw it first.
    expect(bySignature.get('v1|back-again')?.trend).not.toBe('new');
  });

  it('--since takes a date alone, and says when no run is that recent', () => {
    expect(historyQuery(db, { since: '2024-01-01' }).runs).toBe(6);
    expect(historyQuery(db, { since: '2030-01-01' })).toEqual({ runs: 0, groups: [] });
    expect(() => historyQuery(db, { since: 'last week' })).toThrow(/not an ISO date/);
  });
});

describe('groupRunsQuery', () => {
  it('finds a group by its id, a prefix of 4+ in any case, or its signature', () => {
    for (const id of ['dddd000001', 'dddd', 'DDDD00', 'v1|twice'])
      expect(groupRunsQuery(db, id)?.group.signature).toBe('v1|twice');
  });

  it('lists the runs that saw it, newest first, with commit, branch, job and reports', () => {
    const found = groupRunsQuery(db, 'dddd')!;
    expect(found.group).toMatchObject({ runsSeen: 2, reports: 4, trend: 'steady' });
    expect(found.group.share).toBeCloseTo(2 / 6);
    expect(found.runs).toEqual([
      { name: 'r3', time: hour(3), commit: null, branch: 'main', job: null, reports: 2 },
      {
        name: 'r1',
        time: hour(1),
        commit: 'c0ffee0000000000000000000000000000000001',
        branch: 'main',
        job: 'tsan',
        reports: 2,
      },
    ]);
  });

  it('returns null for an id no group has', () => {
    expect(groupRunsQuery(db, '99999')).toBeNull();
    expect(groupRunsQuery(db, 'not an id')).toBeNull();
  });

  it('refuses a prefix that is too short or names several groups', () => {
    expect(() => groupRunsQuery(db, 'ddd')).toThrow(StoreError);
    expect(() => groupRunsQuery(db, 'ddd')).toThrow(/at least 4/);
    expect(() => groupRunsQuery(db, 'abcd0')).toThrow(
      "'abcd0' is the start of 2 group ids (abcd000001, abcd000002); give more of the id",
    );
    expect(groupRunsQuery(db, 'abcd000001')?.group.signature).toBe('v1|feature-only');
  });
});

describe('baselineQuery', () => {
  it('takes every run of a branch', () => {
    const main = baselineQuery(db, 'main');
    expect(main.kind).toBe('branch');
    expect(main.runs).toBe(5);
    expect([...main.signatures].sort()).toEqual(
      ['v1|always', 'v1|back-again', 'v1|fixed', 'v1|newest', 'v1|twice', 'v1|twice-later'].sort(),
    );
    const feature = baselineQuery(db, 'feature');
    expect(feature).toMatchObject({ kind: 'branch', runs: 1 });
    expect([...feature.signatures].sort()).toEqual([
      'v1|always',
      'v1|feature-only',
      'v1|twice-later',
    ]);
  });

  it('takes one run by name when no run has that branch', () => {
    const run = baselineQuery(db, 'r3');
    expect(run).toMatchObject({ kind: 'run', runs: 1 });
    expect([...run.signatures].sort()).toEqual(['v1|always', 'v1|twice']);
  });

  it('prefers the branch when a run has the same name', async () => {
    const both = join(work, 'both.db');
    await buildStore(
      both,
      [
        { name: 'main', time: hour(0), branch: 'release' },
        { name: 'x', time: hour(1), branch: 'main' },
      ],
      [
        { signature: 'v1|in-run-main', seenIn: { main: 1 } },
        { signature: 'v1|on-branch-main', seenIn: { x: 1 } },
      ],
    );
    const raw = openRaw(both);
    try {
      expect([...baselineQuery(raw, 'main').signatures]).toEqual(['v1|on-branch-main']);
    } finally {
      raw.close();
    }
  });

  it('names the store and its branches when the baseline is unknown', () => {
    expect(() => baselineQuery(db, 'mian')).toThrow(StoreError);
    expect(() => baselineQuery(db, 'mian')).toThrow(
      `no run or branch named 'mian' in ${path}; --baseline takes a branch or a run name given to 'racelens ingest' (its branches: feature, main)`,
    );
  });
});

describe('seenBeforeQuery', () => {
  it('gives runs and first time for signatures the store has seen, and nothing for others', () => {
    const seen = seenBeforeQuery(db, ['v1|always', 'v1|twice', 'v1|never', 'v1|always']);
    expect([...seen.entries()]).toEqual([
      ['v1|always', { runs: 6, since: hour(0) }],
      ['v1|twice', { runs: 2, since: hour(1) }],
    ]);
  });

  it('leaves out a group recorded in no run', () => {
    expect(seenBeforeQuery(db, ['v1|feature-twin']).size).toBe(0);
  });
});

describe('on a large store (2,000 runs, 100,000 group_runs rows)', () => {
  let big: BetterSqlite3.Database;
  const statements: string[] = [];
  beforeAll(async () => {
    const bigPath = join(work, 'big.db');
    const runs = hourlyRuns(2000).map((r, i) => ({ ...r, branch: i % 4 === 0 ? 'main' : 'pr' }));
    // 100 groups, each in every k-th run (k = 1..4): about 104,000 rows in all.
    const groups: GroupSpec[] = Array.from({ length: 100 }, (_, g) => {
      const every = (g % 4) + 1;
      const positions = Array.from({ length: Math.floor(2000 / every) }, (_, i) => i * every);
      return {
        signature: `v1|big-${g}`,
        shortId: g.toString(16).padStart(10, '0'),
        seenIn: seenAt(positions),
      };
    });
    await buildStore(bigPath, runs, groups);
    big = openRaw(bigPath, (sql) => statements.push(sql));
  });
  afterAll(() => big?.close());

  it('answers history well under a second', () => {
    const started = performance.now();
    const result = historyQuery(big);
    const ms = performance.now() - started;
    expect(result.runs).toBe(2000);
    expect(result.groups).toHaveLength(100);
    expect(ms).toBeLessThan(1000);
  });

  it('reads group_runs through its indexes, never occurrences', () => {
    statements.length = 0;
    historyQuery(big);
    historyQuery(big, { since: hour(1500) });
    groupRunsQuery(big, '0000000007');
    baselineQuery(big, 'main');
    baselineQuery(big, 'r7');
    seenBeforeQuery(big, ['v1|big-3']);
    expect(() => baselineQuery(big, 'nope')).toThrow(StoreError);
    const queries = statements.filter((sql) => /^\s*(SELECT|WITH)/i.test(sql));
    expect(queries.length).toBeGreaterThanOrEqual(10);
    for (const sql of queries) {
      const plan = (big.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
        .map((row) => row.detail)
        .join('\n');
      expect(plan, sql).not.toMatch(/\b(occurrences|inputs|reports)\b/);
      // Whole-table scans of the big tables; `SCAN g` (groups, the outer loop) is fine.
      expect(plan, sql).not.toMatch(/\bSCAN (gr|group_runs|r|runs)\b/);
    }
  });
});
