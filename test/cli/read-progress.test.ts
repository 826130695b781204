import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { SEED } from '../support/fixtures.js';
import { runCli } from '../support/run-cli.js';
import { HAS_SCRIPT, runInTerminal } from '../support/run-in-terminal.js';

const work = mkdtempSync(join(tmpdir(), 'racelens-progress-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A named pipe that yields one copy of the seed report every `gapMs`: a slow input. */
function slowInput(name: string, copies: number, gapMs: number): string {
  const fifo = join(work, name);
  execFileSync('mkfifo', [fifo]);
  const seed = readFileSync(SEED);
  void (async () => {
    const out = createWriteStream(fifo);
    for (let i = 0; i < copies; i++) {
      out.write(seed);
      await sleep(gapMs);
    }
    out.end();
  })();
  return fifo;
}

describe('reading progress', () => {
  it.skipIf(!HAS_SCRIPT)(
    'shows on a terminal once reading takes more than 2 s, and is cleared',
    async () => {
      const fifo = slowInput('slow-tty.log', 6, 600);
      const { code, screen } = await runInTerminal(['parse', fifo]);
      expect(code).toBe(0);
      // One line rewritten in place (cut to the terminal's width), on standard error.
      expect(screen).toMatch(/^\r\x1b\[2Kracelens: reading \S*slow-tty\.log \(0 inputs read, /);
      // Cleared before the results: after the last clear come the report lines and the total.
      const after = screen.slice(screen.lastIndexOf('\x1b[2K') + 4);
      expect(after).not.toContain('racelens: reading');
      expect(after).toMatch(/^\S*slow-tty\.log:91 {2}data race/);
      expect(after.endsWith('6 reports\r\n')).toBe(true);
    },
  );

  it('never shows when standard error is not a terminal', async () => {
    const fifo = slowInput('slow-pipe.log', 5, 600);
    const result = await runCli(['parse', fifo]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim().split('\n').at(-1)).toBe('5 reports');
  });
});
