/**
 * `racelens run` with real processes: a flaky TSan program built with gcc (its true rate counted
 * from the marker files it leaves), programs that hang (killed with their process group), Ctrl-C
 * mid-way, arguments with spaces, and a command that does not exist.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/fixtures.js';
import { CLI, type CliResult, runCli } from '../support/run-cli.js';
import {
  detectToolchain,
  requireToolchain,
  type ToolchainStatus,
  TsanWorkspace,
  toolchain,
} from '../support/tsan-toolchains.js';

const FLAKY = fileURLToPath(new URL('../run-programs/flaky_race.c', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'racelens-run-cli-'));
let workspace: TsanWorkspace;
let gcc: ToolchainStatus;
let flaky = '';

beforeAll(async () => {
  workspace = await TsanWorkspace.create('racelens-run-tsan-');
  gcc = await detectToolchain(toolchain('gcc'), 'c');
  if (gcc.available) flaky = await workspace.compile(gcc.toolchain, FLAKY);
});
afterAll(async () => {
  await workspace.cleanup();
  rmSync(work, { recursive: true, force: true });
});

const validate = new Ajv2020({ allErrors: true, strict: true }).compile(
  JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'run-result.schema.json'), 'utf8')) as object,
);

interface RunDocument {
  stoppedBy: string;
  totals: Record<string, number>;
  groups: {
    id: string;
    title: string;
    runsSeen: number;
    rate: number;
    interval: { low: number; high: number };
    firstRun: number;
  }[];
  runs: { index: number; outcome: string; exitCode: number | null; signal: string | null }[];
  store: { path: string; run: string } | null;
}

function documentOf(result: CliResult): RunDocument {
  const document = JSON.parse(result.stdout) as RunDocument;
  expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
  return document;
}

/** A folder of its own as TMPDIR, so that what racelens leaves there (nothing) can be listed. */
function freshTmp(name: string): string {
  const dir = join(work, name);
  mkdirSync(dir);
  return dir;
}

/** Processes whose command line holds `marker` (read from /proc: ps may be missing). */
function processesWith(marker: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      if (args.includes(marker)) found.push(`${pid}: ${args}`);
    } catch {
      // Gone between the listing and the read.
    }
  }
  return found;
}

/** A number no other process has on its command line: `sleep` takes it as seconds. */
function uniqueSeconds(base: number): string {
  return `${base}.${process.pid}${Math.floor(Math.random() * 1e6)}`;
}

