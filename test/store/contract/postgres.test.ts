import pg from 'pg';
import { afterAll, it } from 'vitest';
import { PG_URL, requirePostgres, TestDatabases } from '../../support/postgres.js';
import { decisionsContract } from './decisions-contract.js';
import { storeContract } from './store-contract.js';

const databases = new TestDatabases('racelens_contract');
afterAll(() => databases.dropAll());

async function run(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
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
  });
  decisionsContract({
    engine: 'PostgreSQL',
    fresh: () => databases.create(),
    foreign: () => Promise.reject(new Error('not used by the decisions contract')),
    markNewer: () => Promise.reject(new Error('not used by the decisions contract')),
  });
}
