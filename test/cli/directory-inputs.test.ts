import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readFixture } from '../support/fixtures.js';
import { runCli } from '../support/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'racelens-dir-inputs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('directory inputs on the command line', () => {
  const seed = readFixture('seed', '000_73625768c436998a.txt');
  mkdirSync(join(work, '.git'));
  mkdirSync(join(work, 'node_modules/sqlite/src'), { recursive: true });
  mkdirSync(join(work, 'ci'));
  writeFileSync(join(work, '.gitignore'), 'ci/old-*\n');
  writeFileSync(join(work, 'node_modules/sqlite/src/seed.log'), seed);
  writeFileSync(join(work, 'ci/old-run.log'), seed);
  writeFileSync(join(work, 'ci/run.log'), seed);
  writeFileSync(join(work, 'ci/run.log.keep'), seed);
  writeFileSync(
    join(work, 'ci/a.out'),
    Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0]), Buffer.from(seed)]),
  );
  writeFileSync(join(work, 'ci/core'), Buffer.from([0, 0, 0, 1]));

  it('reads only what ripgrep would, and counts skipped binary files in one line', async () => {
    const result = await runCli(['parse', '.'], { cwd: work });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ci\/run\.log:\d+ +data race/m);
    expect(result.stdout).not.toMatch(/node_modules|old-run/);
    expect(result.stdout.trim().split('\n').at(-1)).toBe('2 reports');
    expect(result.stderr).toBe(
      'racelens: skipped 2 binary files (NUL bytes in the first block) found in directories; name a file to read it anyway\n',
    );
  });

  it('--include and --exclude choose files of the walk', async () => {
    const only = await runCli(['triage', '--include', '*.log', '.'], { cwd: work });
    expect(only.stdout.trim().split('\n').at(-1)).toMatch(/^1 report in 1 group/);
    const without = await runCli(['parse', '--exclude', 'ci', '.'], { cwd: work });
    expect(without.stdout).toBe('0 reports\n');
    expect(without.stderr).toBe('');
  });
});
