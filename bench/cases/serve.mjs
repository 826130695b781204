import { spawn } from 'node:child_process';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { runMixes, writeRunLog } from '../lib/gen-runs.mjs';
import {
  PREFILL_MIN_GROUPS,
  PREFILL_PER_RUN,
  PREFILL_RUNS,
  prefillResults,
  prefillStore,
} from '../lib/prefill-groups.mjs';
import { storeFor } from './store.mjs';

/** The load: 8 clients ingesting at once while someone reads the groups list. */
const CLIENTS = 8;
const LOGS_PER_CLIENT = 10;
const REPORTS_PER_LOG = 1000;
const INGEST_TARGET = 5000;
const LIST_P95_TARGET_MS = 150;
const SEED = 0x5e7e;

/**
 * `racelens serve` (the built CLI, a process of its own) on 127.0.0.1 over each engine: 8
 * clients POST logs of 1,000 reports at once (aggregate reports/s), while one more client
 * asks for a page of 100 groups, filtered, again and again (p95 latency). The store is first
 * filled to the size through the library's Store (lib/prefill-groups.mjs): 1,000 runs
 * of 1,000 reports in over 10,000 distinct groups, runs dated before the bench's own.
 */
export const serveCases = [serveCase('sqlite'), serveCase('postgres')];
export const serveTargets = [ingestTarget, listTarget];

