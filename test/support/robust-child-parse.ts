/**
 * Parses a generated line in a child process with a deadline. A parse that never ends blocks
 * the thread it runs on, so an in-process test cannot time out; a child can be killed.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './robust-helpers.js';

/** The line is `prefix + unit.repeat(count)`, built in the child so no megabytes cross a pipe. */
export interface LineSpec {
  readonly prefix: string;
  readonly unit: string;
  readonly count: number;
}

export interface ChildOutcome {
  /** The parse ended before the deadline. */
  readonly finished: boolean;
  /** Records the parse returned (when it finished). */
  readonly records: number | null;
  readonly stderr: string;
}

const SCRIPT = `
import { parseText } from ${JSON.stringify(pathToFileURL(join(ROOT, 'src', 'index.ts')).href)};
const spec = JSON.parse(process.argv[1]);
const line = spec.prefix + spec.unit.repeat(spec.count);
const text = '==================\\nWARNING: ThreadSanitizer: data race (pid=1)\\n' + line + '\\n';
process.stdout.write('ready\\n');
const records = parseText(text, { file: 'long-line.log' });
process.stdout.write(JSON.stringify({ records: records.length }));
`;

export function parseLineInChild(spec: LineSpec, deadlineMs: number): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', SCRIPT, JSON.stringify(spec)],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    let killed = false;
    const kill = () => {
      killed = true;
      child.kill('SIGKILL');
    };
    // The deadline runs from when the child starts parsing (its start-up is not measured),
    // with a backstop in case it never gets there.
    let deadline: NodeJS.Timeout | null = null;
    const backstop = setTimeout(kill, deadlineMs + 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (deadline === null && stdout.startsWith('ready\n'))
        deadline = setTimeout(kill, deadlineMs);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('close', (code) => {
      clearTimeout(backstop);
      if (deadline !== null) clearTimeout(deadline);
      let records: number | null = null;
      if (!killed && code === 0) {
        records = (JSON.parse(stdout.slice('ready\n'.length)) as { records: number }).records;
      }
      resolve({ finished: !killed && code === 0, records, stderr });
    });
  });
}
