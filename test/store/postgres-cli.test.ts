import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/fixtures.js';
import { PG_URL, requirePostgres, TestDatabases, urlFor } from '../support/postgres.js';
import { CLI } from '../support/run-cli.js';
import { cleanEnv, example, racelens } from '../support/store-cli.js';

const databases = new TestDatabases('racelens_cli');
const work = mkdtempSync(join(tmpdir(), 'racelens-pg-cli-'));
afterAll(async () => {
  await databases.dropAll();
  rmSync(work, { recursive: true, force: true });
});

const EXAMPLES = [
  'bank.clang19.log',
  'bank.gcc.log',
  'ci-run.log',
  'deadlock.gcc.log',
  'inventory.clang19.log',
].map(example);

/** Statements on one database of the test server. */
async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

interface Counts {
  readonly runs: number;
  readonly inputs: number;
  readonly groups: number;
  readonly occurrences: number;
  readonly groupRunReports: number;
}

async function counts(url: string): Promise<Counts> {
  const [row] = await query<Counts>(
    url,
    `SELECT (SELECT count(*)::int FROM runs) AS runs, (SELECT count(*)::int FROM inputs) AS inputs,
       (SELECT count(*)::int FROM groups) AS groups,
       (SELECT count(*)::int FROM occurrences) AS occurrences,
       (SELECT coalesce(sum(reports), 0)::int FROM group_runs) AS "groupRunReports"`,
  );
  return row!;
}

/** What must hold whenever a writer stopped: every input whole, per-run counts in step. */
async function expectConsistent(url: string): Promise<void> {
  const partial = await query(
    url,
    `SELECT i.name FROM inputs i
     WHERE i.reports != (SELECT count(*) FROM occurrences o WHERE o.input_id = i.id)`,
  );
  expect(partial).toEqual([]);
  const mismatched = await query(
    url,
    `SELECT gr.group_id FROM group_runs gr
     WHERE gr.reports != (SELECT count(*) FROM occurrences o
                          WHERE o.group_id = gr.group_id AND o.run_id = gr.run_id)`,
  );
  expect(mismatched).toEqual([]);
}

