import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure } from '../lib/measure.mjs';

/** The size: a log of at least 10,000 bare frames. */
const MIN_FRAMES = 20_000;
const COMPILERS = ['clang-19', 'gcc'];

/**
 * The symbolization tests' racy program (its race ordered by a sleep, so one run always
 * reports it; an inlined helper, so frames expand).
 */
const PROGRAM = fileURLToPath(
  new URL('../../test/symbolize/programs/heap_inline.c', import.meta.url),
);

/**
 * `racelens symbolize --json --binaries DIR` on a log of bare frames made from a real report:
 * a small racy C program built with `-g -fsanitize=thread` (clang 19, else gcc), run with
 * `TSAN_OPTIONS=symbolize=0`, its report replicated to at least 20,000 frames of the program's
 * module. `distinct`: every frame a different address of the module's .text (each one goes to
 * llvm-symbolizer); `repeated`: the report as printed (the per-offset cache answers). Each case
 * is `{ id, run(ctx) }` resolving one result row (see run.mjs); frames/s in its note.
 */
export const symbolizeCases = [symbolizeCase('distinct'), symbolizeCase('repeated')];

/** No target in the issue beyond the figure itself. */
export const symbolizeTargets = [];

function symbolizeCase(mode) {
  return {
    id: `symbolize-${mode}`,
    async run(ctx) {
      const label = `symbolize ${mode} addresses`;
      const dir = join(ctx.root, 'bench/out/symbolize', mode);
      await rm(dir, { recursive: true, force: true });
      await mkdir(dir, { recursive: true });
      try {
        const built = await buildAndRun(dir);
        if (built.problem) return { id: this.id, label, failures: [built.problem] };
        const log = join(dir, 'bare.log');
        const { text, frames, reports } = replicate(built, mode);
        await writeFile(log, text);
        let out = '';
        const run = await measure({
          command: ctx.cli,
          args: ['symbolize', '--json', '--binaries', built.binDir, log],
          node: true,
          onStdout: (chunk) => {
            out += chunk;
          },
        });
        const failures = [];
        if (run.code !== 0)
          failures.push(`exit ${run.code ?? run.signal}: ${run.stderr.slice(-500)}`);
        // Some distinct addresses fall where the module has no symbol at all (crt code, padding:
        // about 5% of clang's .text); far more would mean symbolization broke.
        const bare = failures.length === 0 ? countBare(out, built.module) : 0;
        if (bare > frames / 10) {
          failures.push(`${bare} of ${frames} frames of ${built.module} are still bare`);
        }
        return {
          id: this.id,
          label,
          bytes: Buffer.byteLength(text),
          seconds: run.seconds,
          cpuSeconds: run.cpuSeconds,
          rssKB: run.rssKB,
          reports,
          written: reports,
          framesPerSecond: failures.length === 0 ? frames / run.seconds : null,
          failures,
          note:
            `${frames.toLocaleString('en-US')} bare frames of ${built.module} (${built.compiler} -O1 build), ` +
            `${Math.round(frames / run.seconds).toLocaleString('en-US')} frames/s (wall time of the CLI, start included); ` +
            `${bare} left bare (no symbol there)`,
        };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Builds the program with the first compiler that can, runs it unsymbolized, keeps its report. */
async function buildAndRun(dir) {
  const source = PROGRAM;
  const binDir = join(dir, 'bin');
  await mkdir(binDir, { recursive: true });
  const binary = join(binDir, 'bench_race');
  const problems = [];
  for (const compiler of COMPILERS) {
    try {
      execFileSync(compiler, ['-fsanitize=thread', '-g', '-O1', source, '-o', binary], {
        stdio: 'pipe',
      });
    } catch (error) {
      problems.push(`${compiler}: ${error.message.split('\n')[0]}`);
      continue;
    }
    for (let attempt = 0; attempt < 5; attempt++) {
      const { stderr } = spawnSync(binary, [], {
        env: { ...process.env, TSAN_OPTIONS: 'symbolize=0' },
        encoding: 'utf8',
        timeout: 20_000,
      });
      const report = /={18}\n(?:.|\n)*?\n={18}\n/.exec(stderr)?.[0];
      if (report)
        return { binary, binDir, module: 'bench_race', compiler, report, text: textRange(binary) };
    }
    problems.push(`${compiler}: the program did not report its race`);
  }
  return { problem: `no TSan compiler could build and run the program (${problems.join('; ')})` };
}

/** Where the module's code is: the distinct addresses are spread over it. */
function textRange(binary) {
  const sections = execFileSync('readelf', ['-SW', binary]).toString();
  const match = /\s\.text\s+PROGBITS\s+([0-9a-f]+)\s+[0-9a-f]+\s+([0-9a-f]+)/.exec(sections);
  if (!match) throw new Error(`no .text section in ${binary}`);
  return { start: Number.parseInt(match[1], 16), size: Number.parseInt(match[2], 16) };
}

/** The report again and again until it holds MIN_FRAMES frames of the module. */
function replicate(built, mode) {
  const frameRe = new RegExp(`\\(${built.module}\\+0x([0-9a-f]+)\\)`, 'g');
  const perReport = [...built.report.matchAll(frameRe)].length;
  const copies = Math.ceil(MIN_FRAMES / perReport);
  const parts = [];
  let n = 0;
  for (let i = 0; i < copies; i++) {
    const report =
      mode === 'repeated'
        ? built.report
        : built.report.replace(frameRe, () => {
            // Spread over .text, never the same address twice; +1 keeps it off a symbol start.
            const offset = built.text.start + 1 + ((n++ * 7) % (built.text.size - 1));
            return `(${built.module}+0x${offset.toString(16)})`;
          });
    parts.push(report.replace(/\(pid=\d+\)/, `(pid=${10_000 + i})`));
  }
  return { text: parts.join(''), frames: copies * perReport, reports: copies };
}

/** Frames of the module that came out still without a function, over the whole output. */
function countBare(out, module) {
  let bare = 0;
  const visit = (value) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      if ('index' in value && value.module === module) {
        if (value.function === null) bare++;
      } else Object.values(value).forEach(visit);
    }
  };
  for (const line of out.split('\n')) if (line) visit(JSON.parse(line));
  return bare;
}
