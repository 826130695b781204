import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/fixtures.js';
import { ingestRun, racelens } from '../support/store-cli.js';

const work = mkdtempSync(join(tmpdir(), 'racelens-history-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const validate = new Ajv2020({ allErrors: true, strict: true }).compile(
  JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'history.schema.json'), 'utf8')) as object,
);

const BANK = '16f77d6c4e';
const DEADLOCK = '0360d25d03';
// Sorted by id: history breaks ties in share by it.
const INVENTORY = ['31de10047f', '8c7451c066', 'a940765715'];

interface HistoryJson {
  view: string;
  runs: number;
  since: string | null;
  groups: { id: string; runsSeen: number; share: number; reports: number; trend: string }[];
}

interface GroupJson {
  view: string;
  runs: number;
  group: { id: string; runsSeen: number; reports: number; trend: string };
  appearances: { run: string; branch: string | null; reports: number }[];
}

/**
 * Four runs of real example logs: the bank race in every run (twice in r3: its own log and the
 * CI log), the deadlock in r2 and r3, inventory's three groups only in r4 (another branch).
 */
const db = join(work, 'store', 'racelens.db');
beforeAll(async () => {
  await ingestRun(db, 'r1', 'main', ['bank.clang19.log']);
  await ingestRun(db, 'r2', 'main', ['bank.gcc.log', 'deadlock.gcc.log']);
  await ingestRun(db, 'r3', 'main', ['bank.clang19.log', 'ci-run.log']);
  await ingestRun(db, 'r4', 'feature', ['inventory.clang19.log', 'bank.clang19.log']);
});

