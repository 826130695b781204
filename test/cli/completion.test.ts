import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'racelens-completion-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const has = (shell: string) => spawnSync(shell, ['-c', 'true'], { stdio: 'ignore' }).status === 0;

async function script(shell: string): Promise<string> {
  const result = await runCli(['completion', shell]);
  expect(result.code, result.stderr).toBe(0);
  const file = join(work, `racelens.${shell}`);
  writeFileSync(file, result.stdout);
  return file;
}

function shell(program: string, code: string): string {
  const result = spawnSync(program, ['-c', code], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: work, ZDOTDIR: work },
  });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

describe('racelens completion', () => {
  it('bash: commands, nested commands, options and their choices, from the declarations', async () => {
    const file = await script('bash');
    const complete = (...words: string[]) =>
      shell(
        'bash',
        `source '${file}'; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _racelens; echo "\${COMPREPLY[*]}"`,
      ).trim();
    expect(complete('racelens', 'tr')).toBe('triage');
    expect(complete('racelens', 'triage', '--format', '')).toBe(
      'terminal json markdown sarif junit html github codequality',
    );
    expect(complete('racelens', 'triage', '--fail')).toBe('--fail-on');
    expect(complete('racelens', 'suppressions', '')).toBe('check suggest');
    expect(complete('racelens', 'suppressions', 'suggest', '--allow')).toBe(
      '--allow-use-after-free',
    );
    expect(complete('racelens', 'ci', 'github', '--max')).toBe('--max-annotations');
    expect(complete('racelens', 'completion', 'f')).toBe('fish');
    // A value or a log: nothing proposed, so bash completes file names (-o default).
    expect(complete('racelens', 'triage', '--known', '')).toBe('');
    expect(complete('racelens', 'parse', 'ex')).toBe('');
  });

  it.skipIf(!has('fish'))("fish: the same, through fish's own completion engine", async () => {
    const file = await script('fish');
    const complete = (line: string) =>
      shell('fish', `source '${file}'; complete -C '${line}'`)
        .trim()
        .split('\n')
        .map((l) => l.split('\t')[0]);
    expect(complete('racelens tri')).toEqual(['triage']);
    expect(complete('racelens triage --format s')).toEqual(['sarif']);
    expect(complete('racelens suppressions ')).toEqual(['check', 'suggest']);
    expect(complete('racelens ci github --max')).toEqual(['--max-annotations']);
  });

  it.skipIf(!has('zsh'))('zsh: loads, and registers the function for racelens', async () => {
    const file = await script('zsh');
    expect(
      shell('zsh', `source '${file}' && whence -w _racelens && print -r -- "\${_comps[racelens]}"`),
    ).toBe('_racelens: function\n_bash_complete -o default -F _racelens\n');
  });

  it('refuses an unknown shell with exit 2', async () => {
    const result = await runCli(['completion', 'tcsh']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /value 'tcsh' is invalid for argument 'shell'\. Allowed choices are bash, zsh, fish/,
    );
  });
});