function serveCase(engine) {
  return {
    id: engine === 'sqlite' ? 'serve-ingest' : `serve-ingest-${engine}`,
    async run(ctx) {
      const dir = join(ctx.root, 'bench/out/serve', engine);
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
      const store = await storeFor(ctx, engine, dir);
      const lib = await import(pathToFileURL(join(ctx.root, 'dist/index.js')).href);
      const prefill = await prefillResults(lib, ctx.fixtures.templates, dir);
      const prefillSeconds = await prefillStore(lib, store.db, prefill.results);
      await settle(engine, store.db);
      const before = await storeCounts(engine, store.db);
      const mixes = runMixes(ctx.fixtures.templates.length, LOGS_PER_CLIENT, SEED);
      const logs = [];
      for (let i = 0; i < LOGS_PER_CLIENT; i++) {
        const path = join(dir, `log-${i}.log`);
        await writeRunLog(path, {
          templates: ctx.fixtures.templates,
          mix: mixes[i],
          reports: REPORTS_PER_LOG,
          seed: SEED + i,
        });
        logs.push(await readFile(path));
      }
      const server = await startServe(ctx.cli, store.db);
      const failures = [];
      const latencies = [];
      let bytes = 0;
      try {
        let ingesting = true;
        const reader = (async () => {
          while (ingesting) {
            const started = performance.now();
            const response = await fetch(
              `${server.url}/api/v1/groups?limit=100&kind=data%20race&text=a`,
            );
            await response.arrayBuffer();
            latencies.push(performance.now() - started);
          }
        })();
        const started = performance.now();
        await Promise.all(
          Array.from({ length: CLIENTS }, async (_, client) => {
            for (let i = 0; i < LOGS_PER_CLIENT; i++) {
              // Each client's copy differs by a first line: every log is recorded.
              const body = Buffer.concat([Buffer.from(`client ${client} log ${i}\n`), logs[i]]);
              bytes += body.length;
              const response = await fetch(
                `${server.url}/api/v1/ingest?run=bench-${client}&branch=main`,
                { method: 'POST', body },
              );
              if (response.status !== 201)
                failures.push(`ingest answered ${response.status}: ${await response.text()}`);
            }
          }),
        );
        const seconds = (performance.now() - started) / 1000;
        ingesting = false;
        await reader;
        latencies.sort((a, b) => a - b);
        if (
          before.groups < PREFILL_MIN_GROUPS ||
          before.occurrences < PREFILL_RUNS * PREFILL_PER_RUN
        )
          failures.push(
            `prefill made ${before.groups} groups and ${before.occurrences} occurrences, not the issue's ${PREFILL_MIN_GROUPS} and ${PREFILL_RUNS * PREFILL_PER_RUN}`,
          );
        const p95 =
          latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.95))] ?? null;
        const reports = CLIENTS * LOGS_PER_CLIENT * REPORTS_PER_LOG;
        return {
          id: this.id,
          label: `serve: ${CLIENTS} clients x ${LOGS_PER_CLIENT} logs x ${REPORTS_PER_LOG.toLocaleString('en-US')} reports (${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'})`,
          bytes,
          seconds,
          cpuSeconds: null,
          rssKB: null,
          reports,
          reportsPerSecond: failures.length === 0 ? reports / seconds : null,
          p95,
          failures,
          prefill: before,
          note:
            `groups list (100, filtered) p95 ${p95 === null ? '?' : Math.round(p95)} ms over ${latencies.length} requests during the ingest; ` +
            `store prefilled to ${before.groups.toLocaleString('en-US')} groups / ${before.occurrences.toLocaleString('en-US')} occurrences in ${prefillSeconds.toFixed(1)} s`,
        };
      } finally {
        await server.stop();
        await store.drop();
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Starts `racelens serve --port 0` and waits for its URL. */
function startServe(cli, db) {
  const child = spawn(process.execPath, [cli, 'serve', '--db', db, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const take = (chunk) => {
      out += chunk.toString();
      const match = /racelens serve: (http:\/\/\S+)/.exec(out);
      if (match) {
        // Keep draining the request log so the server never blocks on a full pipe.
        child.stdout.off('data', take);
        child.stdout.resume();
        resolve({
          url: match[1],
          stop: () =>
            new Promise((done) => {
              child.once('close', done);
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', (chunk) => {
      out += chunk.toString();
    });
    child.once('close', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
}

function ingestTarget(results) {
  const rows = ['serve-ingest', 'serve-ingest-postgres']
    .map((id) => results.get(id))
    .filter(Boolean);
  if (rows.length === 0) return null;
  return {
    target: `serve: aggregate ingest >= ${INGEST_TARGET.toLocaleString('en-US')} reports/s over ${CLIENTS} clients`,
    measured: rows
      .map(
        (r) =>
          `${r.label}: ${r.reportsPerSecond === null ? 'failed' : Math.round(r.reportsPerSecond).toLocaleString('en-US')} reports/s`,
      )
      .join('; '),
    pass: rows.every((r) => r.reportsPerSecond !== null && r.reportsPerSecond >= INGEST_TARGET),
  };
}

function listTarget(results) {
  const rows = ['serve-ingest', 'serve-ingest-postgres']
    .map((id) => results.get(id))
    .filter(Boolean);
  if (rows.length === 0) return null;
  return {
    target: `serve: groups list (100, filtered) p95 <= ${LIST_P95_TARGET_MS} ms during the ingest, on a store of >= ${PREFILL_MIN_GROUPS.toLocaleString('en-US')} groups / ${(PREFILL_RUNS * PREFILL_PER_RUN).toLocaleString('en-US')} occurrences`,
    measured: rows
      .map(
        (r) =>
          `${r.label}: ${r.p95 === null ? '?' : Math.round(r.p95)} ms (store ${r.prefill.groups.toLocaleString('en-US')} groups / ${r.prefill.occurrences.toLocaleString('en-US')} occurrences)`,
      )
      .join('; '),
    pass: rows.every(
      (r) =>
        r.p95 !== null &&
        r.p95 <= LIST_P95_TARGET_MS &&
        r.prefill.groups >= PREFILL_MIN_GROUPS &&
        r.prefill.occurrences >= PREFILL_RUNS * PREFILL_PER_RUN,
    ),
  };
}

/**
 * After the prefill, the database as months of ingest would have left it: on PostgreSQL the
 * 1,000 runs (50 s) updated each group's row hundreds of times, and the dead row versions
 * autovacuum has not reached yet (it wakes once a minute) would be measured instead of the
 * server. `VACUUM (ANALYZE)` does what autovacuum does over time. SQLite rewrites rows in place.
 */
async function settle(engine, db) {
  if (engine !== 'postgres') return;
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  try {
    await client.query('VACUUM (ANALYZE)');
  } finally {
    await client.end();
  }
}

/** The store's groups and occurrences, counted in the database itself. */
async function storeCounts(engine, db) {
  const sql =
    'SELECT (SELECT count(*) FROM groups) AS groups, (SELECT count(*) FROM occurrences) AS occurrences';
  if (engine === 'sqlite') {
    const handle = new Database(db, { readonly: true });
    try {
      return handle.prepare(sql).get();
    } finally {
      handle.close();
    }
  }
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  try {
    const row = (await client.query(sql)).rows[0];
    return { groups: Number(row.groups), occurrences: Number(row.occurrences) };
  } finally {
    await client.end();
  }
}