describe('racelens history', () => {
  it('lists each group with runs seen, share and trend, most flaky first', async () => {
    const result = await racelens(['history', '--db', db]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`4 runs in ${db} (times in UTC)`);
    expect(lines[2]).toMatch(/^id {10}runs {2}share {2}trend {3}first seen {8}last seen {9}title$/);
    const rows = lines.slice(3, 8);
    expect(rows.map((l) => l.slice(0, 10))).toEqual([BANK, DEADLOCK, ...INVENTORY]);
    expect(rows[0]).toMatch(
      /^16f77d6c4e {3}4\/4 {3}100% {2}steady {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}data race: add_interest ↔ deposit on a heap block$/,
    );
    expect(rows[1]).toMatch(/^0360d25d03 {3}2\/4 {4}50% {2}steady /);
    for (const row of rows.slice(2)) expect(row).toMatch(/^[0-9a-f]{10} {3}1\/4 {4}25% {2}new {5}/);
    expect(lines.at(-1)).toBe('5 groups: 3 new, 2 steady');
  });

  it('writes JSON valid against schemas/history.schema.json', async () => {
    const result = await racelens(['history', '--json', '--db', db]);
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout) as HistoryJson;
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    expect(document).toMatchObject({ view: 'groups', runs: 4, since: null });
    expect(document.groups[0]).toMatchObject({ id: BANK, runsSeen: 4, share: 1, reports: 5 });
    expect(document.groups[1]).toMatchObject({ id: DEADLOCK, runsSeen: 2, share: 0.5 });
  });

  it('--group: the group and every run that saw it, newest first', async () => {
    const result = await racelens(['history', '--db', db, '--group', BANK.slice(0, 5)]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 2)).toEqual([
      `${BANK}  data race: add_interest ↔ deposit on a heap block`,
      '    seen in 4 of 4 runs (100%), 5 reports; trend: steady',
    ]);
    expect(lines).toContain('    signature: v2|data-race|add_interest|deposit|heap');
    const table = lines.slice(lines.indexOf('') + 1);
    expect(table[0]).toMatch(/^run {2}time \(UTC\) {8}commit {2}branch {3}job {2}reports$/);
    expect(table.slice(1).map((l) => l.split(/ +/)[0])).toEqual(['r4', 'r3', 'r2', 'r1']);
    expect(table[2]).toMatch(/^r3 {3}\S+ \S+ {2}- {7}main {5}- {10}2$/);
  });

  it('--group --json is valid against the same schema', async () => {
    const result = await racelens(['history', '--db', db, '--group', DEADLOCK, '--json']);
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout) as GroupJson;
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    expect(document).toMatchObject({ view: 'group', runs: 4, group: { id: DEADLOCK } });
    expect(document.appearances.map((a) => [a.run, a.branch, a.reports])).toEqual([
      ['r3', 'main', 1],
      ['r2', 'main', 1],
    ]);
  });

  it('--since: counts only the runs since then', async () => {
    const all = JSON.parse((await racelens(['history', '--json', '--db', db])).stdout) as {
      groups: { id: string; lastSeen: string }[];
    };
    // r4 is the only run at or after the time inventory's groups were last (and first) seen.
    const r4 = all.groups.find((g) => g.id === INVENTORY[0])!.lastSeen;
    const result = await racelens(['history', '--json', '--db', db, '--since', r4]);
    const document = JSON.parse(result.stdout) as HistoryJson;
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    expect(document.runs).toBe(1);
    expect(document.since).toBe(r4);
    expect(document.groups.map((g) => g.id).sort()).toEqual([BANK, ...INVENTORY].sort());
    expect(document.groups.find((g) => g.id === BANK)?.trend).not.toBe('new');
    const future = await racelens(['history', '--db', db, '--since', '2999-01-01']);
    expect(future.code).toBe(0);
    expect(future.stdout).toBe(`no runs in ${db} since 2999-01-01 00:00 (UTC)\n`);
  });

  it('rejects a bad --since, --since with --group, and an unknown or too short id', async () => {
    const since = await racelens(['history', '--db', db, '--since', 'yesterday']);
    expect(since.code).toBe(2);
    expect(since.stderr).toBe(
      "racelens: --since takes an ISO date or date-time (2024-05-01, 2024-05-01T12:00Z), not 'yesterday'\n",
    );
    const both = await racelens(['history', '--db', db, '--since', '2024-01-01', '--group', BANK]);
    expect(both.code).toBe(2);
    const unknown = await racelens(['history', '--db', db, '--group', 'ffffffff']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      `racelens: no group has the id 'ffffffff' in ${db}; 'racelens history' lists the ids\n`,
    );
    const short = await racelens(['history', '--db', db, '--group', '7d5']);
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/too short for a group id: give at least 4/);
  });
});

describe('racelens history without a store', () => {
  it('exits 2 and says how to make one, creating nothing', async () => {
    const missing = join(work, 'nowhere', 'racelens.db');
    const result = await racelens(['history', '--db', missing]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `racelens: no racelens store at ${missing}; run 'racelens ingest <logs>' first (or pass --db)\n`,
    );
    expect(result.stdout).toBe('');
    expect(existsSync(join(work, 'nowhere'))).toBe(false);
  });

  it('looks at .racelens/racelens.db in the current directory, or RACELENS_DB', async () => {
    const cwd = join(work, 'empty-project');
    mkdirSync(cwd);
    const none = await racelens(['history'], { cwd });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`no racelens store at ${join(cwd, '.racelens', 'racelens.db')};`);
    expect(existsSync(join(cwd, '.racelens'))).toBe(false);
    const viaEnv = await racelens(['history'], { cwd, env: { RACELENS_DB: db } });
    expect(viaEnv.code).toBe(0);
    expect(viaEnv.stdout).toMatch(/^4 runs in /);
  });

  it('refuses a file that is not a store, and leaves it as it was', async () => {
    const foreign = join(work, 'notes.db');
    writeFileSync(foreign, 'not a database\n');
    const result = await racelens(['history', '--db', foreign]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is not a racelens store/);
    expect(readFileSync(foreign, 'utf8')).toBe('not a database\n');
  });
});
