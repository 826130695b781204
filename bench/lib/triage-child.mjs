// Child process of the triage bench (bench/cases/triage.mjs), so that its peak RSS is its own:
//   node bench/lib/triage-child.mjs <reports> [<dist dir>]
// Parses the fixtures' whole reports once (those lib/fixtures.mjs cuts out), then feeds
// `Triage.add` <reports> reports resampled from them with a seeded PRNG and calls `finish()`.
// Each copy is a shallow copy of a parsed report with its own `pid` and `source` (processes of
// 1-8 reports with fresh pids, spread over a few input names, lines running on), so the triage
// sees distinct occurrences; no text is parsed again, so what is timed is the triage itself.
// Prints one JSON line: { reports, groups, seconds, reportsPerSecond, ... }.
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadReportTemplates } from './fixtures.mjs';
import { createRng } from './prng.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SEED = 0x7a1a9e;
/** Input names the copies are spread over (a triage interns one name per input). */
const INPUTS = 8;

async function main() {
  const reports = Number(process.argv[2]);
  if (!Number.isInteger(reports) || reports <= 0) {
    throw new Error(`usage: triage-child.mjs <reports> [<dist dir>], not ${process.argv[2]}`);
  }
  const dist = resolve(process.argv[3] ?? join(ROOT, 'dist'));
  const { parseText } = await import(pathToFileURL(join(dist, 'index.js')).href);
  const { Triage } = await import(pathToFileURL(join(dist, 'triage/triage.js')).href);

  const { templates } = await loadReportTemplates(ROOT);
  const bases = [];
  for (const template of templates) {
    const text = `${template.lines.join('\n')}\n`;
    for (const record of parseText(text, { file: template.source })) {
      if (record.type === 'report') bases.push(record);
    }
  }
  if (bases.length === 0) throw new Error('the fixtures parsed to no reports');

  // What resampling alone costs (the same copies, not triaged), to tell it from the triage.
  let started = process.hrtime.bigint();
  let checksum = 0;
  for (const copy of resample(bases, reports)) checksum = (checksum + copy.source.line) | 0;
  const resampleSeconds = Number(process.hrtime.bigint() - started) / 1e9;

  started = process.hrtime.bigint();
  const triage = new Triage();
  for (const copy of resample(bases, reports)) triage.add(copy);
  const added = process.hrtime.bigint();
  const result = triage.finish();
  const ended = process.hrtime.bigint();
  const seconds = Number(ended - started) / 1e9;

  if (result.totals.reports !== reports) {
    throw new Error(`triage counted ${result.totals.reports} reports, ${reports} were added`);
  }
  const out = {
    reports,
    groups: result.totals.groups,
    seconds,
    reportsPerSecond: reports / seconds,
    addSeconds: Number(added - started) / 1e9,
    finishSeconds: Number(ended - added) / 1e9,
    resampleSeconds,
    templates: bases.length,
    checksum,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

/** `count` shallow copies of `bases`, picked with a seeded PRNG, each with its own pid/source. */
function* resample(bases, count) {
  const rng = createRng(SEED);
  const files = Array.from({ length: INPUTS }, (_, i) => `resampled-${i}.log`);
  const lines = new Array(INPUTS).fill(1);
  let pid = 1000 + rng.int(0, 50000);
  let made = 0;
  for (let proc = 0; made < count; proc++) {
    pid = pid >= 4_000_000 ? 1000 : pid + rng.int(1, 400);
    const input = proc % INPUTS;
    const file = files[input];
    const inProcess = Math.min(rng.int(1, 8), count - made);
    for (let i = 0; i < inProcess; i++) {
      const base = bases[Math.floor(rng.next() * bases.length)];
      // The headline follows the opening separator; the report ends at its closing one.
      const line = lines[input] + 1;
      const endLine = line + (base.source.endLine - base.source.line);
      lines[input] = endLine;
      yield { ...base, pid, source: { file, line, endLine } };
      made++;
    }
    lines[input]++; // `ThreadSanitizer: reported N warnings`
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