describe('racelens run', () => {
  it('measures a race that shows in about a third of runs: the interval holds the counted rate', async (ctx) => {
    requireToolchain(gcc, ctx);
    const markers = join(work, 'markers');
    mkdirSync(markers);
    const db = join(work, 'flaky.db');
    const result = await runCli([
      'run',
      '-n',
      '60',
      '-j',
      '2',
      '--json',
      '--ingest',
      '--db',
      db,
      '--run',
      'flaky-60',
      '--',
      flaky,
      '3',
      markers,
    ]);
    expect(result.code, result.stderr).toBe(0);
    const document = documentOf(result);
    const files = readdirSync(markers);
    expect(files).toHaveLength(60);
    const raced = files.filter((f) => f.endsWith('.raced')).length;
    expect(document.totals).toMatchObject({ started: 60, measured: 60, withReports: raced });
    expect(document.totals.races).toBe(raced);
    expect(document.totals.clean).toBe(60 - raced);
    expect(document.stoppedBy).toBe('completed');
    // The draw is random: 60 runs without a racy path happen once in 37 billion.
    expect(raced).toBeGreaterThan(0);
    expect(document.groups).toHaveLength(1);
    const [group] = document.groups;
    expect(group!.title).toMatch(/flaky_reader/);
    expect(group!.title).toMatch(/flaky_writer/);
    expect(group!.title).toMatch(/shared_total/);
    expect(group!.runsSeen).toBe(raced);
    expect(group!.interval.low).toBeLessThanOrEqual(raced / 60);
    expect(group!.interval.high).toBeGreaterThanOrEqual(raced / 60);
    expect(group!.firstRun).toBe(
      Math.min(...document.runs.filter((r) => r.outcome === 'races').map((r) => r.index)),
    );
    for (const run of document.runs) expect(run.exitCode).toBe(run.outcome === 'races' ? 66 : 0);
    expect(document.store).toEqual({ path: db, run: 'flaky-60' });

    // One store run for the 60 runs, and the group in it.
    const history = await runCli(['history', '--json', '--db', db]);
    const stored = JSON.parse(history.stdout) as {
      runs: number;
      groups: { id: string; reports: number }[];
    };
    expect(stored.runs).toBe(1);
    expect(stored.groups.map((g) => g.id)).toEqual([group!.id]);
    expect(stored.groups[0]!.reports).toBe(raced);
  });

  it('stops starting runs at --until and at --until-group', async (ctx) => {
    requireToolchain(gcc, ctx);
    const markers = join(work, 'markers-until');
    mkdirSync(markers);
    // K=1: every run takes the racy path.
    const until = await runCli([
      'run',
      '-n',
      '50',
      '--until',
      '2',
      '--json',
      '--',
      flaky,
      '1',
      markers,
    ]);
    expect(until.code, until.stderr).toBe(0);
    const byCount = documentOf(until);
    expect(byCount.stoppedBy).toBe('until');
    expect(byCount.totals.started).toBe(2);
    const id = byCount.groups[0]!.id;
    const byGroup = await runCli([
      'run',
      '-n',
      '50',
      '--until-group',
      id.slice(0, 6).toUpperCase(),
      '--',
      flaky,
      '1',
      markers,
    ]);
    expect(byGroup.code, byGroup.stderr).toBe(0);
    expect(byGroup.stdout).toMatch(/^1 run of .* 1 with reports, 0 clean\n/);
    expect(byGroup.stdout).toMatch(
      /stopped after 1 of 50 runs \(--until-group [0-9a-f]{6} reached\)/,
    );
  });

  it('kills a hanging run at --timeout with its whole process group, and leaves nothing behind', async () => {
    const seconds = uniqueSeconds(1000);
    const tmp = freshTmp('timeout');
    const result = await runCli(
      [
        'run',
        '-n',
        '2',
        '-j',
        '2',
        '--timeout',
        '1',
        '--json',
        '--',
        'sh',
        '-c',
        `sleep ${seconds} & sleep ${seconds}; echo never`,
      ],
      { env: { ...process.env, TMPDIR: tmp } },
    );
    // Nothing ran to its end: no rate can be given (exit 4).
    expect(result.code, result.stderr).toBe(4);
    const document = documentOf(result);
    expect(document.totals).toMatchObject({ started: 2, measured: 2, timeout: 2 });
    expect(document.runs.map((r) => [r.outcome, r.signal])).toEqual([
      ['timeout', 'SIGTERM'],
      ['timeout', 'SIGTERM'],
    ]);
    expect(result.stderr).toMatch(/run 1 timed out/);
    // The background sleep (a grandchild of racelens) went with its group.
    expect(processesWith(seconds)).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('says no run was measured and exits 4 when every run crashed, instead of a bound', async () => {
    const crashed = await runCli(['run', '-n', '3', '--', 'sh', '-c', 'kill -SEGV $$']);
    expect(crashed.code, crashed.stderr).toBe(4);
    expect(crashed.stdout).toMatch(/3 crashed \(SIGSEGV ×3\)/);
    expect(crashed.stdout).toMatch(/^no run was measured: every run crashed or timed out/m);
    expect(crashed.stdout).not.toMatch(/would most likely have shown/);
    const mixed = await runCli(['run', '-n', '2', '--', 'true']);
    expect(mixed.code, mixed.stderr).toBe(0);
    expect(mixed.stdout).toMatch(/no ThreadSanitizer report in 2 runs that ended on their own/);
  });

  it('kills what a run left running in its group when the run ends by itself', async () => {
    const seconds = uniqueSeconds(2000);
    const result = await runCli(['run', '-n', '1', '--', 'sh', '-c', `sleep ${seconds} & exit 0`]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^1 run of .*: 0 with reports, 1 clean\n/);
    expect(processesWith(seconds)).toEqual([]);
  });

  it('on SIGINT ends the running runs, prints the summary so far and exits 130', async () => {
    const seconds = uniqueSeconds(0);
    const tmp = freshTmp('sigint');
    const child = spawn(
      process.execPath,
      [
        CLI,
        'run',
        '-n',
        '100',
        '-j',
        '2',
        '--json',
        '--',
        'sh',
        '-c',
        `sleep 0.3; sleep 1${seconds.slice(1)}`,
      ],
      { cwd: REPO_ROOT, env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    const twoRunsDone = new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString('utf8');
        if (stderr.includes('[2/100 done')) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await twoRunsDone;
    // Two more runs are in their sleep now.
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGINT');
    expect(await exited, stderr).toBe(130);
    const document = JSON.parse(stdout) as RunDocument;
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    expect(document.stoppedBy).toBe('interrupted');
    expect(document.totals.interrupted).toBeGreaterThanOrEqual(1);
    expect(document.totals.measured).toBeGreaterThanOrEqual(2);
    expect(document.totals.started).toBeLessThan(100);
    expect(processesWith(`1${seconds.slice(1)}`)).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('passes arguments with spaces as they are, and merges TSAN_OPTIONS', async () => {
    const dir = join(work, 'dir with space');
    mkdirSync(dir);
    const script = join(dir, 'my script.sh');
    writeFileSync(script, '#!/bin/sh\nprintf \'%s|%s\\n\' "$1" "$TSAN_OPTIONS" >> "$2"\n');
    await chmod(script, 0o755);
    const out = join(dir, 'out file.txt');
    const result = await runCli([
      'run',
      '-n',
      '2',
      '--env',
      'TSAN_OPTIONS=halt_on_error=1:history_size=4',
      '--',
      script,
      'a  b "c"',
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^2 runs of '.*\/dir with space\/my script\.sh' 'a {2}b "c"' '.*out file\.txt' in /,
    );
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines)
      expect(line).toMatch(
        /^a {2}b "c"\|halt_on_error=1:history_size=4 log_path=\S+\/racelens-run-\w+\/run-[12]\/tsan$/,
      );
  });

  it('says clearly when the command cannot be run (exit 2), and leaves no temporary folder', async () => {
    const tmp = freshTmp('not-found');
    const result = await runCli(['run', '-n', '3', '--', 'racelens-no-such-command', 'x'], {
      env: { ...process.env, TMPDIR: tmp },
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      "racelens: cannot run 'racelens-no-such-command': command not found (ENOENT); check the name and PATH (for a script, also its #! interpreter)\n",
    );
    expect(readdirSync(tmp)).toEqual([]);
    const notExecutable = join(work, 'plain.txt');
    writeFileSync(notExecutable, 'not a program\n');
    const denied = await runCli(['run', '--', notExecutable]);
    expect(denied.code).toBe(2);
    expect(denied.stderr).toMatch(/cannot run '.*plain\.txt': permission denied \(EACCES\)/);
  });

  it('--ingest records a store run for runs that saw nothing, and none for a command that cannot start', async () => {
    const db = join(work, 'ingest.db');
    const missing = await runCli(['run', '--ingest', '--db', db, '--', 'racelens-no-such-command']);
    expect(missing.code).toBe(2);
    const clean = await runCli(['run', '-n', '3', '--ingest', '--db', db, '--json', '--', 'true']);
    expect(clean.code, clean.stderr).toBe(0);
    const document = documentOf(clean);
    expect(document.store?.run).toMatch(/^run:\d{4}-\d{2}-\d{2}T[\d:.]+Z:\d+$/);
    const history = await runCli(['history', '--json', '--db', db]);
    expect(JSON.parse(history.stdout)).toMatchObject({ runs: 1, groups: [] });
  });

  it('explains runs that fail without a report', async () => {
    const result = await runCli([
      'run',
      '-n',
      '2',
      '--',
      'sh',
      '-c',
      'echo "no such input" >&2; exit 3',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('2 failed (exit 3 ×2)');
    expect(result.stdout).toContain(
      'run 1 exited with 3, its standard error ended with:\n  no such input\n',
    );
  });

  it('refuses a bad command line with exit 2 and a line saying what to do', async () => {
    const cases: [string[], RegExp][] = [
      [['run'], /run needs the command to run after '--', e\.g\. racelens run -n 20 -- \.\/a\.out/],
      [
        ['run', '-n', 'many', '--', 'true'],
        /'many' is invalid\. give a whole number of at least 1/,
      ],
      [['run', '-j', '0', '--', 'true'], /'0' is invalid\. give a whole number of at least 1/],
      [['run', '--timeout', '-1', '--', 'true'], /give a number of seconds above 0/],
      [['run', '--env', 'NOVALUE', '--', 'true'], /--env takes NAME=VALUE, not 'NOVALUE'/],
      [['run', '--until-group', 'xyz', '--', 'true'], /--until-group takes a group id/],
      [['run', '--run', 'r1', '--', 'true'], /--run is about recording in the store; add --ingest/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
    }
  });
});
