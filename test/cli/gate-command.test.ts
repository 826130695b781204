import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, SEED } from '../support/fixtures.js';
import { example, ingestRun, racelens } from '../support/store-cli.js';

const work = mkdtempSync(join(tmpdir(), 'racelens-gate-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const validate = new Ajv2020({ allErrors: true, strict: true }).compile(
  JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'gate-result.schema.json'), 'utf8')) as object,
);

/** Inventory's three groups and the CPython seed's race: none is on the baseline branch. */
const HEAP_RACE = '8c7451c066';
const GLOBAL_RACE = '31de10047f';
const USE_AFTER_FREE = 'a940765715';
const SEED_RACE = '207910509b';

/** The feature branch's logs: the bank race (on main too) and four races main never had. */
const FEATURE = [example('inventory.clang19.log'), example('bank.clang19.log'), SEED];

const db = join(work, 'racelens.db');
const suppressions = join(work, 'tsan-suppressions.txt');
const known = join(work, 'known.json');
const knownAll = join(work, 'known-all.json');

beforeAll(async () => {
  // The baseline: two runs of main, the bank race in both, the deadlock in the first.
  await ingestRun(db, 'main-1', 'main', ['bank.clang19.log', 'deadlock.gcc.log']);
  await ingestRun(db, 'main-2', 'main', ['bank.gcc.log']);
  writeFileSync(suppressions, '# the global counter is benign\nrace:orders_processed\n');
  writeFileSync(known, JSON.stringify([{ id: 'BUG-1', signatures: [HEAP_RACE] }]));
  writeFileSync(
    knownAll,
    JSON.stringify([
      { id: 'BUG-1', signatures: [HEAP_RACE] },
      { id: 'BUG-2', title: 'use after free in restock', signatures: [USE_AFTER_FREE, SEED_RACE] },
    ]),
  );
});

const sha256 = (path: string) =>
  existsSync(path) ? createHash('sha256').update(readFileSync(path)).digest('hex') : null;

