import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, SEED } from '../support/fixtures.js';
import { runCli } from '../support/run-cli.js';
import { HAS_SCRIPT, runInTerminal } from '../support/run-in-terminal.js';

/** A report whose frames are bare module+offset pairs, as with symbolize=0. */
const BARE_LOG = [
  'WARNING: ThreadSanitizer: data race (pid=1)',
  '  Write of size 4 at 0x7b0400000000 by thread T1:',
  '    #0 <null> (a.out+0x1234)',
  '    #1 <null> (libfoo.so+0x10)',
  '',
  '  Previous read of size 4 at 0x7b0400000000 by main thread:',
  '    #0 <null> (a.out+0x1238)',
  '',
  'SUMMARY: ThreadSanitizer: data race (a.out+0x1234)',
  '==================',
  '',
].join('\n');

const work = mkdtempSync(join(tmpdir(), 'racelens-rough-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('rough edges found by trying racelens as a new user', () => {
  it('3: -o - is standard output; -o DIR says it is a folder', async () => {
    const dash = await runCli(['triage', '--format', 'json', '-o', '-', SEED], { cwd: work });
    expect(dash.code).toBe(0);
    expect(JSON.parse(dash.stdout)).toMatchObject({ groups: [{ count: 1 }] });
    expect(readdirSync(work)).not.toContain('-');
    const folder = join(work, 'out');
    mkdirSync(folder);
    const dir = await runCli(['triage', '-o', folder, SEED]);
    expect(dir.code).toBe(3);
    expect(dir.stderr).toBe(
      `racelens: cannot write ${folder}: it is a folder; give a file name in it (-o ${folder}/report...) or - for standard output\n`,
    );
    expect(readdirSync(folder)).toEqual([]);
  });

  it('6: --json with another --format is a usage error, not silently JSON', async () => {
    const both = await runCli(['triage', '--json', '--format', 'markdown', SEED]);
    expect(both.code).toBe(2);
    expect(both.stdout).toBe('');
    expect(both.stderr).toMatch(/--json and --format markdown ask for two formats; give one/);
    const same = await runCli(['triage', '--json', '--format', 'json', SEED]);
    expect(same.code).toBe(0);
  });

  it("7: triage --group ID's footer counts the shown group only", async () => {
    const all = await runCli(['triage', '--json', 'examples/']);
    const groups = (JSON.parse(all.stdout) as { groups: { id: string; count: number }[] }).groups;
    const second = groups[1]!;
    const one = await runCli(['triage', '--group', second.id, 'examples/']);
    expect(one.code).toBe(0);
    const s = second.count === 1 ? '' : 's';
    expect(one.stdout.trim().split('\n').at(-1)).toBe(
      `${second.count} report${s} in 1 group: 1 new, 0 known`,
    );
  });
});

