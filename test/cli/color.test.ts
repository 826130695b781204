import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { HAS_SCRIPT, runInTerminal } from '../support/run-in-terminal.js';

const LOG = 'examples/bank.gcc.log';
const ESC = '\x1b';
const hasColour = (text: string) => text.includes(`${ESC}[33m`) && text.includes(`${ESC}[1m`);
const hasLink = (text: string) => text.includes(`${ESC}]8;;file:///`);

describe('colour and file links', () => {
  it.skipIf(!HAS_SCRIPT)(
    'on a terminal: ids, titles and counts coloured, file:line a link (OSC 8)',
    async () => {
      const { code, screen } = await runInTerminal(['triage', LOG], {
        env: { ...process.env, NO_COLOR: '' },
      });
      expect(code).toBe(0);
      expect(hasColour(screen)).toBe(true);
      expect(screen).toMatch(
        /\x1b\[33m[0-9a-f]{10}\x1b\[39m {2}\x1b\[1mdata race: add_interest ↔ deposit/,
      );
      expect(screen).toMatch(
        /first at \x1b\]8;;file:\/\/\/[^\x1b]*\/examples\/bank\.gcc\.log\x1b\\examples\/bank\.gcc\.log:2\x1b\]8;;\x1b\\/,
      );
      expect(screen).toContain(`${ESC}[31m1 new${ESC}[39m`);
    },
  );

  it.skipIf(!HAS_SCRIPT)(
    'on a terminal: none with NO_COLOR, TERM=dumb or --color never',
    async () => {
      for (const [env, args] of [
        [{ NO_COLOR: '1' }, []],
        [{ NO_COLOR: '', TERM: 'dumb' }, []],
        [{ NO_COLOR: '' }, ['--color', 'never']],
      ] as const) {
        const { screen } = await runInTerminal([...args, 'triage', LOG], {
          env: { ...process.env, ...env },
        });
        expect(screen).not.toContain(ESC);
        expect(screen).toMatch(/^[0-9a-f]{10} {2}data race/);
      }
    },
  );

  it('piped: plain text; --color always (before or after the command) colours anyway', async () => {
    const piped = await runCli(['triage', LOG], { env: { ...process.env, NO_COLOR: '' } });
    expect(piped.stdout).not.toContain(ESC);
    for (const args of [
      ['--color', 'always', 'triage', LOG],
      ['triage', '--color', 'always', LOG],
    ]) {
      const forced = await runCli(args, { env: { ...process.env, NO_COLOR: '1' } });
      expect(forced.code).toBe(0);
      expect(hasColour(forced.stdout)).toBe(true);
      expect(hasLink(forced.stdout)).toBe(true);
    }
    // Never into a file.
    const json = await runCli(['--color', 'always', 'triage', '--json', LOG]);
    expect(json.stdout).not.toContain(ESC);
    const bad = await runCli(['--color', 'sometimes', 'triage', LOG]);
    expect(bad.code).toBe(2);
  });
});
