import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
/** The bench's own cluster, when no server is given: a port apart from the tests' (55432-55434). */
const OWN_PORT = Number(process.env.BENCH_PG_PORT || 55439);

let server = null;

/**
 * A PostgreSQL server for the store cases: RACELENS_BENCH_PG_URL or RACELENS_TEST_PG_URL (a
 * superuser URL), else a throw-away cluster of the bench's own (scripts/pg-test-cluster.sh,
 * stopped by `stopPgServer`). Resolves `{ url }` or `{ problem }` saying why there is none.
 */
export function pgServer(root) {
  server ??= startServer(root);
  return server;
}

async function startServer(root) {
  const given = process.env.RACELENS_BENCH_PG_URL || process.env.RACELENS_TEST_PG_URL;
  if (given) return { url: given, own: null };
  const dir = join(root, 'bench/out/pg-cluster');
  const script = join(root, 'scripts/pg-test-cluster.sh');
  try {
    await run(script, ['stop', String(OWN_PORT), dir]);
    const { stdout } = await run(script, ['start', String(OWN_PORT), dir]);
    return { url: stdout.trim(), own: { script, dir } };
  } catch (error) {
    return {
      problem: `no PostgreSQL server (set RACELENS_BENCH_PG_URL): ${error.stderr || error.message}`,
    };
  }
}

/** Stops the bench's own cluster, if it started one. */
export async function stopPgServer() {
  const started = server && (await server);
  server = null;
  if (started?.own) await run(started.own.script, ['stop', String(OWN_PORT), started.own.dir]);
}

/** A new database on the server; resolves its URL and a `drop()`. */
export async function createDatabase(root, name) {
  const found = await pgServer(root);
  if (found.problem) throw new Error(found.problem);
  const database = `racelens_bench_${name}_${randomBytes(3).toString('hex')}`;
  await onServer(found.url, `CREATE DATABASE ${database}`);
  const url = new URL(found.url);
  url.pathname = `/${database}`;
  return {
    url: url.href,
    async size() {
      const rows = await onServer(found.url, `SELECT pg_database_size('${database}') AS n`);
      return Number(rows[0].n);
    },
    drop: () => onServer(found.url, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`),
  };
}

async function onServer(url, sql) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}
