import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { JsonlSink } from '../lib/jsonl-sink.mjs';
import { measure } from '../lib/measure.mjs';

/** The floor: a plain Node pass over the same file (stream, split lines, one frame regex). */
const FLOOR = fileURLToPath(new URL('../lib/floor.mjs', import.meta.url));

/**
 * `racelens parse --json` over the synthetic logs at a quarter of the size, at full size and at
 * four times it (peak RSS must not grow with the input); at full size each run alternates with
 * a run of the floor (`lib/floor.mjs`) on the same file, so the ratio holds on a busy machine.
 * `grep -c` over the same full-size files for scale. Each case is `{ id, run(ctx) }` resolving
 * one result row (see bench/run.mjs).
 */
export const parseCases = [
  parseCase('dense', 'quarter'),
  parseCase('dense', 'full'),
  parseCase('dense', 'max'),
  parseCase('ci', 'quarter'),
  parseCase('ci', 'full'),
  parseCase('ci', 'max'),
  grepCase('dense'),
  grepCase('ci'),
];

/** Targets from the issue, checked over all results; each returns a check row or null. */
export const parseTargets = [
  (r) => floorTarget(r, 'dense', 0.4),
  (r) => floorTarget(r, 'ci', 0.75),
  (r) => rssTarget(r, 'dense', 200),
  (r) => rssTarget(r, 'ci', 200),
  (r) => rssFlatTarget(r, 'dense'),
  (r) => rssFlatTarget(r, 'ci'),
];

function parseCase(kind, size) {
  return {
    id: `parse-${kind}-${size}`,
    async run(ctx) {
      const log = await ctx.log(kind, size);
      let floor = null;
      const best = await ctx.repeat(async () => {
        if (size === 'full') {
          const run = await floorRun(log.path);
          if (run && (floor === null || run.seconds < floor.seconds)) floor = run;
        }
        // Timed with the output going to /dev/null, as the floor writes nothing: the kernel's
        // copy of 2x the input into a file or pipe is the same for any program writing this
        // output. A second run, not timed, writes it to a file, checked afterwards (a reader
        // running beside the CLI would take one of the two cores from its parse threads).
        const run = await measure({
          command: ctx.cli,
          args: ['parse', '--json', log.path],
          node: true,
          stdoutFile: '/dev/null',
        });
        const outFile = `${log.path}.out.jsonl`;
        const checked = await measure({
          command: ctx.cli,
          args: ['parse', '--json', log.path],
          node: true,
          stdoutFile: outFile,
        });
        const sink = new JsonlSink();
        try {
          for await (const chunk of createReadStream(outFile)) sink.write(chunk);
        } finally {
          await rm(outFile, { force: true });
        }
        const problems = sink.end();
        if (checked.signal || checked.code !== 0) {
          problems.unshift(`checked run exited with ${checked.signal ?? `code ${checked.code}`}`);
        }
        run.toFileSeconds = checked.seconds;
        return { run, sink, problems };
      });
      const { run, sink, problems } = best;
      const failures = [...problems];
      if (run.signal || run.code !== 0) {
        failures.unshift(
          `exited with ${run.signal ?? `code ${run.code}`}: ${lastLines(run.stderr)}`,
        );
      }
      if (sink.records === 0 && failures.length === 0) failures.push('printed no records');
      return {
        id: this.id,
        label: `parse ${kind} (${size})`,
        kind,
        size,
        bytes: log.bytes,
        seconds: run.seconds,
        cpuSeconds: run.cpuSeconds,
        rssKB: run.rssKB,
        reports: reportCount(sink),
        written: log.reports,
        records: sink.records,
        outBytes: sink.bytes,
        stderrBytes: run.stderrBytes,
        failures,
        sample: { lines: sink.sampled, types: sink.sampledTypes },
        floorSeconds: floor?.seconds ?? null,
        note: [
          floor
            ? `floor (lib/floor.mjs) ${(log.bytes / 1e6 / floor.seconds).toFixed(1)} MB/s, ${floor.lines} lines`
            : null,
          `output to a file: ${(log.bytes / 1e6 / run.toFileSeconds).toFixed(1)} MB/s (checked run)`,
        ]
          .filter((part) => part !== null)
          .join('; '),
      };
    },
  };
}