describe('SARIF paths', () => {
  it('4: the source root defaults to the git top-level; absolute URIs left are warned about', async () => {
    const repo = join(work, 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    mkdirSync(join(repo, 'build'));
    const log = join(repo, 'build', 'bank.log');
    // The example logs were made in /work/main; here the program was built in `repo`.
    writeFileSync(
      log,
      readFileSync(join(REPO_ROOT, 'examples/bank.gcc.log'), 'utf8').replaceAll(
        '/work/main/',
        `${repo}/`,
      ),
    );
    const inside = await runCli(['triage', '--format', 'sarif', log], { cwd: join(repo, 'build') });
    expect(inside.code).toBe(0);
    expect(inside.stderr).toBe('');
    const run = (
      JSON.parse(inside.stdout) as { runs: [{ originalUriBaseIds: unknown; results: unknown[] }] }
    ).runs[0];
    expect(run.originalUriBaseIds).toEqual({ SRCROOT: { uri: `file://${repo}/` } });
    expect(run.results).toHaveLength(1);
    expect(inside.stdout).toContain('"uri": "examples/bank.c"');
    expect(inside.stdout).not.toMatch(/"uri": "file:\/\/\/.*\.c"/);
    // Outside any checkout nothing maps the paths: the SARIF keeps them absolute, and says so.
    const outside = mkdtempSync(join(tmpdir(), 'racelens-no-git-'));
    try {
      const result = await runCli(['triage', '--format', 'sarif', log], { cwd: outside });
      expect(result.code).toBe(0);
      expect(result.stderr).toBe(
        `racelens: warning: 1 file outside the source root (none: not in a git checkout) kept an absolute URI (file://${repo}/examples/bank.c) that code scanning cannot map to the repository; pass --source-root with the folder the program was built from\n`,
      );
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('one formatter for frames', () => {
  it('9: parse and triage show the same program frames with the same arrow', async () => {
    const inputs = ['examples/', SEED];
    const parse = await runCli(['parse', ...inputs]);
    const triage = await runCli(['triage', ...inputs]);
    const parsed = new Set(
      parse.stdout
        .split('\n')
        .map((line) => /^\S+ {2}[^:]+: (.*?)(?: {2}\[.*\])?$/.exec(line)?.[1])
        .filter((frames) => frames !== undefined),
    );
    const triaged = new Set(
      triage.stdout
        .split('\n')
        .map((line) => /^ {4}at (.*)$/.exec(line)?.[1])
        .filter((frames) => frames !== undefined),
    );
    expect(triaged.size).toBe(6);
    expect(parsed).toEqual(triaged);
    expect(parse.stdout).not.toContain('<->');
    expect(triage.stdout).toContain('transfer (examples/deadlock.c:20) ↔ transfer');
  });
});

describe('suppressions suggest', () => {
  const uaf = join(REPO_ROOT, 'test/fixtures/corpus/examples/out/uaf.gcc.txt');

  it('10: proposes no line for a use-after-free unless asked, and never one matching main', async () => {
    const plain = await runCli(['suppressions', 'suggest', uaf]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/no single line found: a heap-use-after-free is a memory error/);
    expect(plain.stdout).not.toMatch(/^race/m);
    const allowed = await runCli(['suppressions', 'suggest', '--allow-use-after-free', uaf]);
    const lines = allowed.stdout.split('\n').filter((l) => /^[a-z_]+:/.test(l));
    expect(lines).toEqual(['race:^Thread1$']);
    // The report's top frame is main: race_top:^main$ would hide every race topped by main.
    expect(allowed.stdout).not.toContain('main$');
  });
});

describe('rough edges of the command line itself', () => {
  it('8: usage errors point to the help of the command that was run', async () => {
    const triage = await runCli(['triage', '--bogus', SEED]);
    expect(triage.code).toBe(2);
    expect(triage.stderr).toBe(
      "racelens: unknown option '--bogus' (see 'racelens triage --help')\n",
    );
    const nested = await runCli(['suppressions', 'suggest']);
    expect(nested.stderr).toBe(
      "racelens: missing required argument 'inputs' (see 'racelens suppressions suggest --help')\n",
    );
    const top = await runCli(['bogus']);
    expect(top.stderr).toBe("racelens: unknown command 'bogus' (see 'racelens --help')\n");
  });

  it('5: symbolize --binaries with a folder that is not there is an input error (exit 3)', async () => {
    const missing = join(work, 'no-such-build');
    const result = await runCli(['symbolize', '--binaries', missing, SEED]);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `racelens: --binaries ${missing}: no such file or directory; give the folder the program and its libraries were built into\n`,
    );
    // Modules not found are named once each, however many frames and inputs hold them.
    const empty = join(work, 'empty-build');
    mkdirSync(empty);
    const log = join(work, 'bare.log');
    writeFileSync(log, BARE_LOG);
    const bare = await runCli(['symbolize', '--binaries', empty, log, log]);
    expect(bare.code).toBe(0);
    expect(bare.stderr.split('\n').filter((l) => l.includes('not found'))).toEqual([
      `${log}:1: racelens: module a.out not found under --binaries; its frames stay unsymbolized`,
      `${log}:1: racelens: module libfoo.so not found under --binaries; its frames stay unsymbolized`,
    ]);
  });

  it.skipIf(!HAS_SCRIPT)('12: parse - on a terminal says how to end the input', async () => {
    const result = await runInTerminal(['parse', '-']);
    expect(result.code).toBe(0);
    expect(result.screen).toBe(
      'racelens: reading a log from the terminal: paste it and end with Ctrl-D, or pipe one in (./a.out 2>&1 | racelens parse -)\r\n0 reports\r\n',
    );
    // From a pipe, nothing is said.
    const piped = await runCli(['parse', '-'], { stdin: '' });
    expect(piped.stderr).toBe('');
  });
});
