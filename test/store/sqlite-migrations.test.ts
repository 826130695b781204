import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { MIGRATIONS } from '../../src/store/sqlite-schema.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
const work = mkdtempSync(join(tmpdir(), 'racelens-migrations-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A store as racelens of schema 1 wrote it: its tables, `user_version` 1, no racelens_schema. */
function versionOneStore(path: string): void {
  const db = new Database(path);
  db.pragma('application_id = 0x52434c53');
  db.exec(MIGRATIONS[0] ?? '');
  db.prepare("INSERT INTO runs (name, time) VALUES ('old-run', '2024-01-01T00:00:00.000Z')").run();
  db.pragma('user_version = 1');
  db.close();
}

describe('SQLite migrations', () => {
  it('upgrades a store of schema 1 on the first write, keeping its runs; readers ask for that first', async () => {
    const path = join(work, 'v1.db');
    versionOneStore(path);
    await expect(openStore({ db: path, create: false, readonly: true })).rejects.toThrow(
      `the store ${path} is from an older racelens; run 'racelens ingest' once to upgrade it`,
    );
    const writer = await openStore({
      db: path,
      create: true,
      clock: () => new Date(Date.UTC(2025, 0, 2)),
    });
    await writer?.close();
    const db = new Database(path, { readonly: true });
    try {
      expect(
        db.prepare('SELECT version, applied_at FROM racelens_schema ORDER BY version').all(),
      ).toEqual(
        // Every version up to the newest (later migrations add rows: decisions is 3).
        MIGRATIONS.map((_, i) => ({ version: i + 1, applied_at: '2025-01-02T00:00:00.000Z' })),
      );
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    } finally {
      db.close();
    }
    const reader = await openStore({ db: path, create: false, readonly: true });
    try {
      expect((await reader?.history({}))?.runs).toBe(1);
    } finally {
      await reader?.close();
    }
  });
});
