import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterAll } from 'vitest';
import { decisionsContract } from './decisions-contract.js';
import { storeContract } from './store-contract.js';

const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
const work = mkdtempSync(join(tmpdir(), 'racelens-contract-sqlite-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let made = 0;

storeContract({
  engine: 'SQLite',
  async fresh() {
    return join(work, `store-${++made}`, 'racelens.db');
  },
  async foreign() {
    const path = join(work, `other-${++made}.db`);
    const db = new Database(path);
    db.exec("CREATE TABLE customers (name TEXT); INSERT INTO customers VALUES ('a');");
    db.close();
    return path;
  },
  async snapshot(path) {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  },
  async markNewer(path) {
    const db = new Database(path);
    db.prepare('INSERT INTO racelens_schema (version, applied_at) VALUES (99, ?)').run(
      new Date().toISOString(),
    );
    db.close();
  },
});

decisionsContract({
  engine: 'SQLite',
  async fresh() {
    return join(work, `decisions-${++made}`, 'racelens.db');
  },
});
