// `npm run bench`: builds large synthetic TSan logs under bench/out/ and measures racelens on
// them. Environment:
//   BENCH_MB      full log size in MB (1e6 bytes), default 256; the small runs use a quarter and
//                 the RSS runs four times it (BENCH_MB=16 is a quick run)
//   BENCH_REPEAT  runs per case, fastest kept, default 1
//   BENCH_RSS     `probe` to measure peak RSS with the preload instead of GNU time
//   BENCH_CLI     another build's main.js, to compare
//   BENCH_ONLY    run only the cases whose id contains this text (`parse-ci`, `dense`, `grep`,
//                 `triage`, `store`, `serve`)
//   BENCH_TRIAGE_REPORTS  reports fed to the larger resampled triage run, default 1,000,000
//   BENCH_DEBUG_RSS  print each run's peak RSS (KB) on stderr: a case shows the highest
// Exits 1 when the CLI (or the triage child) crashed or printed invalid output; missed targets
// are reported but do not fail the run (it is a measurement).
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCases, parseTargets } from './cases/parse.mjs';
import { serveCases, serveTargets } from './cases/serve.mjs';
import { storeCases, storeTargets } from './cases/store.mjs';
import { storeMillionCases, storeMillionTargets } from './cases/store-million.mjs';
import { symbolizeCases, symbolizeTargets } from './cases/symbolize.mjs';
import { triageCases, triageTargets } from './cases/triage.mjs';
import { loadReportTemplates } from './lib/fixtures.mjs';
import { ensureLog } from './lib/logs.mjs';
import { peakRssMethod } from './lib/measure.mjs';
import { warmPageCache } from './lib/page-cache.mjs';
import { stopPgServer } from './lib/pg-server.mjs';
import { fixed, formatTable, mb } from './lib/table.mjs';

/** Every measurement, in the order run. */
const CASES = [
  ...parseCases,
  ...triageCases,
  ...storeCases,
  ...storeMillionCases,
  ...symbolizeCases,
  ...serveCases,
];
const TARGETS = [
  ...parseTargets,
  ...triageTargets,
  ...storeTargets,
  ...storeMillionTargets,
  ...symbolizeTargets,
  ...serveTargets,
];
/** The size the targets are stated for. */
const TARGET_MB = 256;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_DIR = join(ROOT, 'bench/out');
const CLI = process.env.BENCH_CLI || join(ROOT, 'dist/cli/main.js');

function positiveInt(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive integer, not ${JSON.stringify(raw)}`);
  }
  return value;
}

async function main() {
  const fullMb = positiveInt('BENCH_MB', TARGET_MB);
  const repeats = positiveInt('BENCH_REPEAT', 1);
  // `max` (4x) is parsed once per kind to show peak RSS flat up to 1 GB; it is not timed against targets.
  const sizes = { full: fullMb, quarter: Math.max(1, Math.round(fullMb / 4)), max: fullMb * 4 };
  if (!existsSync(CLI)) {
    console.error(`bench: ${CLI} does not exist; run \`npm run build\` first.`);
    return 1;
  }
  console.log(
    `racelens bench: node ${process.version}, logs of ${sizes.quarter}, ${sizes.full} and ${sizes.max} MB, ` +
      `${repeats} run(s) per case (fastest kept), peak RSS via ${peakRssMethod() === 'time' ? 'GNU time' : 'preload probe'}`,
  );

  // Other work on the machine slows every figure: say how busy it was.
  console.log(
    `machine: ${availableParallelism()} CPUs, load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
  );
  const fixtures = await loadReportTemplates(ROOT);
  console.log(`report templates: ${fixtures.templates.length} whole reports from the fixtures`);
  const logs = new Map();
  const ctx = {
    root: ROOT,
    cli: CLI,
    sizes,
    /** The fixtures' whole reports (`lib/fixtures.mjs`), for cases that write their own logs. */
    fixtures,
    /** The synthetic log of a kind (`dense`, `ci`) at a size (`quarter`, `full`). */
    log(kind, size) {
      const key = `${kind}/${size}`;
      if (!logs.has(key)) logs.set(key, prepareLog(kind, sizes[size], fixtures));
      return logs.get(key);
    },
    /** Runs `attempt` `repeats` times; keeps the fastest, with the highest peak RSS seen. */
    async repeat(attempt) {
      let best = null;
      let maxRss = null;
      for (let i = 0; i < repeats; i++) {
        const result = await attempt();
        if (result.run.rssKB !== null) maxRss = Math.max(maxRss ?? 0, result.run.rssKB);
        if (process.env.BENCH_DEBUG_RSS) console.error(`peak RSS ${result.run.rssKB} KB`);
        if (result.problems?.length > 0 || result.run.code !== 0) return result;
        if (best === null || result.run.seconds < best.run.seconds) best = result;
      }
      best.run.rssKB = maxRss;
      return best;
    },
  };

  const only = process.env.BENCH_ONLY;
  const results = new Map();
  for (const benchCase of CASES.filter((c) => !only || c.id.includes(only))) {
    let row;
    try {
      row = await benchCase.run(ctx);
    } catch (error) {
      row = { id: benchCase.id, label: benchCase.id, failures: [`bench error: ${error.stack}`] };
    }
    results.set(row.id, row);
    console.log(`  ${row.label}: ${row.failures.length > 0 ? 'FAILED' : rates(row)}`);
  }

  printResults([...results.values()]);
  const checks = TARGETS.map((target) => target(results)).filter((check) => check !== null);
  printTargets(checks, fullMb);

  const cpu = process.cpuUsage();
  console.log(
    `\nbench process CPU (generation, reading the CLI's output): ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; ` +
      `load average at the end ${loadavg()[0].toFixed(2)}`,
  );
  await stopPgServer();
  const failed = [...results.values()].filter((row) => row.failures.length > 0);
  for (const row of failed) {
    console.log(`\nFAILED ${row.label}:`);
    for (const failure of row.failures) console.log(`  ${failure}`);
  }
  return failed.length > 0 ? 1 : 0;
}

