/**
 * The decision commands on a real PostgreSQL store (RACELENS_TEST_PG_URL; skipped locally
 * without it, failing on CI): decide, concurrent decide processes, decisions, a regressed
 * group failing gate, known export and import into another database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PG_URL, requirePostgres, TestDatabases } from '../support/postgres.js';
import { example, racelens } from '../support/store-cli.js';

const databases = new TestDatabases('racelens_decisions_cli');
const work = mkdtempSync(join(tmpdir(), 'racelens-decisions-pg-'));
afterAll(async () => {
  await databases.dropAll();
  rmSync(work, { recursive: true, force: true });
});

const B = '16f77d6c4e'; // bank's data race
const D = '0360d25d03'; // the lock-order inversion

interface Listed {
  readonly groups: {
    readonly id: string;
    readonly decisions: { readonly decision: object; readonly by: string; readonly at: string }[];
    readonly history: { readonly by: string }[];
  }[];
}

describe('decisions on PostgreSQL through the CLI', () => {
  it('needs a PostgreSQL server', (ctx) => requirePostgres(ctx));

  it.skipIf(PG_URL === '')(
    'decides, keeps concurrent decisions, fails gate on a regression, exports and imports',
    async () => {
      const db = await databases.create();
      const ingest = await racelens([
        'ingest',
        '--db',
        db,
        '--run',
        'r1',
        '--branch',
        'main',
        example('bank.gcc.log'),
        example('deadlock.gcc.log'),
      ]);
      expect(ingest.code).toBe(0);

      const [a, b] = await Promise.all([
        racelens(['decide', B.slice(0, 4), '--filed', 'acme/bank#1', '--db', db, '--by', 'a']),
        racelens(['decide', B.slice(0, 4), '--fixed', '--in', 'abc123', '--db', db, '--by', 'b']),
      ]);
      expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, '', '']);
      const ignore = await racelens([
        'decide',
        D,
        '--ignore',
        'test only',
        '--db',
        db,
        '--by',
        'c',
      ]);
      expect(ignore.code).toBe(0);

      const listed = JSON.parse(
        (await racelens(['decisions', '--json', '--db', db])).stdout,
      ) as Listed;
      const bank = listed.groups.find((g) => g.id === B);
      expect(bank?.history.map((h) => h.by).sort()).toEqual(['a', 'b']);

      const gate = await racelens([
        'gate',
        '--baseline',
        'main',
        '--db',
        db,
        example('ci-run.log'),
      ]);
      expect(gate.code).toBe(1);
      expect(gate.stdout.split('\n').slice(0, 2)).toEqual([
        'gate failed: 1 regressed group, decided fixed (or issue closed) and seen again:',
        expect.stringMatching(new RegExp(`^${B}  data race`)),
      ]);
      expect(gate.stdout).toContain('1 ignored');

      const file = join(work, 'known.yaml');
      expect((await racelens(['known', 'export', '-o', file, '--db', db])).code).toBe(0);
      const other = await databases.create();
      const imported = await racelens(['known', 'import', file, '--db', other]);
      expect(imported.code).toBe(0);
      const again = JSON.parse(
        (await racelens(['decisions', '--json', '--db', other])).stdout,
      ) as Listed;
      const holding = (doc: Listed) =>
        doc.groups.map((g) => ({
          id: g.id,
          decisions: g.decisions.map(({ decision, by, at }) => ({ decision, by, at })),
        }));
      expect(holding(again)).toEqual(holding(listed));
    },
    120_000,
  );
});
