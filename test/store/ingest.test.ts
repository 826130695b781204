import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/fixtures.js';
import { CLI, runCli } from '../support/run-cli.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
const work = mkdtempSync(join(tmpdir(), 'racelens-ingest-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const EXAMPLES = [
  'examples/bank.clang19.log',
  'examples/bank.gcc.log',
  'examples/ci-run.log',
  'examples/deadlock.gcc.log',
  'examples/inventory.clang19.log',
];

/** The environment of a user outside CI: no CI run id, no store chosen by environment. */
function env(): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!/^(GITHUB_|GITLAB_|CI_|BUILDKITE|CIRCLE_|JENKINS_|BUILD_TAG|RACELENS_DB)/.test(key))
      clean[key] = value;
  return clean;
}

function ingest(db: string, args: readonly string[]) {
  return runCli(['ingest', '--db', db, ...args], { env: env() });
}

interface Counts {
  readonly runs: number;
  readonly inputs: number;
  readonly groups: number;
  readonly occurrences: number;
  readonly groupRunReports: number;
}

function counts(db: string): Counts {
  const store = new Database(db, { readonly: true, fileMustExist: true });
  try {
    const n = (sql: string) => (store.prepare(sql).get() as { n: number | null }).n ?? 0;
    return {
      runs: n('SELECT count(*) AS n FROM runs'),
      inputs: n('SELECT count(*) AS n FROM inputs'),
      groups: n('SELECT count(*) AS n FROM groups'),
      occurrences: n('SELECT count(*) AS n FROM occurrences'),
      groupRunReports: n('SELECT sum(reports) AS n FROM group_runs'),
    };
  } finally {
    store.close();
  }
}

