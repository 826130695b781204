import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { example, ingestRun, racelens } from '../support/store-cli.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
const work = mkdtempSync(join(tmpdir(), 'racelens-refused-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A store whose `group_runs` table and its index (what history and gate read) are noise. */
async function damagedStore(name: string): Promise<string> {
  const path = join(work, name);
  await ingestRun(path, 'r0', 'main', ['ci-run.log', 'inventory.clang19.log']);
  const db = new Database(path, { readonly: true });
  const pages = db
    .prepare<[], number>(
      "SELECT rootpage FROM sqlite_schema WHERE name IN ('group_runs', 'group_runs_run')",
    )
    .pluck()
    .all();
  const pageSize = Number(db.pragma('page_size', { simple: true }));
  db.close();
  expect(pages).toHaveLength(2);
  const fd = openSync(path, 'r+');
  for (const page of pages)
    writeSync(fd, Buffer.alloc(pageSize, 0xa5), 0, pageSize, (page - 1) * pageSize);
  closeSync(fd);
  return path;
}

const DAMAGED =
  /^racelens: the store .*\.db is damaged \(database disk image is malformed\); racelens leaves it as it is: recover what it holds with 'sqlite3 .*\.db \.recover \| sqlite3 recovered\.db' and pass --db recovered\.db, or start a new store with --db NEW-PATH\n$/;

describe('a damaged, an empty and an unknown store', () => {
  it('says a store with damaged pages is damaged and how to recover, exit 2, from every command', async () => {
    const db = await damagedStore('damaged.db');
    for (const args of [
      ['history', '--db', db],
      ['ingest', '--db', db, '--run', 'r1', example('bank.gcc.log')],
      ['gate', '--db', db, '--baseline', 'main', example('bank.gcc.log')],
      ['triage', '--db', db, example('bank.gcc.log')],
    ]) {
      const result = await racelens(args);
      expect(result.stderr, args[0]).toMatch(DAMAGED);
      expect(result.code, args[0]).toBe(2);
    }
    // Where the store was not asked for by --db, triage goes on without seen-before.
    const triage = await racelens(['triage', example('bank.gcc.log')], {
      env: { RACELENS_DB: db },
    });
    expect(triage.code).toBe(0);
    expect(triage.stderr).toMatch(/is damaged .*\(seen-before not shown\)\n$/);
    expect(triage.stdout).toMatch(/data race/);
  });

  it('takes a 0-byte file for a store not yet written: readers find none, ingest makes it', async () => {
    const db = join(work, 'empty.db');
    writeFileSync(db, '');
    const history = await racelens(['history', '--db', db]);
    expect(history.code).toBe(2);
    expect(history.stderr).toBe(
      `racelens: no racelens store at ${db}; run 'racelens ingest <logs>' first (or pass --db)\n`,
    );
    const ingest = await racelens(['ingest', '--db', db, '--run', 'r0', example('bank.gcc.log')]);
    expect(ingest.stderr).toBe('');
    expect(ingest.code).toBe(0);
    const after = await racelens(['history', '--db', db, '--json']);
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout).runs).toBe(1);
  });

  it('refuses a URL scheme it does not know, naming those it does, and makes nothing', async () => {
    const cwd = mkdtempSync(join(work, 'cwd-'));
    for (const command of [['history'], ['ingest', example('bank.gcc.log')]]) {
      const result = await racelens([...command, '--db', 'mysql://me@db.example/races'], { cwd });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        "racelens: racelens does not know the store URL scheme 'mysql://'; --db takes a file path (SQLite) or a URL of postgres://, postgresql://, file://\n",
      );
    }
    const fromEnv = await racelens(['history'], { cwd, env: { RACELENS_DB: 'redis://x/0' } });
    expect(fromEnv.code).toBe(2);
    expect(fromEnv.stderr).toMatch(/scheme 'redis:\/\/'/);
    expect(readdirSync(cwd)).toEqual([]);
    // file:// is a path.
    const viaUrl = join(work, 'via-url.db');
    const ingest = await racelens([
      'ingest',
      '--db',
      `file://${viaUrl}`,
      '--run',
      'r0',
      example('bank.gcc.log'),
    ]);
    expect(ingest.code).toBe(0);
    expect(existsSync(viaUrl)).toBe(true);
  });
});
