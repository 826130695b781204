import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { CORPUS, SEED } from '../support/fixtures.js';
import { parseRecordValidator } from '../support/parse-schema.js';
import { CLI, runCli } from '../support/run-cli.js';
import { AS_NOBODY, unreachableByNobody } from '../support/unprivileged.js';

const work = mkdtempSync(join(tmpdir(), 'racelens-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const validate = parseRecordValidator();

function jsonLines(stdout: string): unknown[] {
  return stdout
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as unknown);
}

describe('the racelens command', () => {
  it('runs as the executable npx starts (the built bin keeps its executable bit)', () => {
    expect(statSync(CLI).mode & 0o111).not.toBe(0);
    expect(execFileSync(CLI, ['--version']).toString().trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('racelens parse', () => {
  it('lists one line per report and a total', async () => {
    const result = await runCli(['parse', SEED, join(CORPUS, 'examples/out/deadlock.gcc.txt')]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /000_73625768c436998a\.txt:91 {2}data race: interpreter_clear \(Python\/pystate\.c:769\) ↔ take_gil \(Python\/ceval_gil\.c:351\) {2}\[pid 22017\]$/,
    );
    expect(lines[1]).toMatch(
      /deadlock\.gcc\.txt:2 {2}lock-order-inversion \(potential deadlock\): /,
    );
    expect(lines[2]).toBe('2 reports');
    expect(result.stderr).toBe('');
  });

  it('writes JSON Lines valid against the published schema, for every fixture', async () => {
    const result = await runCli(['parse', '--json', CORPUS, SEED]);
    expect(result.code).toBe(0);
    const records = jsonLines(result.stdout);
    expect(records.length).toBeGreaterThan(150);
    for (const record of records) {
      if (!validate(record)) {
        throw new Error(
          `${JSON.stringify(validate.errors)} in ${JSON.stringify(record).slice(0, 300)}`,
        );
      }
    }
    const kinds = new Set(records.map((r) => (r as { kind?: string }).kind).filter(Boolean));
    expect(kinds).toContain('lock-order-inversion (potential deadlock)');
    expect(kinds).toContain('thread leak');
  });

  it('reads gzip files and stdin the same as plain files', async () => {
    const plain = await runCli(['parse', '--json', SEED]);
    const gz = join(work, 'seed.log.gz');
    writeFileSync(gz, gzipSync(readFileSync(SEED)));
    const zipped = await runCli(['parse', '--json', gz]);
    const piped = await runCli(['parse', '--json', '-'], { stdin: readFileSync(SEED) });
    const strip = (stdout: string) =>
      jsonLines(stdout).map((r) => ({ ...(r as object), source: null, diagnostics: null }));
    expect(strip(zipped.stdout)).toEqual(strip(plain.stdout));
    expect(strip(piped.stdout)).toEqual(strip(plain.stdout));
    expect(jsonLines(piped.stdout)[0]).toMatchObject({ source: { file: '<stdin>', line: 91 } });
  });

  it('expands a TSan log_path prefix into its per-process files', async () => {
    const dir = join(work, 'logs');
    mkdirSync(dir);
    copyFileSync(join(CORPUS, 'examples/out/race.gcc.txt'), join(dir, 'tsan.4492'));
    copyFileSync(join(CORPUS, 'examples/out/leak.gcc.txt'), join(dir, 'tsan.4513'));
    const result = await runCli(['parse', '--json', join(dir, 'tsan')]);
    expect(result.code).toBe(0);
    const records = jsonLines(result.stdout) as { kind: string; source: { file: string } }[];
    expect(records.map((r) => [r.kind, r.source.file.split('/').pop()])).toEqual([
      ['data race', 'tsan.4492'],
      ['thread leak', 'tsan.4513'],
    ]);
  });

  it('says which input is missing, reads the others, and exits 3', async () => {
    const result = await runCli(['parse', join(work, 'nope.log'), SEED]);
    expect(result.code).toBe(3);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^racelens: .*nope\.log: no such file or directory/);
    expect(result.stdout).toContain('1 report');
  });

  it('reports an unreadable directory in one line and exits 3', async (context) => {
    // root reads everything: drop to an unprivileged user, who must reach node and the CLI.
    const asRoot = process.getuid?.() === 0;
    const unreachable = asRoot ? unreachableByNobody(process.execPath, CLI) : null;
    if (unreachable !== null) context.skip(unreachable);
    const dir = join(work, 'locked');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.log'), 'x\n');
    chmodSync(dir, 0o000);
    chmodSync(work, 0o755);
    if (asRoot) execFileSync('chmod', ['o+rx', work]);
    const result = await runCli(['parse', dir], asRoot ? { prefix: AS_NOBODY } : {});
    chmodSync(dir, 0o755);
    expect(result.code).toBe(3);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^racelens: .*locked: cannot list directory \(EACCES\)/);
  });

  it.each([
    [['parse', '--bogus', 'x'], /unknown option '--bogus'/],
    [['parse'], /missing required argument 'inputs'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('rejects a bad command line %j in one line with exit 2', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/^racelens: /);
  });

  it('exits 0 when its reader goes away early (| head)', () => {
    const big = join(work, 'big.log');
    writeFileSync(big, readFileSync(SEED, 'utf8').repeat(400));
    const script = `"${process.execPath}" "${CLI}" parse --json "${big}" | head -c 100 >/dev/null; echo \${PIPESTATUS[0]}`;
    expect(execFileSync('bash', ['-c', script]).toString().trim()).toBe('0');
  });
});
