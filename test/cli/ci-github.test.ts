import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { REPO_ROOT } from '../support/fixtures.js';
import { CLI, runCli } from '../support/run-cli.js';
import { sarifValidator } from '../support/sarif-schema.js';

const work = mkdtempSync(join(tmpdir(), 'racelens-ci-github-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * A runner's environment as GitHub sets it for a pull request into main, in a fresh job folder
 * (its own summary and output files), with the example logs copied into `logs/`.
 */
function job(name: string) {
  const dir = join(work, name);
  mkdirSync(join(dir, 'logs', 'shard-2'), { recursive: true });
  for (const log of ['bank.clang19.log', 'deadlock.gcc.log'])
    writeFileSync(join(dir, 'logs', log), readFileSync(join(REPO_ROOT, 'examples', log)));
  writeFileSync(
    join(dir, 'logs', 'shard-2', 'inventory.log'),
    readFileSync(join(REPO_ROOT, 'examples', 'inventory.clang19.log')),
  );
  const summary = join(dir, 'step-summary.md');
  const output = join(dir, 'github-output');
  writeFileSync(summary, '');
  writeFileSync(output, '');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_BASE_REF: 'main',
    GITHUB_HEAD_REF: 'feature',
    GITHUB_REF_NAME: '42/merge',
    // The example logs were made in /work/main: that is the checkout they name.
    GITHUB_WORKSPACE: '/work/main',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'octo/app',
    GITHUB_SHA: 'a'.repeat(40),
    GITHUB_RUN_ID: '1001',
    GITHUB_STEP_SUMMARY: summary,
    GITHUB_OUTPUT: output,
    RACELENS_DB: join(dir, 'store', 'racelens.db'),
  };
  const outputs = () =>
    Object.fromEntries(
      readFileSync(output, 'utf8')
        .trim()
        .split('\n')
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
  return { dir, env, summary: () => readFileSync(summary, 'utf8'), outputs };
}

describe('racelens ci github (the action script) in a simulated runner', () => {
  it('first run, no store: SARIF, summary, warnings on new groups, passes and says so', async () => {
    const { dir, env, summary, outputs } = job('first');
    const result = await runCli(['ci', 'github', 'logs/**/*.log', 'logs/tsan.*'], {
      cwd: dir,
      env,
    });
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe(
      '::notice title=racelens::no file matches logs/tsan.* (TSan writes log_path files only when it reports)',
    );
    expect(lines.filter((l) => l.startsWith('::warning file=examples/'))).toHaveLength(5);
    expect(result.stderr).toMatch(
      /^racelens: no baseline yet \(no history store at .*racelens\.db\); the gate passes\./,
    );
    expect(summary()).toMatch(
      /^## ThreadSanitizer \(racelens\)\n\n5 reports in 5 groups: \*\*5 new\*\*/,
    );
    expect(summary()).toContain('No baseline yet');
    expect(summary()).toContain(
      `[\`examples/bank.c:35\`](<https://github.com/octo/app/blob/${'a'.repeat(40)}/examples/bank.c#L35>)`,
    );
    expect(outputs()).toEqual({
      groups: '5',
      'new-groups': '5',
      'regressed-groups': '0',
      baseline: 'none',
      sarif: 'racelens.sarif',
      passed: 'true',
    });
    const sarif = JSON.parse(readFileSync(join(dir, 'racelens.sarif'), 'utf8')) as {
      runs: [{ results: unknown[]; originalUriBaseIds: unknown }];
    };
    expect(sarifValidator()(sarif)).toEqual([]);
    expect(sarif.runs[0].results).toHaveLength(5);
    expect(sarif.runs[0].originalUriBaseIds).toEqual({ SRCROOT: { uri: 'file:///work/main/' } });
  });

  it('with a baseline of main: errors on the new groups only, and fails the gate (exit 1)', async () => {
    const { dir, env, summary, outputs } = job('gated');
    const ingest = await runCli(
      [
        'ingest',
        '--branch',
        'main',
        '--run',
        'main-1',
        'logs/bank.clang19.log',
        'logs/deadlock.gcc.log',
      ],
      { cwd: dir, env },
    );
    expect(ingest.code, ingest.stderr).toBe(0);
    const result = await runCli(['ci', 'github', 'logs/'], { cwd: dir, env });
    expect(result.code).toBe(1);
    const errors = result.stdout.split('\n').filter((l) => l.startsWith('::error '));
    expect(errors.map((l) => /file=([^,]*),line=(\d+)/.exec(l)?.slice(1).join(':'))).toEqual([
      'examples/inventory.c:38',
      'examples/inventory.c:37',
      'examples/inventory.c:51',
    ]);
    expect(result.stdout).toContain('::notice title=racelens::2 groups not new');
    expect(result.stderr).toBe(
      'racelens: 3 new groups and 0 regressed groups against branch main (1 run); the gate fails (exit 1)\n',
    );
    expect(summary()).toContain('Compared with the baseline: branch main (1 run).');
    expect(summary().match(/^\| `[0-9a-f]{10}` \|/gm)).toHaveLength(3);
    expect(outputs()).toMatchObject({ 'new-groups': '3', baseline: 'found', passed: 'false' });
    // Once the new groups are in main's history, the same logs pass.
    await runCli(['ingest', '--branch', 'main', '--run', 'main-2', 'logs/'], { cwd: dir, env });
    const again = await runCli(['ci', 'github', '--sarif', 'out.sarif', 'logs/'], {
      cwd: dir,
      env,
    });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(
      /no new or regressed group against branch main \(2 runs\); the gate passes/,
    );
    expect(summary()).toContain('No new or regressed group.');
  });

  it('caps error annotations as GitHub does and says how many it left out', async () => {
    const { dir, env } = job('capped');
    const result = await runCli(
      ['ci', 'github', '--baseline', 'main', '--max-annotations', '2', 'logs/'],
      {
        cwd: dir,
        env: { ...env, RACELENS_DB: join(dir, 'none.db') },
      },
    );
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter((l) => l.startsWith('::warning '))).toHaveLength(2);
    expect(result.stdout).toContain(
      '::notice title=racelens::3 more new groups not annotated (GitHub shows 2 warning annotations per step)',
    );
  });
});

interface ActionStep {
  readonly id?: string;
  readonly run: string;
  readonly env?: Record<string, string>;
}

describe('action.yml and its script', () => {
  const action = parseYaml(readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default?: string; required?: boolean }>;
    outputs: Record<string, { value: string }>;
    runs: { using: string; steps: ActionStep[] };
  };
  const step = action.runs.steps.find((s) => s.id === 'racelens')!;

  it('is a composite action passing every input to the script and every output back', () => {
    expect(action.runs.using).toBe('composite');
    expect(step.run).toContain('scripts/github-action.sh');
    const passed = Object.values(step.env ?? {}).map(
      (v) => /^\$\{\{ inputs\.([a-z-]+) \}\}$/.exec(v)?.[1],
    );
    expect(passed.sort()).toEqual(Object.keys(action.inputs).sort());
    for (const [name, output] of Object.entries(action.outputs))
      expect(output.value).toBe(`\${{ steps.racelens.outputs.${name} }}`);
  });

  it('its script runs racelens ci github as the runner would, and records with record: true', () => {
    const { dir, env, outputs } = job('action');
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync(CLI, join(bin, 'racelens'));
    const inputs = Object.fromEntries(
      Object.entries(step.env ?? {}).map(([name, value]) => {
        const input = /inputs\.([a-z-]+)/.exec(value)![1]!;
        return [name, action.inputs[input]?.default ?? ''];
      }),
    );
    const run = (extra: NodeJS.ProcessEnv) =>
      spawnSync('bash', [join(REPO_ROOT, 'scripts/github-action.sh')], {
        cwd: dir,
        env: {
          ...env,
          ...inputs,
          RACELENS_DB: join(dir, '.racelens', 'racelens.db'),
          PATH: `${bin}:${process.env.PATH}`,
          GITHUB_ACTION_PATH: REPO_ROOT,
          ...extra,
        },
        encoding: 'utf8',
      });
    // A push to main, first run: passes without a baseline, and is recorded.
    const first = run({
      RACELENS_LOGS: '  logs/bank.clang19.log\n\nlogs/deadlock.gcc.log  \n',
      RACELENS_RECORD: 'true',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_BASE_REF: '',
      GITHUB_REF_NAME: 'main',
    });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/no baseline yet/);
    expect(outputs()).toMatchObject({ baseline: 'none', 'new-groups': '2', passed: 'true' });
    // A pull request into main with one more race: gated against the recorded run.
    const pr = run({ RACELENS_LOGS: 'logs/**/*.log' });
    expect(pr.status).toBe(1);
    expect(pr.stdout.match(/^::error file=examples\/inventory\.c,line=\d+,/gm)).toHaveLength(3);
    expect(pr.stderr).toContain('3 new groups and 0 regressed groups against branch main (1 run)');
    const empty = run({ RACELENS_LOGS: '\n' });
    expect(empty.status).toBe(2);
    expect(empty.stdout).toMatch(/^::error title=racelens::the 'logs' input is empty/);
  });
});
