import { spawn, spawnSync } from 'node:child_process';
import { REPO_ROOT } from './fixtures.js';
import { CLI } from './run-cli.js';

/** util-linux `script` gives a command a pseudo-terminal: what a user at a terminal sees. */
export const HAS_SCRIPT = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * Runs the built `racelens` with standard input, output and error on one terminal; `typed` is
 * what the user types (end with \x04, Ctrl-D, to close standard input). Output and error come
 * back mixed, as the terminal shows them, with the terminal's CRLF line ends.
 */
export function runInTerminal(
  args: readonly string[],
  options: { typed?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<{ code: number | null; screen: string }> {
  const line = [process.execPath, CLI, ...args].map(shellQuote).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', line, '/dev/null'], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...(options.env ?? process.env), COLUMNS: '120', LINES: '40' },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, screen: Buffer.concat(out).toString('utf8') }));
    child.stdin.end(options.typed ?? '\x04');
  });
}
