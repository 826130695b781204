import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { IN_CI } from './tsan-toolchains.js';

/**
 * A real PostgreSQL server for the store's tests: RACELENS_TEST_PG_URL names a superuser role
 * on it (.ci/run starts a throw-away cluster with scripts/pg-test-cluster.sh and exports it).
 * Each test file makes databases of its own, so files run in parallel. Without the variable
 * the tests skip locally and fail on CI.
 */
export const PG_URL = process.env.RACELENS_TEST_PG_URL ?? '';

const HOW =
  'set RACELENS_TEST_PG_URL to a superuser URL of a PostgreSQL server (e.g. the one scripts/pg-test-cluster.sh start 55432 DIR prints; Debian package: postgresql)';

export function requirePostgres(ctx: { skip: (note?: string) => void }): void {
  if (PG_URL !== '') return;
  if (IN_CI) throw new Error(`the PostgreSQL tests need a server: ${HOW}`);
  ctx.skip('no PostgreSQL server: RACELENS_TEST_PG_URL is not set');
}

/** `PG_URL` with another database (and optionally another user and password). */
export function urlFor(database: string, login?: { user: string; password: string }): string {
  const url = new URL(PG_URL);
  url.pathname = `/${database}`;
  if (login) {
    url.username = login.user;
    url.password = login.password;
  }
  return url.href;
}

/** Statements on the server as its superuser (CREATE DATABASE, roles). */
export async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Makes databases named `<prefix>_<random>_<n>` and drops them all at `dropAll()`: one
 * instance per test file.
 */
export class TestDatabases {
  private readonly made: string[] = [];
  private readonly tag = randomBytes(4).toString('hex');

  constructor(private readonly prefix: string) {}

  /** A new, empty database; its URL. */
  async create(): Promise<string> {
    const name = `${this.prefix}_${this.tag}_${this.made.length + 1}`;
    await admin((c) => c.query(`CREATE DATABASE ${name}`));
    this.made.push(name);
    return urlFor(name);
  }

  async dropAll(): Promise<void> {
    if (PG_URL === '') return;
    await admin(async (c) => {
      for (const name of this.made.splice(0))
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
  }
}