describe('racelens gate', () => {
  it('passes (exit 0) when every group was seen on the baseline branch', async () => {
    const result = await racelens([
      'gate',
      '--db',
      db,
      '--baseline',
      'main',
      example('bank.clang19.log'),
      example('ci-run.log'),
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'gate passed: no new group (baseline: branch main, 2 runs)\n' +
        '2 groups: 0 new, 2 in the baseline, 0 suppressed, 0 known\n',
    );
  });

  it('fails (exit 1) on a branch that brings new races, listing each', async () => {
    const result = await racelens(['gate', '--db', db, '--baseline', 'main', ...FEATURE]);
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('gate failed: 4 new groups not in the baseline (branch main, 2 runs):');
    const listed = lines.filter((l) => /^[0-9a-f]{10} {2}/.test(l)).map((l) => l.slice(0, 10));
    expect(listed.sort()).toEqual([GLOBAL_RACE, HEAP_RACE, SEED_RACE, USE_AFTER_FREE].sort());
    expect(lines).toContain(`${USE_AFTER_FREE}  heap-use-after-free: main ↔ restock_worker`);
    expect(lines).toContain(`    1 report, first at ${example('inventory.clang19.log')}:56`);
    expect(lines.at(-1)).toBe('5 groups: 4 new, 1 in the baseline, 0 suppressed, 0 known');
  });

  it('leaves out suppressed and known groups, and fails on the rest', async () => {
    const result = await racelens([
      'gate',
      '--db',
      db,
      '--baseline',
      'main',
      '--suppressions',
      suppressions,
      '--known',
      known,
      ...FEATURE,
    ]);
    expect(result.code).toBe(1);
    const listed = result.stdout.match(/^[0-9a-f]{10}(?= {2})/gm) ?? [];
    expect(listed.sort()).toEqual([SEED_RACE, USE_AFTER_FREE].sort());
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe(
      '5 groups: 2 new, 1 in the baseline, 1 suppressed, 1 known',
    );
  });

  it('passes once every new group is suppressed or known', async () => {
    const result = await racelens([
      'gate',
      '--db',
      db,
      '--baseline',
      'main',
      '--suppressions',
      suppressions,
      '--known',
      knownAll,
      ...FEATURE,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'gate passed: no new group (baseline: branch main, 2 runs)\n' +
        '5 groups: 0 new, 1 in the baseline, 1 suppressed, 3 known\n',
    );
  });

  it('counts a suppressed group as suppressed even when the baseline has it', async () => {
    const deposit = join(work, 'deposit.txt');
    writeFileSync(deposit, 'race:deposit\n');
    const result = await racelens([
      'gate',
      '--db',
      db,
      '--baseline',
      'main',
      '--suppressions',
      deposit,
      example('bank.gcc.log'),
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\n1 group: 0 new, 0 in the baseline, 1 suppressed, 0 known\n$/);
  });

  it('takes a run name as the baseline when no run has that branch', async () => {
    // main-2 saw only the bank race: the deadlock of main-1 is new against it.
    const result = await racelens([
      'gate',
      '--db',
      db,
      '--baseline',
      'main-2',
      '--json',
      example('ci-run.log'),
    ]);
    expect(result.code).toBe(1);
    const document = JSON.parse(result.stdout) as {
      passed: boolean;
      baseline: object;
      totals: object;
      groups: { id: string; status: string; first: { line: number } | null }[];
    };
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    expect(document.passed).toBe(false);
    expect(document.baseline).toEqual({ name: 'main-2', kind: 'run', runs: 1 });
    expect(document.totals).toEqual({
      groups: 2,
      new: 1,
      baseline: 1,
      suppressed: 0,
      known: 0,
      regressed: 0,
      ignored: 0,
    });
    expect(document.groups.find((g) => g.status === 'new')).toMatchObject({
      id: '0360d25d03',
      first: { line: 64 },
    });
  });

  it('writes JSON valid against schemas/gate-result.schema.json, with each status', async () => {
    const result = await racelens([
      'gate',
      '--json',
      '--db',
      db,
      '--baseline',
      'main',
      '--suppressions',
      suppressions,
      '--known',
      known,
      ...FEATURE,
    ]);
    expect(result.code).toBe(1);
    const document = JSON.parse(result.stdout) as {
      groups: {
        id: string;
        status: string;
        known: { id: string } | null;
        suppressedBy: object | null;
      }[];
    };
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    const status = Object.fromEntries(document.groups.map((g) => [g.id, g.status]));
    expect(status).toEqual({
      '16f77d6c4e': 'baseline',
      [GLOBAL_RACE]: 'suppressed',
      [HEAP_RACE]: 'known',
      [USE_AFTER_FREE]: 'new',
      [SEED_RACE]: 'new',
    });
    const heap = document.groups.find((g) => g.id === HEAP_RACE);
    expect(heap?.known?.id).toBe('BUG-1');
    expect(document.groups.find((g) => g.id === GLOBAL_RACE)?.suppressedBy).toMatchObject({
      line: 2,
      type: 'race',
      pattern: 'orders_processed',
    });
  });

  it('never writes the store', async () => {
    const before = [sha256(db), sha256(`${db}-wal`)];
    await racelens(['gate', '--db', db, '--baseline', 'main', ...FEATURE]);
    const wal = `${db}-wal`;
    // A reader may leave an empty WAL file beside the store; it adds nothing to it.
    if (existsSync(wal)) expect(readFileSync(wal).length).toBe(0);
    expect(sha256(db)).toBe(before[0]);
    const history = await racelens(['history', '--json', '--db', db]);
    expect((JSON.parse(history.stdout) as { runs: number }).runs).toBe(2);
  });

  it('exits 3 when an input cannot be read and nothing else is new', async () => {
    const result = await racelens([
      'gate',
      '--db',
      db,
      '--baseline',
      'main',
      example('bank.gcc.log'),
      join(work, 'missing.log'),
    ]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/missing\.log/);
    expect(result.stdout).toMatch(/^gate passed/);
  });

  it('exits 2 for an unknown baseline, naming the branches there are', async () => {
    const result = await racelens(['gate', '--db', db, '--baseline', 'mian', ...FEATURE]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `racelens: no run or branch named 'mian' in ${db}; --baseline takes a branch or a run name given to 'racelens ingest' (its branches: main)\n`,
    );
    expect(result.stdout).toBe('');
  });

  it('exits 2 without a store, and needs --baseline', async () => {
    const missing = join(work, 'none', 'racelens.db');
    const none = await racelens(['gate', '--db', missing, '--baseline', 'main', SEED]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(
      `racelens: no racelens store at ${missing}; run 'racelens ingest <logs>' first (or pass --db)\n`,
    );
    const noBaseline = await racelens(['gate', '--db', db, SEED]);
    expect(noBaseline.code).toBe(2);
    expect(noBaseline.stderr).toMatch(/--baseline/);
  });

  it('--allow-missing-baseline: a first run without store or baseline passes and says so', async () => {
    const missing = join(work, 'first', 'racelens.db');
    const first = await racelens([
      'gate',
      '--allow-missing-baseline',
      '--db',
      missing,
      '--baseline',
      'main',
      SEED,
    ]);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('');
    expect(first.stderr).toBe(
      `racelens: no racelens store at ${missing}; run 'racelens ingest <logs>' first (or pass --db)\nracelens: no baseline yet: the gate passes (--allow-missing-baseline); ingest runs of main to gate later ones\n`,
    );
    const unknown = await racelens([
      'gate',
      '--allow-missing-baseline',
      '--db',
      db,
      '--baseline',
      'release',
      SEED,
    ]);
    expect(unknown.code).toBe(0);
    expect(unknown.stderr).toMatch(
      /no run or branch named 'release'.*\nracelens: no baseline yet: the gate passes/s,
    );
    // A store that is there but unreadable is not a first run: still exit 2.
    const damaged = join(work, 'damaged.db');
    writeFileSync(damaged, 'not a database, just text\n'.repeat(100));
    const refused = await racelens([
      'gate',
      '--allow-missing-baseline',
      '--db',
      damaged,
      '--baseline',
      'main',
      SEED,
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).not.toContain('no baseline yet');
  });
});
