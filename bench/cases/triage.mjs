import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure } from '../lib/measure.mjs';

/** CPython's real suppression file: 80 entries matched against every report. */
const SUPPRESSIONS = fileURLToPath(
  new URL(
    '../../test/fixtures/corpus/suppressions/cpython-suppressions_free_threading.txt',
    import.meta.url,
  ),
);

const CHILD = fileURLToPath(new URL('../lib/triage-child.mjs', import.meta.url));
const SMALL_REPORTS = 100_000;
const TARGET_REPORTS = 1_000_000;
/** Peak RSS may grow this much (MB) from the small to the large resampled run. */
const GROWTH_MB = 64;

/**
 * Triage: the library's `Triage` fed reports resampled from the fixtures (in a child process,
 * `lib/triage-child.mjs`, so its peak RSS is its own) at 100,000 reports and at
 * BENCH_TRIAGE_REPORTS (default 1,000,000), and `racelens triage --json` over the full-size
 * dense log end to end. Each case is `{ id, run(ctx) }` resolving one result row (see run.mjs).
 */
export const triageCases = [
  resampleCase('small', () => SMALL_REPORTS),
  resampleCase('large', largeReports),
  cliCase('dense'),
  cliCase('dense', { suppressions: true }),
];

/** Targets from the issue, checked over all results; each returns a check row or null. */
export const triageTargets = [countTarget, growthTarget, parseShareTarget];

function largeReports() {
  const raw = process.env.BENCH_TRIAGE_REPORTS;
  if (raw === undefined || raw === '') return TARGET_REPORTS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`BENCH_TRIAGE_REPORTS must be a positive integer, not ${JSON.stringify(raw)}`);
  }
  return value;
}

function resampleCase(size, reportsFor) {
  return {
    id: `triage-resample-${size}`,
    async run(ctx) {
      const reports = reportsFor();
      // The `dist` of the build measured (BENCH_CLI is `<dist>/cli/main.js`).
      const dist = resolve(dirname(ctx.cli), '..');
      const { run, result, problems } = await ctx.repeat(async () => {
        let out = '';
        const run = await measure({
          command: CHILD,
          args: [String(reports), dist],
          node: true,
          onStdout: (chunk) => {
            out += chunk;
          },
        });
        const { result, problems } = readResult(out);
        return { run, result, problems };
      });
      const failures = crashed(run) ? [crashed(run)] : [...problems];
      if (result && result.reports !== reports) {
        failures.push(`the child triaged ${result.reports} reports, not ${reports}`);
      }
      return {
        id: this.id,
        label: `triage ${shortCount(reports)} resampled`,
        // Timed inside the child: Triage.add for every report, then finish().
        seconds: result?.seconds ?? run.seconds,
        cpuSeconds: run.cpuSeconds,
        rssKB: run.rssKB,
        reports,
        reportsPerSecond: result?.reportsPerSecond ?? null,
        groups: result?.groups ?? null,
        stderrBytes: run.stderrBytes,
        failures,
        note: result
          ? `seconds = Triage.add + finish() in the child (finish ${result.finishSeconds.toFixed(2)} s; ` +
            `resampling alone ${result.resampleSeconds.toFixed(2)} s); CPU s and peak RSS are the ` +
            `whole child (${run.seconds.toFixed(2)} s wall): Node, parsing ${result.templates} ` +
            'fixture reports once, the triage'
          : undefined,
      };
    },
  };
}

function cliCase(kind, { suppressions = false } = {}) {
  const extra = suppressions ? ['--suppressions', SUPPRESSIONS] : [];
  return {
    id: `triage-cli-${kind}${suppressions ? '-suppressions' : ''}`,
    async run(ctx) {
      const log = await ctx.log(kind, 'full');
      const { run, doc, outBytes, problem } = await ctx.repeat(async () => {
        const chunks = [];
        const run = await measure({
          command: ctx.cli,
          args: ['triage', '--json', ...extra, log.path],
          node: true,
          onStdout: (chunk) => chunks.push(chunk),
        });
        const out = Buffer.concat(chunks);
        let doc = null;
        let problem = null;
        try {
          doc = JSON.parse(out.toString('utf8'));
          if (typeof doc?.totals?.reports !== 'number' || !Array.isArray(doc.groups)) {
            problem = `output lacks totals.reports or groups: ${preview(out)}`;
          }
        } catch (error) {
          problem = `output is not JSON (${error.message}): ${preview(out)}`;
        }
        return { run, doc, outBytes: out.length, problem, problems: problem ? [problem] : [] };
      });
      const failures = crashed(run) ? [crashed(run)] : problem ? [problem] : [];
      const reports = problem ? null : doc.totals.reports;
      return {
        id: this.id,
        label: `triage --json ${suppressions ? '--suppressions cpython ' : ''}${kind} (full)`,
        kind,
        size: 'full',
        bytes: log.bytes,
        seconds: run.seconds,
        cpuSeconds: run.cpuSeconds,
        rssKB: run.rssKB,
        reports,
        reportsPerSecond: reports === null ? null : reports / run.seconds,
        groups: problem ? null : doc.groups.length,
        written: log.reports,
        outBytes,
        stderrBytes: run.stderrBytes,
        failures,
      };
    },
  };
}

