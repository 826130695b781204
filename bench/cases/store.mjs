import { mkdir, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { runMixes, writeRunLog } from '../lib/gen-runs.mjs';
import { measure } from '../lib/measure.mjs';
import { createDatabase } from '../lib/pg-server.mjs';

/** The issue's size: a store of 100,000 reports must answer `history` well under a second. */
const TOTAL_REPORTS = 100_000;
const RUNS = 100;
const HISTORY_TARGET_MS = 1000;
/** `history` is timed this many times on each store; the fastest is kept. */
const HISTORY_TRIES = 3;
const SEED = 0x5701e;

/**
 * The history store (`ingest`, `history`): 100,000 reports ingested as 100 CI runs of 1,000
 * (one `racelens ingest --run bench-N` each, as CI would) and as one run of one 100,000-report
 * log (one transaction of 100,000 occurrences); then `history`, `history --json` and
 * `history --group` timed on each store. Logs are written to bench/out/store/ and removed
 * after ingest. Each case is `{ id, run(ctx) }` resolving one result row (see run.mjs).
 */
export const storeCases = [runsCase('sqlite'), runsCase('postgres'), singleCase()];

/** Targets from the issue, checked over all results; each returns a check row or null. */
export const storeTargets = [ingestTarget, historyTarget, enginesTarget];

/** PostgreSQL's ingest of the 100 runs may take at most this many times SQLite's. */
const ENGINE_RATIO_TARGET = 2;

/**
 * Where a case's store is: a file in its folder (SQLite), or a new database on the bench's
 * PostgreSQL server; `size()` in bytes, `drop()` when done.
 */
export async function storeFor(ctx, engine, dir) {
  if (engine === 'sqlite') {
    const db = join(dir, 'racelens.db');
    return { db, size: () => sqliteSize(db), drop: async () => {} };
  }
  const database = await createDatabase(ctx.root, basename(dir).replace(/\W/g, '_'));
  return { db: database.url, size: database.size, drop: database.drop };
}

function runsCase(engine) {
  return {
    id: engine === 'sqlite' ? 'store-ingest-runs' : `store-ingest-runs-${engine}`,
    async run(ctx) {
      const dir = await freshDir(ctx, `runs-${engine}`);
      const store = await storeFor(ctx, engine, dir);
      const db = store.db;
      const perRun = TOTAL_REPORTS / RUNS;
      const mixes = runMixes(ctx.fixtures.templates.length, RUNS, SEED);
      const total = { seconds: 0, cpuSeconds: 0, rssKB: null, bytes: 0 };
      const failures = [];
      for (let i = 0; i < RUNS; i++) {
        const log = join(dir, `run-${i}.log`);
        total.bytes += await writeRunLog(log, {
          templates: ctx.fixtures.templates,
          mix: mixes[i],
          reports: perRun,
          seed: SEED + i,
        });
        const run = await measure({
          command: ctx.cli,
          args: ['ingest', '--db', db, '--run', `bench-${i}`, '--branch', 'main', log],
          node: true,
        });
        await rm(log);
        add(total, run);
        if (crashed(run)) {
          failures.push(`ingest of run ${i}: ${crashed(run)}`);
          break;
        }
      }
      const history = failures.length === 0 ? await timeHistory(ctx, db, RUNS, store.size) : null;
      if (history?.problem) failures.push(history.problem);
      await store.drop();
      await rm(dir, { recursive: true, force: true });
      return row(
        this.id,
        `ingest ${RUNS} runs x ${perRun.toLocaleString('en-US')} reports (${ENGINE_NAMES[engine]})`,
        {
          total,
          history,
          failures,
        },
      );
    },
  };
}

function singleCase() {
  return {
    id: 'store-ingest-single',
    async run(ctx) {
      const dir = await freshDir(ctx, 'single');
      const db = join(dir, 'racelens.db');
      const log = join(dir, 'one-run.log');
      const bytes = await writeRunLog(log, {
        templates: ctx.fixtures.templates,
        // Every template: one run of a large test suite shows all of its races.
        mix: ctx.fixtures.templates.map((_, i) => i),
        reports: TOTAL_REPORTS,
        seed: SEED,
      });
      const run = await measure({
        command: ctx.cli,
        args: ['ingest', '--db', db, '--run', 'bench-single', '--branch', 'main', log],
        node: true,
      });
      await rm(log);
      const failures = crashed(run) ? [`ingest: ${crashed(run)}`] : [];
      const total = { seconds: run.seconds, cpuSeconds: run.cpuSeconds, rssKB: run.rssKB, bytes };
      const history =
        failures.length === 0 ? await timeHistory(ctx, db, 1, () => sqliteSize(db)) : null;
      if (history?.problem) failures.push(history.problem);
      await rm(dir, { recursive: true, force: true });
      return row(this.id, `ingest 1 run x ${TOTAL_REPORTS.toLocaleString('en-US')} reports`, {
        total,
        history,
        failures,
      });
    },
  };
}

/** `bench/out/store/<name>`, emptied first (a killed bench may have left one). */
async function freshDir(ctx, name) {
  const dir = join(ctx.root, 'bench/out/store', name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return dir;
}

function add(total, run) {
  total.seconds += run.seconds;
  total.cpuSeconds = run.cpuSeconds === null ? null : (total.cpuSeconds ?? 0) + run.cpuSeconds;
  if (run.rssKB !== null) total.rssKB = Math.max(total.rssKB ?? 0, run.rssKB);
}

/**
 * Times `history`, `history --json` (checked: runs and reports add up) and `history --group`
 * of the most flaky group, each the fastest of HISTORY_TRIES; plus `racelens --version`, the
 * cost of starting Node and the CLI that every command pays. Also the store's size on disk.
 */
async function timeHistory(ctx, db, runs, storeSize) {
  const fastest = async (args) => {
    let best = null;
    for (let i = 0; i < HISTORY_TRIES; i++) {
      const chunks = [];
      const run = await measure({
        command: ctx.cli,
        args,
        node: true,
        onStdout: (chunk) => chunks.push(chunk),
      });
      if (crashed(run)) return { run, out: '', problem: `${args.join(' ')}: ${crashed(run)}` };
      if (best === null || run.seconds < best.run.seconds)
        best = { run, out: Buffer.concat(chunks).toString('utf8') };
    }
    return best;
  };
  const start = await fastest(['--version']);
  const text = await fastest(['history', '--db', db]);
  const json = await fastest(['history', '--json', '--db', db]);
  for (const step of [start, text, json]) if (step.problem) return { problem: step.problem };
  let document;
  try {
    document = JSON.parse(json.out);
  } catch (error) {
    return { problem: `history --json printed no JSON (${error.message})` };
  }
  const reports = document.groups.reduce((n, g) => n + g.reports, 0);
  if (document.runs !== runs || reports !== TOTAL_REPORTS) {
    return {
      problem: `history --json: ${document.runs} runs, ${reports} reports; expected ${runs} and ${TOTAL_REPORTS}`,
    };
  }
  const group = await fastest(['history', '--db', db, '--group', document.groups[0].id]);
  if (group.problem) return { problem: group.problem };
  return {
    problem: null,
    groups: document.groups.length,
    trends: countTrends(document.groups),
    storeBytes: await storeSize(),
    ms: {
      start: start.run.seconds * 1000,
      history: text.run.seconds * 1000,
      json: json.run.seconds * 1000,
      group: group.run.seconds * 1000,
    },
    historyRssKB: text.run.rssKB,
  };
}

export const ENGINE_NAMES = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

async function sqliteSize(db) {
  const size = async (path) => (await stat(path).catch(() => ({ size: 0 }))).size;
  return (await size(db)) + (await size(`${db}-wal`));
}

function countTrends(groups) {
  const counts = {};
  for (const g of groups) counts[g.trend] = (counts[g.trend] ?? 0) + 1;
  return Object.entries(counts)
    .map(([trend, n]) => `${n} ${trend}`)
    .join(', ');
}

function row(id, label, { total, history, failures }) {
  const ms = (n) => `${Math.round(n)} ms`;
  return {
    id,
    label,
    bytes: total.bytes,
    seconds: total.seconds,
    cpuSeconds: total.cpuSeconds,
    rssKB: total.rssKB,
    reports: TOTAL_REPORTS,
    reportsPerSecond: failures.length === 0 ? TOTAL_REPORTS / total.seconds : null,
    groups: history?.groups ?? null,
    history,
    failures,
    note: history?.ms
      ? `store ${(history.storeBytes / 1e6).toFixed(1)} MB; history ${ms(history.ms.history)}, ` +
        `history --json ${ms(history.ms.json)}, history --group ${ms(history.ms.group)} ` +
        `(CLI wall time, fastest of ${HISTORY_TRIES}; racelens --version alone takes ` +
        `${ms(history.ms.start)}); trends: ${history.trends}; seconds, CPU s and peak RSS are ` +
        'of ingest (summed over the runs, peak RSS the largest)'
      : undefined,
  };
}

/** Why a run failed, or null when it exited 0. */
function crashed(run) {
  if (!run.signal && run.code === 0) return null;
  const lines = run.stderr.trim().split('\n').slice(-6).join(' | ') || '(no stderr)';
  return `exited with ${run.signal ?? `code ${run.code}`}: ${lines}`;
}

/** PostgreSQL's ingest time next to SQLite's, same logs, same machine. */
function enginesTarget(results) {
  const sqlite = results.get('store-ingest-runs');
  const postgres = results.get('store-ingest-runs-postgres');
  if (!sqlite || !postgres) return null;
  const ok = sqlite.failures.length === 0 && postgres.failures.length === 0;
  const ratio = ok ? postgres.seconds / sqlite.seconds : null;
  return {
    target: `store: ingest ${RUNS} runs on PostgreSQL within ${ENGINE_RATIO_TARGET}x of SQLite`,
    measured: ok
      ? `PostgreSQL ${postgres.seconds.toFixed(1)} s, SQLite ${sqlite.seconds.toFixed(1)} s: ${ratio.toFixed(2)}x`
      : 'an ingest failed',
    pass: ok && ratio <= ENGINE_RATIO_TARGET,
  };
}

function ingestTarget(results) {
  const rows = ['store-ingest-runs', 'store-ingest-runs-postgres', 'store-ingest-single']
    .map((id) => results.get(id))
    .filter((r) => r !== undefined);
  if (rows.length === 0) return null;
  const ok = rows.every((r) => r.failures.length === 0);
  return {
    target: `store: ingest ${TOTAL_REPORTS.toLocaleString('en-US')} reports`,
    measured: ok
      ? rows
          .map(
            (r) =>
              `${r.label}: ${Math.round(r.reportsPerSecond).toLocaleString('en-US')} reports/s`,
          )
          .join('; ')
      : 'an ingest failed',
    pass: ok,
  };
}

function historyTarget(results) {
  const rows = ['store-ingest-runs', 'store-ingest-runs-postgres', 'store-ingest-single']
    .map((id) => results.get(id))
    .filter((r) => r?.history?.ms);
  if (rows.length === 0) return null;
  const slowest = Math.max(...rows.flatMap((r) => [r.history.ms.history, r.history.ms.group]));
  return {
    target: `store: history and history --group on ${TOTAL_REPORTS.toLocaleString('en-US')} reports < ${HISTORY_TARGET_MS} ms`,
    measured: `slowest ${Math.round(slowest)} ms (CLI wall, Node start included)`,
    pass: slowest < HISTORY_TARGET_MS,
  };
}
