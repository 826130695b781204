import { createHash } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runMixes, writeRunLog } from '../lib/gen-runs.mjs';
import { measure } from '../lib/measure.mjs';
import { ENGINE_NAMES, storeFor } from './store.mjs';

/** The issue's size: `history` and `gate` on a store of 1,000,000 occurrences answer in <= 1 s. */
const RUNS = 1000;
const PER_RUN = 1000;
const TARGET_MS = 1000;
/** Distinct logs triaged; run i records log i % LOGS (with its own content hash). */
const LOGS = 20;
/** One run in this many is on `main`, the gate's baseline; the others on `pr`. */
const MAIN_EVERY = 10;
const TRIES = 3;
const SEED = 0x1e6;

/**
 * A store of 1,000 runs x 1,000 reports (1,000,000 occurrences) per engine, built through the
 * library's Store interface in this process (1,000 CLI processes would take most of an hour;
 * the 100-run cases in store.mjs measure the CLI's ingest), then `history`, `history --group`
 * and `gate --baseline main` timed as CLI wall time (Node's start included), fastest of 3.
 */
export const storeMillionCases = [millionCase('sqlite'), millionCase('postgres')];
export const storeMillionTargets = [millionTarget];

function millionCase(engine) {
  return {
    id: `store-million-${engine}`,
    async run(ctx) {
      const dir = join(ctx.root, 'bench/out/store', `million-${engine}`);
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
      const failures = [];
      const store = await storeFor(ctx, engine, dir);
      try {
        const lib = await import(pathToFileURL(join(ctx.root, 'dist/index.js')).href);
        const { logs, results } = await triageLogs(lib, ctx, dir);
        const built = await buildStore(lib, store.db, results);
        const time = (args) => fastest(ctx, args);
        const history = await time(['history', '--db', store.db, '--json']);
        const top = history.ok ? JSON.parse(history.out).groups[0]?.id : null;
        const group = top ? await time(['history', '--db', store.db, '--group', top]) : null;
        const gate = await time(['gate', '--db', store.db, '--baseline', 'main', logs[1]]);
        for (const [name, step] of [
          ['history', history],
          ['history --group', group],
          ['gate', gate],
        ])
          if (!step?.ok) failures.push(`${name}: ${step?.problem ?? 'no group'}`);
        const ms = (step) => (step?.ok ? step.seconds * 1000 : null);
        const figures = { history: ms(history), group: ms(group), gate: ms(gate) };
        const size = await store.size();
        return {
          id: this.id,
          label: `history/gate on ${(RUNS * PER_RUN).toLocaleString('en-US')} occurrences (${ENGINE_NAMES[engine]})`,
          reports: RUNS * PER_RUN,
          seconds: built.seconds,
          reportsPerSecond: (RUNS * PER_RUN) / built.seconds,
          millionMs: figures,
          failures,
          note:
            `built in-process through Store.recordInput (${RUNS} inputs) in ${built.seconds.toFixed(1)} s; ` +
            `store ${(size / 1e6).toFixed(0)} MB; history --json ${fmt(figures.history)}, ` +
            `history --group ${fmt(figures.group)}, gate --baseline main (a 1,000-report log) ${fmt(figures.gate)} ` +
            `(CLI wall time, fastest of ${TRIES})`,
        };
      } catch (error) {
        failures.push(`bench error: ${error.stack}`);
        return { id: this.id, label: this.id, failures };
      } finally {
        await store.drop();
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

const fmt = (ms) => (ms === null ? 'failed' : `${Math.round(ms)} ms`);

/** LOGS logs of PER_RUN reports, each triaged once by the library. */
async function triageLogs(lib, ctx, dir) {
  const mixes = runMixes(ctx.fixtures.templates.length, LOGS, SEED);
  const logs = [];
  const results = [];
  for (let i = 0; i < LOGS; i++) {
    const log = join(dir, `log-${i}.log`);
    await writeRunLog(log, {
      templates: ctx.fixtures.templates,
      mix: mixes[i],
      reports: PER_RUN,
      seed: SEED + i,
    });
    const triage = new lib.Triage();
    for await (const record of lib.parseInputs([log])) {
      if (record instanceof Error) throw record;
      triage.add(record);
    }
    logs.push(log);
    results.push(triage.finish());
  }
  return { logs, results };
}

/** RUNS runs a minute apart, one input each, through the Store interface. */
async function buildStore(lib, db, results) {
  let now = Date.UTC(2025, 0, 1);
  const store = await lib.openStore({ db, create: true, clock: () => new Date(now) });
  const started = process.hrtime.bigint();
  try {
    for (let i = 0; i < RUNS; i++) {
      now += 60_000;
      const name = `m-${i}`;
      const run = await store.openRun({
        name,
        commit: null,
        branch: i % MAIN_EVERY === 0 ? 'main' : 'pr',
        job: null,
        meta: {},
      });
      const sha256 = createHash('sha256').update(name).digest('hex');
      await store.recordInput(run, { sha256, name: `${name}.log`, bytes: 0 }, results[i % LOGS]);
    }
  } finally {
    await store.close();
  }
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

async function fastest(ctx, args) {
  let best = null;
  for (let i = 0; i < TRIES; i++) {
    const chunks = [];
    const run = await measure({
      command: ctx.cli,
      args,
      node: true,
      onStdout: (c) => chunks.push(c),
    });
    // gate exits 1 when the log has groups the baseline lacks: an answer, not a failure.
    const answered =
      run.signal === null && (run.code === 0 || (args[0] === 'gate' && run.code === 1));
    if (!answered)
      return {
        ok: false,
        problem: `exited ${run.signal ?? run.code}: ${run.stderr.trim().slice(-300)}`,
      };
    if (best === null || run.seconds < best.seconds)
      best = { ok: true, seconds: run.seconds, out: Buffer.concat(chunks).toString('utf8') };
  }
  return best;
}

function millionTarget(results) {
  const rows = storeMillionCases.map((c) => results.get(c.id)).filter((r) => r !== undefined);
  if (rows.length === 0) return null;
  const figures = rows.flatMap((r) => (r.millionMs ? Object.values(r.millionMs) : [null]));
  const ok = figures.every((ms) => ms !== null);
  const slowest = ok ? Math.max(...figures) : null;
  return {
    target: `store: history, history --group and gate on ${(RUNS * PER_RUN).toLocaleString('en-US')} occurrences <= ${TARGET_MS} ms, each engine`,
    measured: ok
      ? rows
          .map(
            (r) =>
              `${r.label}: ${Object.entries(r.millionMs)
                .map(([k, v]) => `${k} ${Math.round(v)} ms`)
                .join(', ')}`,
          )
          .join('; ')
      : 'a step failed',
    pass: ok && slowest <= TARGET_MS,
  };
}