/** `{ result, problems }` from the child's stdout: one JSON line. */
function readResult(out) {
  const text = out.trim();
  try {
    const result = JSON.parse(text);
    for (const key of ['reports', 'groups', 'seconds', 'reportsPerSecond']) {
      if (typeof result[key] !== 'number') {
        return { result: null, problems: [`child output lacks ${key}: ${JSON.stringify(text)}`] };
      }
    }
    return { result, problems: [] };
  } catch (error) {
    return {
      result: null,
      problems: [`child output is not JSON (${error.message}): ${JSON.stringify(text)}`],
    };
  }
}

/** Why a run failed, or null when it exited 0. */
function crashed(run) {
  if (!run.signal && run.code === 0) return null;
  const lines = run.stderr.trim().split('\n').slice(-6).join(' | ') || '(no stderr)';
  return `exited with ${run.signal ?? `code ${run.code}`}: ${lines}`;
}

function preview(buffer) {
  const text = buffer.subarray(0, 120).toString('utf8');
  return JSON.stringify(buffer.length > 120 ? `${text}...` : text);
}

/** 100000 -> `100k`, 1000000 -> `1M`, other counts with separators. */
function shortCount(n) {
  if (n % 1_000_000 === 0) return `${n / 1_000_000}M`;
  if (n % 1_000 === 0) return `${n / 1_000}k`;
  return n.toLocaleString('en-US');
}

const rssMb = (row) => (row.rssKB * 1024) / 1e6;

/** `triage --json` keeps up with `parse --json` on the same log: at least 80% of its MB/s. */
function parseShareTarget(results) {
  const triage = results.get('triage-cli-dense');
  const parse = results.get('parse-dense-full');
  if (!triage || !parse || triage.failures.length > 0 || parse.failures.length > 0) return null;
  const t = triage.bytes / 1e6 / triage.seconds;
  const p = parse.bytes / 1e6 / parse.seconds;
  return {
    target: 'triage --json dense: at least 80% of parse --json MB/s',
    measured: `${((t / p) * 100).toFixed(1)}% (${t.toFixed(1)} of ${p.toFixed(1)} MB/s)`,
    pass: t / p >= 0.8,
  };
}

function countTarget(results) {
  const row = results.get('triage-resample-large');
  if (!row) return null;
  const ok = row.failures.length === 0 && row.reportsPerSecond !== null;
  const rss = row.rssKB === null ? '' : `, peak RSS ${rssMb(row).toFixed(1)} MB`;
  return {
    target: `triage: ${TARGET_REPORTS.toLocaleString('en-US')} reports measured`,
    measured: ok
      ? `${row.reports.toLocaleString('en-US')} reports, ${Math.round(row.reportsPerSecond).toLocaleString('en-US')} reports/s${rss}`
      : 'the run failed',
    pass: ok && row.reports >= TARGET_REPORTS,
  };
}

// Groups come from the fixture set, so they are the same at both sizes; what grows is the
// occurrence list (8 bytes a report by design, ~7 MB for 900,000 more) plus GC slack.
function growthTarget(results) {
  const small = results.get('triage-resample-small');
  const large = results.get('triage-resample-large');
  if (!small || !large || small.rssKB === null || large.rssKB === null) return null;
  if (small.failures.length > 0 || large.failures.length > 0) return null;
  const s = rssMb(small);
  const l = rssMb(large);
  const growth = l - s;
  const groups =
    small.groups === large.groups
      ? `${small.groups} groups at both`
      : `${small.groups} vs ${large.groups} groups`;
  return {
    target: `triage: peak RSS grows with groups, not reports (growth from ${shortCount(small.reports)} to ${shortCount(large.reports)} reports <= ${GROWTH_MB} MB)`,
    measured: `${s.toFixed(1)} -> ${l.toFixed(1)} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)}; ${groups})`,
    pass: growth <= GROWTH_MB,
  };
}