/** One run of the floor over `path`: `{ seconds, lines }`, or null when it failed. */
async function floorRun(path) {
  let out = '';
  const run = await measure({
    command: FLOOR,
    args: [path],
    node: true,
    onStdout: (chunk) => {
      out += chunk;
    },
  });
  if (run.code !== 0) return null;
  try {
    return { seconds: run.seconds, lines: JSON.parse(out).lines };
  } catch {
    return null;
  }
}

function grepCase(kind) {
  return {
    id: `grep-${kind}`,
    async run(ctx) {
      const log = await ctx.log(kind, 'full');
      const { run, out } = await ctx.repeat(async () => {
        let out = '';
        const run = await measure({
          command: 'grep',
          args: ['-c', 'ThreadSanitizer', log.path],
          onStdout: (chunk) => {
            out += chunk;
          },
        });
        return { run, out };
      });
      return {
        id: this.id,
        label: `grep -c ${kind} (full)`,
        kind,
        size: 'full',
        bytes: log.bytes,
        seconds: run.seconds,
        rssKB: run.rssKB,
        matches: Number(out.trim()),
        failures: [],
        // grep measures scale only; its failures do not fail the bench.
        note: run.code === 0 ? undefined : `grep exited with ${run.signal ?? run.code}`,
      };
    },
  };
}

/** Report records counted in the stream; null when the sample shows reports but none counted. */
function reportCount(sink) {
  if (sink.reports === 0 && (sink.sampledTypes.report ?? 0) > 0) return null;
  return sink.reports;
}

function lastLines(text) {
  const lines = text.trim().split('\n');
  return lines.slice(-6).join(' | ') || '(no stderr)';
}

const mbps = (row) => row.bytes / 1e6 / row.seconds;

/** `parse --json` MB/s as a share of the floor's on the same file, in the same run. */
function floorTarget(results, kind, share) {
  const row = results.get(`parse-${kind}-full`);
  if (!row || row.failures.length > 0 || !row.floorSeconds) return null;
  const floor = row.bytes / 1e6 / row.floorSeconds;
  const value = mbps(row) / floor;
  return {
    target: `parse ${kind}: at least ${(share * 100).toFixed(0)}% of the floor (${(floor * share).toFixed(0)} MB/s)`,
    // Per CPU-second too: on a busy machine the wall-clock figure understates the parser.
    measured:
      `${(value * 100).toFixed(1)}% (${mbps(row).toFixed(1)} of ${floor.toFixed(1)} MB/s` +
      `${row.cpuSeconds ? `; ${(row.bytes / 1e6 / row.cpuSeconds).toFixed(1)} per CPU s` : ''})`,
    pass: value >= share,
  };
}

function rssTarget(results, kind, maxMB) {
  const row = results.get(`parse-${kind}-full`);
  if (!row || row.rssKB === null) return null;
  const value = (row.rssKB * 1024) / 1e6;
  return {
    target: `parse ${kind}: peak RSS under ${maxMB} MB on ${(row.bytes / 1e6).toFixed(0)} MB`,
    measured: `${value.toFixed(1)} MB`,
    pass: value < maxMB,
  };
}

// "Not growing": the full-size run's peak RSS is at most the quarter-size run's plus the larger
// of 16 MB and 10% (GC timing alone moves peak RSS by a few MB from run to run).
function rssFlatTarget(results, kind) {
  const quarter = results.get(`parse-${kind}-quarter`);
  const full = results.get(`parse-${kind}-max`) ?? results.get(`parse-${kind}-full`);
  if (!quarter || !full || quarter.rssKB === null || full.rssKB === null) return null;
  const q = (quarter.rssKB * 1024) / 1e6;
  const f = (full.rssKB * 1024) / 1e6;
  const allowed = Math.max(16, q * 0.1);
  const growth = f - q;
  return {
    target: `parse ${kind}: peak RSS flat from ${(quarter.bytes / 1e6).toFixed(0)} to ${(full.bytes / 1e6).toFixed(0)} MB (growth <= ${allowed.toFixed(0)} MB)`,
    measured: `${q.toFixed(1)} -> ${f.toFixed(1)} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)})`,
    pass: growth <= allowed,
  };
}
