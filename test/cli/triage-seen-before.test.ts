import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/fixtures.js';
import { example, ingestRun, racelens } from '../support/store-cli.js';

const work = mkdtempSync(join(tmpdir(), 'racelens-seen-before-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const validate = new Ajv2020({ allErrors: true, strict: true }).compile(
  JSON.parse(
    readFileSync(join(REPO_ROOT, 'schemas', 'triage-result.schema.json'), 'utf8'),
  ) as object,
);

const LOGS = [example('bank.clang19.log'), example('inventory.clang19.log')];
const SEEN_LINE = /^ {4}seen before in 2 runs since \d{4}-\d\d-\d\d$/;

interface TriageJson {
  groups: { id: string; seenBefore?: { runs: number; since: string } | null }[];
}

/** A project whose default store (.racelens/racelens.db) saw the bank race in two runs. */
const project = join(work, 'project');
beforeAll(async () => {
  mkdirSync(project);
  const db = join(project, '.racelens', 'racelens.db');
  await ingestRun(db, 'r1', 'main', ['bank.clang19.log']);
  await ingestRun(db, 'r2', 'main', ['bank.gcc.log']);
});

describe('racelens triage and the history store', () => {
  it('says nothing of history without a store, and makes none', async () => {
    const cwd = join(work, 'no-store');
    mkdirSync(cwd);
    const text = await racelens(['triage', ...LOGS], { cwd });
    expect(text.code).toBe(0);
    expect(text.stdout).not.toMatch(/seen before|not seen in any earlier run/);
    const json = await racelens(['triage', '--json', ...LOGS], { cwd });
    const document = JSON.parse(json.stdout) as TriageJson;
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    expect(document.groups.every((g) => !('seenBefore' in g))).toBe(true);
    expect(existsSync(join(cwd, '.racelens'))).toBe(false);
  });

  it('shows per group how many runs saw it since when, or that none did', async () => {
    const result = await racelens(['triage', ...LOGS], { cwd: project });
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    const lineAfterCount = (id: string) => lines[lines.findIndex((l) => l.startsWith(id)) + 2];
    expect(lineAfterCount('16f77d6c4e')).toMatch(SEEN_LINE);
    for (const id of ['31de10047f', 'a940765715', '8c7451c066'])
      expect(lineAfterCount(id)).toBe('    new: not seen in any earlier run');
  });

  it('adds seenBefore to the JSON groups, valid against the schema', async () => {
    const result = await racelens(['triage', '--json', ...LOGS], { cwd: project });
    const document = JSON.parse(result.stdout) as TriageJson;
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    const byId = new Map(document.groups.map((g) => [g.id, g.seenBefore]));
    expect(byId.get('16f77d6c4e')).toMatchObject({ runs: 2 });
    expect(byId.get('a940765715')).toBeNull();
  });

  it('reads the store RACELENS_DB or --db names', async () => {
    const db = join(project, '.racelens', 'racelens.db');
    const cwd = join(work, 'elsewhere');
    mkdirSync(cwd);
    const viaEnv = await racelens(['triage', example('bank.gcc.log')], {
      cwd,
      env: { RACELENS_DB: db },
    });
    expect(viaEnv.stdout.split('\n')[2]).toMatch(SEEN_LINE);
    const viaFlag = await racelens(['triage', '--db', db, example('bank.gcc.log')], { cwd });
    expect(viaFlag.stdout.split('\n')[2]).toMatch(SEEN_LINE);
  });

  it('exits 2 when --db names no store; warns and goes on when the default one is unusable', async () => {
    const missing = join(work, 'missing.db');
    const flag = await racelens(['triage', '--db', missing, example('bank.gcc.log')]);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toBe(
      `racelens: no racelens store at ${missing}; run 'racelens ingest <logs>' first, or leave out --db\n`,
    );
    expect(existsSync(missing)).toBe(false);
    const cwd = join(work, 'foreign');
    mkdirSync(join(cwd, '.racelens'), { recursive: true });
    writeFileSync(join(cwd, '.racelens', 'racelens.db'), 'something else\n');
    const foreign = await racelens(['triage', example('bank.gcc.log')], { cwd });
    expect(foreign.code).toBe(0);
    expect(foreign.stderr).toMatch(/is not a racelens store .*\(seen-before not shown\)\n$/);
    expect(foreign.stdout).not.toMatch(/seen before/);
    expect(readFileSync(join(cwd, '.racelens', 'racelens.db'), 'utf8')).toBe('something else\n');
  });
});
