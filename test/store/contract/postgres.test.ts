import pg from 'pg';
import { afterAll, it } from 'vitest';
import { PG_URL, requirePostgres, TestDatabases } from '../../support/postgres.js';
import { decisionsContract } from './decisions-contract.js';
import { storeContract } from './store-contract.js';

const databases = new TestDatabases('racelens_contract');
afterAll(() => databases.dropAll());

async function run(url: string, sql: string): Promise<pg.QueryResultRow[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

if (PG_URL === '') {
  it('runs the store contract on PostgreSQL', (ctx) => requirePostgres(ctx));
} else {
  storeContract({
    engine: 'PostgreSQL',
    fresh: () => databases.create(),
    async foreign() {
      const url = await databases.create();
      await run(url, "CREATE TABLE customers (name text); INSERT INTO customers VALUES ('a')");
      return url;
    },
    async markNewer(url) {
      await run(url, "INSERT INTO racelens_schema (version, applied_at) VALUES (99, 'now')");
    },
    async snapshot(url) {
      // Every table of the database, its columns and rows: what a write would change.
      const tables = await run(
        url,
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename",
      );
      const parts: string[] = [];
      for (const { tablename } of tables) {
        const rows = await run(url, `SELECT * FROM "${String(tablename)}" ORDER BY 1`);
        parts.push(`${String(tablename)}: ${JSON.stringify(rows)}`);
      }
      return parts.join('\n');
    },
  });
  decisionsContract({
    engine: 'PostgreSQL',
    fresh: () => databases.create(),
  });
}