/** `12.3 MB/s`, `45,678 reports/s` or both, as the row has bytes and/or reports per second. */
function rates(row) {
  const parts = [];
  if (row.bytes != null && row.seconds)
    parts.push(`${fixed(row.bytes / 1e6 / row.seconds, 1)} MB/s`);
  if (row.reportsPerSecond != null) parts.push(`${perSecond(row)} reports/s`);
  if (row.framesPerSecond != null)
    parts.push(`${Math.round(row.framesPerSecond).toLocaleString('en-US')} frames/s`);
  return parts.join(', ');
}

const perSecond = (row) =>
  row.reportsPerSecond == null ? null : Math.round(row.reportsPerSecond).toLocaleString('en-US');

async function prepareLog(kind, sizeMb, fixtures) {
  const log = await ensureLog({ outDir: OUT_DIR, kind, mb: sizeMb, fixtures });
  const name = log.path.slice(ROOT.length);
  if (log.generated) {
    console.log(
      `  generated ${name}: ${mb(log.bytes)} MB, ${log.reports} reports, ` +
        `in ${log.seconds.toFixed(2)} s (${(log.bytes / 1e6 / log.seconds).toFixed(0)} MB/s)`,
    );
  } else {
    console.log(`  reusing ${name}: ${mb(log.bytes)} MB, ${log.reports} reports`);
    await warmPageCache(log.path);
  }
  return log;
}

function printResults(rows) {
  const rssMb = (row) => (row.rssKB == null ? null : ((row.rssKB * 1024) / 1e6).toFixed(1));
  const columns = [
    { title: 'log', value: (r) => r.label, align: 'left' },
    { title: 'size MB', value: (r) => mb(r.bytes) },
    { title: 'seconds', value: (r) => fixed(r.seconds, 2) },
    {
      title: 'MB/s',
      value: (r) => (r.bytes != null && r.seconds ? fixed(r.bytes / 1e6 / r.seconds, 1) : null),
    },
    { title: 'reports/s', value: perSecond, optional: true },
    { title: 'CPU s', value: (r) => fixed(r.cpuSeconds, 2) },
    { title: 'peak RSS MB', value: rssMb },
    {
      title: 'reports',
      value: (r) => r.reports ?? (r.matches === undefined ? null : `${r.matches} lines`),
    },
    { title: 'groups', value: (r) => r.groups, optional: true },
    { title: 'written', value: (r) => r.written },
    { title: 'records', value: (r) => r.records },
    { title: 'out MB', value: (r) => mb(r.outBytes) },
  ];
  // Optional columns only when some row has a value (a parse-only run has no reports/s).
  const shown = columns.filter((c) => !c.optional || rows.some((r) => c.value(r) != null));
  console.log(`\n${formatTable(shown, rows)}`);
  console.log(
    'MB = 1e6 bytes. CPU s: user + system time of the CLI (wall seconds well above it mean the\n' +
      'machine was busy). reports: report records parsed (triage: reports triaged); written:\n' +
      'reports the generator wrote; groups: triage groups.',
  );
  for (const row of rows) {
    if (row.note) console.log(`note: ${row.label}: ${row.note}`);
    if (row.reports != null && row.written != null && row.reports !== row.written) {
      console.log(
        `note: ${row.label}: parsed ${row.reports} reports, the log holds ${row.written}`,
      );
    }
    if (row.stderrBytes > 0) console.log(`note: ${row.label}: ${row.stderrBytes} bytes on stderr`);
  }
}

function printTargets(checks, fullMb) {
  if (checks.length === 0) return;
  const columns = [
    { title: 'target', value: (c) => c.target, align: 'left' },
    { title: 'measured', value: (c) => c.measured, align: 'left' },
    { title: 'result', value: (c) => (c.pass ? 'PASS' : 'MISS'), align: 'left' },
  ];
  console.log(`\n${formatTable(columns, checks)}`);
  if (fullMb !== TARGET_MB) {
    console.log(`(the targets are stated for ${TARGET_MB} MB logs; this run used ${fullMb} MB)`);
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