describe('racelens with a PostgreSQL store', () => {
  it('ingests, then history, gate and triage read the same store by its URL', async (ctx) => {
    requirePostgres(ctx);
    const db = await databases.create();
    const ingest = await racelens([
      'ingest',
      '--db',
      db,
      '--run',
      'r1',
      '--branch',
      'main',
      ...EXAMPLES,
    ]);
    expect(ingest.stderr).toBe('');
    expect(ingest.code).toBe(0);
    expect(ingest.stdout).toMatch(
      /inventory\.clang19\.log: 3 reports in 3 groups \(3 new to the store\) recorded in run r1/,
    );
    const history = await racelens(['history', '--json'], { env: { RACELENS_DB: db } });
    expect(history.code).toBe(0);
    expect(JSON.parse(history.stdout)).toMatchObject({ runs: 1 });
    // The store is named without its password.
    const text = await racelens(['history', '--db', db]);
    expect(text.stdout).toContain(db.replace(':racelens@', '@'));
    expect(text.stdout).not.toContain(':racelens@');
    const gate = await racelens(['gate', '--db', db, '--baseline', 'main', ...EXAMPLES]);
    expect(gate.code).toBe(0);
    const seen = await racelens(['triage', '--db', db, '--json', example('bank.gcc.log')]);
    expect(seen.code).toBe(0);
    expect(JSON.parse(seen.stdout).groups[0].seenBefore).toMatchObject({ runs: 1 });
  });

  it('run --ingest records every measured run into one store run, two runs committing at once', async (ctx) => {
    requirePostgres(ctx);
    const db = await databases.create();
    const log = example('bank.gcc.log');
    const result = await racelens([
      'run',
      '-n',
      '4',
      '-j',
      '2',
      '--json',
      '--ingest',
      '--db',
      db,
      '--run',
      'repro',
      '--',
      'sh',
      '-c',
      `cat '${log}' >&2`,
    ]);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).store).toEqual({
      path: db.replace(':racelens@', '@'),
      run: 'repro',
    });
    const history = JSON.parse((await racelens(['history', '--json', '--db', db])).stdout);
    expect(history.runs).toBe(1);
    expect(history.groups).toHaveLength(1);
    expect(history.groups[0]).toMatchObject({ id: '7d58118e3e', reports: 4 });
    expect(await counts(db)).toMatchObject({ runs: 1, inputs: 4, occurrences: 4 });
  });

  it('takes 8 processes ingesting overlapping logs at once: nothing lost, nothing twice', async (ctx) => {
    requirePostgres(ctx);
    const db = await databases.create();
    // Four into one shared run with the same logs, four into runs of their own: all at once,
    // on a database none of them has made yet (migrations race too).
    const runs = ['shared', 'shared', 'shared', 'shared', 'own-1', 'own-2', 'own-3', 'own-4'];
    const results = await Promise.all(
      runs.map((run) => racelens(['ingest', '--db', db, '--run', run, ...EXAMPLES])),
    );
    for (const result of results) {
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    }
    const out = results.map((r) => r.stdout).join('');
    expect(out.match(/\) recorded in run shared/g)).toHaveLength(5);
    expect(out.match(/already recorded in run shared/g)).toHaveLength(15);
    // As if one after the other: 5 runs, 5 + 4 x 5 inputs, 5 groups, 8 reports per set of logs.
    expect(await counts(db)).toEqual({
      runs: 5,
      inputs: 25,
      groups: 5,
      occurrences: 40,
      groupRunReports: 40,
    });
    await expectConsistent(db);
    const news = out.match(/\((\d+) new to the store\)/g) ?? [];
    const newGroups = news.reduce((sum, m) => sum + Number(/\d+/.exec(m)?.[0]), 0);
    expect(newGroups).toBe(5);
  });

  it('leaves no part of an input when the ingesting process is killed mid-transaction', async (ctx) => {
    requirePostgres(ctx);
    const db = await databases.create();
    const report = readFileSync(join(REPO_ROOT, 'examples', 'bank.gcc.log'), 'utf8');
    const big = join(work, 'big.log');
    writeFileSync(big, report.repeat(60_000));
    const inputs = [example('inventory.clang19.log'), big];
    const child = spawn(process.execPath, [CLI, 'ingest', '--db', db, '--run', 'r1', ...inputs], {
      env: cleanEnv(),
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    // Kill while the big input's occurrences are being inserted (its transaction is open).
    const watcher = new pg.Client({ connectionString: PG_URL });
    await watcher.connect();
    const database = new URL(db).pathname.slice(1);
    let caught = false;
    const started = Date.now();
    try {
      while (!caught && child.exitCode === null && Date.now() - started < 120_000) {
        const { rows } = await watcher.query(
          `SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND state = 'active'
           AND query LIKE '%INSERT INTO occurrences%'`,
          [database],
        );
        caught = rows.length > 0;
      }
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      // The server rolls the transaction back once it sees the connection gone.
      for (let i = 0; i < 200; i++) {
        const { rows } = await watcher.query(
          "SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND application_name = 'racelens'",
          [database],
        );
        if (rows.length === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await watcher.end();
    }
    expect(caught, 'the kill landed while the big input was being written').toBe(true);
    await expectConsistent(db);
    expect(await counts(db)).toMatchObject({ inputs: 1, occurrences: 3 });

    const rerun = await racelens(['ingest', '--db', db, '--run', 'r1', ...inputs]);
    expect(rerun.code).toBe(0);
    await expectConsistent(db);
    expect(await counts(db)).toEqual({
      runs: 1,
      inputs: 2,
      groups: 4,
      occurrences: 60_003,
      groupRunReports: 60_003,
    });
  });
});

describe('a PostgreSQL store racelens cannot use: one line naming the server, exit 2', () => {
  it('a server that does not answer', async () => {
    // Nothing listens on this port of 127.0.0.1 (no test server is needed).
    const url = 'postgres://someone:secret@127.0.0.1:9/races';
    for (const args of [['history'], ['ingest', '--run', 'r', example('bank.gcc.log')]]) {
      const result = await racelens([...args, '--db', url]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        'racelens: cannot reach the PostgreSQL server at 127.0.0.1:9 (connection refused); is it running, and is the URL postgres://someone@127.0.0.1:9/races right?\n',
      );
    }
  });

  it('a login the server refuses, a database it lacks, a role without permission', async (ctx) => {
    requirePostgres(ctx);
    const server = new URL(PG_URL).host;
    const wrong = urlFor('postgres', { user: 'racelens', password: 'not-the-password' });
    const refused = await racelens(['history', '--db', wrong]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      new RegExp(
        `^racelens: the PostgreSQL server at ${server} refused the login of 'racelens' \\(password authentication failed for user "racelens"\\); check the user and password in the URL \\(or PGPASSWORD, ~/\\.pgpass\\)\\n$`,
      ),
    );
    expect(refused.stderr).not.toContain('not-the-password');

    const tls = await racelens(['history', '--db', `${PG_URL}?sslmode=verify-full`]);
    expect(tls.code).toBe(2);
    expect(tls.stderr).toMatch(
      new RegExp(
        `^racelens: cannot connect to the PostgreSQL server at ${server} \\(The server does not support SSL connections\\); check the URL .*\\n$`,
      ),
    );

    const missing = await racelens([
      'ingest',
      '--db',
      urlFor('racelens_no_such_db'),
      '--run',
      'r',
      example('bank.gcc.log'),
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      new RegExp(
        `^racelens: the PostgreSQL server at ${server} has no database 'racelens_no_such_db'; create it \\(createdb .*\\)`,
      ),
    );

    // A role that may log in but not create tables (PostgreSQL 15: no CREATE on public).
    const db = await databases.create();
    const role = `racelens_reader_${Date.now()}`;
    await query(PG_URL, `CREATE ROLE ${role} LOGIN PASSWORD 'reader'`);
    try {
      const name = new URL(db).pathname.slice(1);
      const asReader = urlFor(name, { user: role, password: 'reader' });
      const denied = await racelens([
        'ingest',
        '--db',
        asReader,
        '--run',
        'r',
        example('bank.gcc.log'),
      ]);
      expect(denied.code).toBe(2);
      expect(denied.stderr).toMatch(
        new RegExp(
          `^racelens: '${role}' lacks a permission in the database '${name}' on ${server} \\(permission denied for schema public\\); .*\\n$`,
        ),
      );
    } finally {
      await databases.dropAll();
      await query(PG_URL, `DROP ROLE ${role}`);
    }
  });
});