/** What must hold in any store, whenever a writer stopped: SQLite's checks and our sums. */
function expectConsistent(db: string): void {
  const store = new Database(db, { fileMustExist: true });
  try {
    expect(store.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(store.pragma('foreign_key_check')).toEqual([]);
    // Every recorded input has exactly the occurrences it reported.
    const inputs = store
      .prepare(
        `SELECT i.name, i.reports, (SELECT count(*) FROM occurrences o WHERE o.input_id = i.id) AS found
         FROM inputs i`,
      )
      .all() as { name: string; reports: number; found: number }[];
    for (const input of inputs) expect(input.found, input.name).toBe(input.reports);
    // The per-run counts history reads agree with the occurrences.
    const mismatched = store
      .prepare(
        `SELECT gr.group_id FROM group_runs gr
         WHERE gr.reports != (SELECT count(*) FROM occurrences o
                              WHERE o.group_id = gr.group_id AND o.run_id = gr.run_id)`,
      )
      .all();
    expect(mismatched).toEqual([]);
  } finally {
    store.close();
  }
}

describe('racelens ingest', () => {
  it('records each input once: the same logs again change no count', async () => {
    const db = join(work, 'twice.db');
    const first = await ingest(db, EXAMPLES);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(
      /examples\/inventory\.clang19\.log: 3 reports in 3 groups \(3 new to the store\) recorded in run inputs:[0-9a-f]{16}\n/,
    );
    const before = counts(db);
    expect(before).toEqual({ runs: 1, inputs: 5, groups: 5, occurrences: 8, groupRunReports: 8 });
    const again = await ingest(db, EXAMPLES);
    expect(again.code).toBe(0);
    expect(
      again.stdout.match(/already recorded in run inputs:[0-9a-f]{16}, not counted again/g),
    ).toHaveLength(5);
    expect(counts(db)).toEqual(before);
    // A named run takes the same inputs as a run of its own.
    await ingest(db, ['--run', 'nightly-1', '--branch', 'main', ...EXAMPLES]);
    expect(counts(db)).toMatchObject({ runs: 2, inputs: 10, groups: 5, occurrences: 16 });
    expectConsistent(db);
  });

  it('takes four processes ingesting into one store at once, each occurrence once', async () => {
    const db = join(work, 'parallel.db');
    // Four processes: two into one shared run with the same inputs, two into runs of their own.
    const runs = ['shared', 'shared', 'own-1', 'own-2'];
    const results = await Promise.all(runs.map((run) => ingest(db, ['--run', run, ...EXAMPLES])));
    for (const result of results) {
      expect(result.stderr).not.toMatch(/locked|busy/i);
      expect(result.code).toBe(0);
    }
    const recorded = results.flatMap((r) => r.stdout.match(/\) recorded in run shared/g) ?? []);
    const skipped = results.flatMap((r) => r.stdout.match(/already recorded in run shared/g) ?? []);
    expect(recorded).toHaveLength(5);
    expect(skipped).toHaveLength(5);
    expect(counts(db)).toEqual({
      runs: 3,
      inputs: 15,
      groups: 5,
      occurrences: 24,
      groupRunReports: 24,
    });
    expectConsistent(db);
  });

  it('leaves the store consistent when killed with SIGKILL midway, and a re-run completes', async () => {
    const db = join(work, 'killed.db');
    // A large input: 100,000 copies of one real report (~150 MB), after a small one. Its one
    // transaction outgrows SQLite's page cache, so it spills into the WAL before committing.
    const report = readFileSync(join(REPO_ROOT, 'examples', 'bank.gcc.log'), 'utf8');
    const big = join(work, 'big.log');
    writeFileSync(big, report.repeat(100_000));
    const inputs = [join(REPO_ROOT, 'examples', 'inventory.clang19.log'), big];
    const child = spawn(process.execPath, [CLI, 'ingest', '--db', db, '--run', 'r1', ...inputs], {
      env: env(),
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    // Kill once the big input's transaction is writing (its pages spill into the WAL), or after
    // a while if that is missed; the store must be consistent whenever it happens.
    const wal = `${db}-wal`;
    const started = Date.now();
    let walAtKill = 0;
    while (Date.now() - started < 60_000 && child.exitCode === null) {
      walAtKill = existsSync(wal) ? statSync(wal).size : 0;
      if (walAtKill > 1_000_000) break;
      await new Promise((r) => setTimeout(r, 2));
    }
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expectConsistent(db);
    const partial = counts(db);
    // The big input is all there or not at all.
    expect([3, 100_003]).toContain(partial.occurrences);
    console.info(
      `SIGKILL after ${Date.now() - started} ms, WAL at ${walAtKill} bytes: ${partial.inputs} of 2 inputs recorded`,
    );

    const rerun = await ingest(db, ['--run', 'r1', ...inputs]);
    expect(rerun.code).toBe(0);
    expectConsistent(db);
    expect(counts(db)).toEqual({
      runs: 1,
      inputs: 2,
      groups: 4,
      occurrences: 100_003,
      groupRunReports: 100_003,
    });
  });
});

describe('a store racelens cannot use', () => {
  const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

  it('refuses a file that is not SQLite, and leaves it as it was', async () => {
    const path = join(work, 'notes.db');
    writeFileSync(path, 'my notes, not a database\n');
    const before = sha(path);
    const result = await ingest(path, ['examples/bank.gcc.log']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `racelens: ${path} is not a racelens store (not an SQLite database); racelens leaves it as it is: move it away or pass --db with another path\n`,
    );
    expect(sha(path)).toBe(before);
  });

  it("refuses another program's SQLite database, and leaves it as it was", async () => {
    const path = join(work, 'other.db');
    const other = new Database(path);
    other.exec("CREATE TABLE customers (name TEXT); INSERT INTO customers VALUES ('a');");
    other.close();
    const before = sha(path);
    const result = await ingest(path, ['examples/bank.gcc.log']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /other\.db is an SQLite database of another program, not a racelens store/,
    );
    expect(sha(path)).toBe(before);
  });

  it('refuses a damaged store with the reason, and a store of a newer racelens', async () => {
    const damaged = join(work, 'damaged.db');
    await ingest(damaged, ['examples/bank.gcc.log']);
    const bytes = readFileSync(damaged);
    // Keep SQLite's header, overwrite the schema page with noise.
    bytes.fill(0xa5, 100, 4096);
    writeFileSync(damaged, bytes);
    const before = sha(damaged);
    const result = await ingest(damaged, ['examples/bank.gcc.log']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^racelens: the store .*damaged\.db is damaged \(database disk image is malformed\); .*\.recover/,
    );
    expect(sha(damaged)).toBe(before);

    const newer = join(work, 'newer.db');
    await ingest(newer, ['examples/bank.gcc.log']);
    const store = new Database(newer);
    store.pragma('user_version = 99');
    store.close();
    const refused = await ingest(newer, ['examples/bank.gcc.log']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/written by a newer racelens \(schema 99, this one knows \d+\)/);
  });
});
