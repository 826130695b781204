import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { parseText, type Report } from '../../src/index.js';
import { parseSuppressions } from '../../src/match/suppression-file.js';
import { SuppressionMatcher } from '../../src/match/suppression-matcher.js';
import { CORPUS, REPO_ROOT, reportsOf, SEED } from '../support/fixtures.js';
import { runCli } from '../support/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'racelens-suppressions-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const CPYTHON = join(CORPUS, 'suppressions/cpython-suppressions_free_threading.txt');
const CPYTHON_LINES = readFileSync(CPYTHON, 'utf8').split('\n');
const lineOf = (entry: string) => CPYTHON_LINES.indexOf(entry) + 1;
const lastLineOf = (entry: string) => CPYTHON_LINES.lastIndexOf(entry) + 1;

function validator(name: string) {
  const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', name), 'utf8')) as object;
  return new Ajv2020({ allErrors: true, strict: true }).compile(schema);
}

interface CheckJson {
  totals: { entries: number; reports: number; errors: number; runtimeBlocks: number };
  entries: {
    line: number;
    type: string;
    pattern: string;
    reports: number;
    credited: number;
    runtimeHits: number | null;
    groups: { id: string }[];
  }[];
  findings: { line: number; code: string; severity: string; other?: { line: number } }[];
  foreignHits: { entry: string; hits: number }[];
}

describe('racelens suppressions check', () => {
  it("reports CPython's duplicates and race:/race_top: overlap, and leaves the seed unsuppressed", async () => {
    const result = await runCli(['suppressions', 'check', CPYTHON, '--logs', SEED]);
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toContain(
      `:${lastLineOf('race_top:insertdict')}: warning: duplicate: race_top:insertdict repeats ${CPYTHON}:${lineOf('race_top:insertdict')}`,
    );
    expect(out).toContain(
      `:${lastLineOf('race_top:_PyImport_AcquireLock')}: warning: duplicate: race_top:_PyImport_AcquireLock repeats`,
    );
    expect(out).toMatch(
      new RegExp(
        `:${lineOf('race_top:_PyParkingLot_Park')}: warning: redundant: race_top:_PyParkingLot_Park is redundant with race:_PyParkingLot_Park \\(.*:${lineOf('race:_PyParkingLot_Park')}\\)`,
      ),
    );
    expect(out).toMatch(/checked against 1 report in 1 group/);
    // Nothing in the file matches the seed: no entry is listed as matching.
    expect(out).not.toContain('entries that match');
  });

  it('writes JSON valid against its schema, with per-entry counts and groups', async () => {
    const logs = [SEED, join(CORPUS, 'cpython-issue'), join(CORPUS, 'examples/exp')];
    const result = await runCli(['suppressions', 'check', '--json', CPYTHON, '--logs', ...logs]);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout) as CheckJson;
    const validate = validator('suppressions-check.schema.json');
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(doc.totals.entries).toBe(
      parseSuppressions(readFileSync(CPYTHON, 'utf8'), 'f').entries.length,
    );
    // The examples' print_suppressions blocks name entries of another file.
    expect(doc.totals.runtimeBlocks).toBe(2);
    expect(doc.foreignHits).toEqual([
      { entry: 'race_top:^Thread2$', hits: 1 },
      { entry: 'thread:leak.c', hits: 1 },
    ]);
    // Counts agree with the matcher run over the same reports.
    const entries = parseSuppressions(readFileSync(CPYTHON, 'utf8'), CPYTHON).entries;
    const matcher = new SuppressionMatcher(entries);
    const reports: Report[] = [];
    for (const log of [SEED]) reports.push(...reportsOf(parseText(readFileSync(log, 'utf8'))));
    const used = doc.entries.filter((e) => e.reports > 0);
    expect(used.length).toBeGreaterThan(0);
    for (const entry of used) {
      expect(entry.groups.length).toBeGreaterThan(0);
      expect(entry.credited).toBeLessThanOrEqual(entry.reports);
    }
    expect(reports.every((r) => matcher.creditedEntry(r) === null)).toBe(true);
    const stale = doc.findings.filter((f) => f.code === 'stale').map((f) => f.line);
    for (const entry of doc.entries) {
      if (entry.type === 'called_from_lib') continue;
      expect(stale.includes(entry.line)).toBe(entry.reports === 0 && !entry.runtimeHits);
    }
  });

  it("counts the runtime's own hits from print_suppressions=1 blocks and does not call those entries stale", async () => {
    const supp = join(work, 'used.supp');
    writeFileSync(supp, 'race:never_seen_anywhere\nrace_top:^Thread2$\nrace_top:^Thread2$\n');
    const result = await runCli([
      'suppressions',
      'check',
      '--json',
      supp,
      '--logs',
      join(CORPUS, 'examples/exp/supp.txt'),
    ]);
    const doc = JSON.parse(result.stdout) as CheckJson;
    expect(doc.entries.map((e) => [e.line, e.runtimeHits])).toEqual([
      [1, null],
      [2, 1],
      [3, null],
    ]);
    expect(doc.findings.map((f) => [f.line, f.code])).toEqual(
      [
        [1, 'stale'],
        [3, 'duplicate'],
        [3, 'stale'],
      ].sort((a, b) => (a[0] as number) - (b[0] as number)),
    );
  });

  it('finds shadowed and too broad entries from the reports of the logs', async () => {
    const supp = join(work, 'broad.supp');
    // examples/: bank.c's add_interest and deposit race (3 reports); inventory.c races thrice.
    writeFileSync(supp, 'race:main\nrace:deposit\nrace_top:^restock_worker$\n');
    const result = await runCli(['suppressions', 'check', '--json', supp, '--logs', 'examples/']);
    const doc = JSON.parse(result.stdout) as CheckJson;
    expect(doc.findings.map((f) => [f.line, f.code, f.other?.line])).toEqual([
      [1, 'too-broad', undefined],
      [2, 'shadowed', 1],
      [3, 'shadowed', 1],
    ]);
    const [main, deposit, restock] = doc.entries;
    // `main` is in a stack of every race but also in the checkout's path (/…/main/examples/…):
    // substring patterns match file paths too, as in the runtime.
    expect(main?.groups.length).toBe(4);
    expect(deposit).toMatchObject({ reports: 3, credited: 0 });
    expect(restock?.reports).toBeGreaterThan(0);
    expect(restock?.credited).toBe(0);
  });

  it('exits 1 on a malformed file, naming each bad line, and still checks the entries that parsed', async () => {
    const bad = join(work, 'bad.supp');
    writeFileSync(
      bad,
      Buffer.concat([
        Buffer.from('race:interpreter_clear\nrce:typo\nno colon here\nrace_top:$\nmutex:ok\n'),
        Buffer.from([0, 0xff, 0xfe, 0x01, 0x0a]),
        Buffer.from('race:after_binary\n'),
      ]),
    );
    const result = await runCli(['suppressions', 'check', bad, '--logs', SEED]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `${bad}:2: error: unparsable: not a suppression (unknown type "rce")`,
    );
    expect(result.stdout).toContain(`${bad}:3: error: unparsable: not a suppression (no colon)`);
    expect(result.stdout).toContain(`${bad}:4: error: never-matches: race_top:$`);
    expect(result.stdout).toContain(`${bad}:6: error: unparsable: NUL byte`);
    expect(result.stdout).toMatch(new RegExp(`${bad}:1 race:interpreter_clear {2}1 / 1 / -`));
    // triage reports the same lines on stderr and still uses the entries that parsed.
    const triage = await runCli(['triage', '--suppressions', bad, SEED]);
    expect(triage.code).toBe(0);
    expect(triage.stderr).toContain(`${bad}:2: not a suppression`);
    expect(triage.stdout).toContain(`suppressed by ${bad}:1 race:interpreter_clear`);
    // ... but says loudly that the runtime refuses the file as a whole (rough edge 11).
    expect(triage.stderr).toContain(
      `racelens: WARNING: TSan refuses ${bad} as a whole (2 lines it cannot parse, listed above)`,
    );
    const strict = await runCli(['triage', '--strict-suppressions', '--suppressions', bad, SEED]);
    expect(strict.code).toBe(2);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toMatch(/racelens: TSan refuses .* as a whole .*; fix the lines\n$/);
  });

  it('takes the suppression file before --logs or after the logs (rough edge 2)', async () => {
    const before = await runCli(['suppressions', 'check', '--json', CPYTHON, '--logs', SEED]);
    const after = await runCli(['suppressions', 'check', '--json', '--logs', SEED, CPYTHON]);
    expect(after.code).toBe(before.code);
    expect(after.stdout).toBe(before.stdout);
    expect(JSON.parse(after.stdout)).toMatchObject({ file: CPYTHON });
    const none = await runCli(['suppressions', 'check', '--logs', SEED]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(
      /needs the suppression file: 'racelens suppressions check FILE --logs LOGS\.\.\.' \(or the file last/,
    );
  });

  it('fails in one line with exit 2 when the file cannot be read', async () => {
    const result = await runCli(['suppressions', 'check', join(work, 'missing.supp')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^racelens: cannot read suppression file .*missing\.supp \(ENOENT\)/,
    );
  });
});

describe('racelens suppressions (command line)', () => {
  it('shows its subcommands and exits 2 when none is given; --help exits 0', async () => {
    const none = await runCli(['suppressions']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(
      /check \[options\] \[file\][\s\S]*suggest \[options\] <inputs\.\.\.>/,
    );
    const help = await runCli(['suppressions', 'check', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--logs <inputs\.\.\.>/);
    const missing = await runCli(['suppressions', 'suggest']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^racelens: missing required argument 'inputs'/);
  });
});

describe('racelens triage --suppressions', () => {
  it('shows suppressed groups apart with the entry, and marks them in JSON', async () => {
    const supp = join(work, 'triage.supp');
    writeFileSync(supp, '# the seed\nrace_top:interpreter_clear\n');
    const text = await runCli(['triage', '--suppressions', supp, 'examples/', SEED]);
    expect(text.code).toBe(0);
    const [main, apart] = text.stdout.split('\nsuppressed (1 group):\n');
    expect(main).not.toContain('interpreter_clear');
    expect(apart).toMatch(
      /data race: interpreter_clear ↔ take_gil on _PyRuntime\n {4}1 report, suppressed by .*triage\.supp:2 race_top:interpreter_clear\n/,
    );
    expect(text.stdout.trim().split('\n').at(-1)).toBe(
      '9 reports in 6 groups: 5 new, 0 known, 1 suppressed',
    );

    const json = await runCli(['triage', '--json', '--suppressions', supp, 'examples/', SEED]);
    const doc = JSON.parse(json.stdout) as {
      totals: { suppressed: number; new: number };
      groups: { title: string; suppressedBy: unknown; suppressedReports: number }[];
    };
    const validate = validator('triage-result.schema.json');
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    const seed = doc.groups.find((g) => g.title.includes('interpreter_clear'))!;
    expect(seed.suppressedBy).toEqual({
      file: supp,
      line: 2,
      type: 'race_top',
      pattern: 'interpreter_clear',
    });
    expect(seed.suppressedReports).toBe(1);
    expect(doc.groups.filter((g) => g.suppressedBy !== null)).toHaveLength(1);
    expect(doc.totals).toMatchObject({ suppressed: 1, new: 5 });
  });

  it('reads several files in order as one, and applies the runtime built-in entries', async () => {
    const a = join(work, 'a.supp');
    const b = join(work, 'b.supp');
    writeFileSync(a, 'race:no_such_function\n');
    writeFileSync(b, 'race:take_gil\n');
    const json = await runCli(['triage', '--json', '--suppressions', a, '--suppressions', b, SEED]);
    const doc = JSON.parse(json.stdout) as { groups: { suppressedBy: { file: string } | null }[] };
    expect(doc.groups[0]?.suppressedBy).toMatchObject({ file: b, line: 1 });
  });
});

describe('racelens suppressions suggest', () => {
  it('proposes for the seed a line that suppresses it and no other real report', async () => {
    const corpus = [
      join(CORPUS, 'cpython-issue'),
      join(CORPUS, 'other'),
      join(CORPUS, 'examples/out'),
    ];
    const result = await runCli([
      'suppressions',
      'suggest',
      '--json',
      '--suppressions',
      CPYTHON,
      SEED,
      ...corpus,
    ]);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout) as {
      suggestions: {
        group: { title: string };
        found: boolean;
        line?: string;
        type?: string;
        pattern?: string;
      }[];
    };
    const validate = validator('suppressions-suggest.schema.json');
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    const seedSuggestion = doc.suggestions.find((s) =>
      s.group.title.includes('interpreter_clear ↔ take_gil'),
    );
    expect(seedSuggestion).toMatchObject({ found: true, line: 'race_top:^interpreter_clear$' });

    // Checked independently: with only that line, the seed is suppressed and nothing else is.
    const entries = parseSuppressions(`${seedSuggestion?.line}\n`, 'suggested').entries;
    const matcher = new SuppressionMatcher(entries);
    const seed = reportsOf(parseText(readFileSync(SEED, 'utf8')));
    expect(seed.map((r) => matcher.creditedEntry(r)?.pattern)).toEqual(['^interpreter_clear$']);
    writeFileSync(join(work, 'seed-only.supp'), `${seedSuggestion?.line}\n`);
    const rest = await runCli([
      'triage',
      '--json',
      '--suppressions',
      join(work, 'seed-only.supp'),
      ...corpus,
    ]);
    const restDoc = JSON.parse(rest.stdout) as {
      groups: { suppressedReports: number; signature: string; occurrences: { file: string }[] }[];
    };
    expect(restDoc.groups.length).toBeGreaterThan(50);
    // The corpus holds the seed's own issue (140257): the same race, and only it, is suppressed.
    const suppressed = restDoc.groups.filter((g) => g.suppressedReports > 0);
    expect(
      suppressed.map((g) => [g.signature, g.occurrences.map((o) => basename(o.file))]),
    ).toEqual([['v2|data-race|interpreter_clear|take_gil|global:_PyRuntime', ['140257.log']]]);
  });

  it('writes a fragment ready to append, with the signature in a comment', async () => {
    const result = await runCli(['suppressions', 'suggest', 'examples/']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^# \d+ of 5 unsuppressed groups got a line$/);
    const entries = parseSuppressions(result.stdout, 'suggested');
    expect(entries.problems).toEqual([]);
    expect(entries.entries.length).toBeGreaterThan(0);
    for (const entry of entries.entries) {
      const comment = lines[lines.indexOf(`${entry.type}:${entry.pattern}`) - 1];
      expect(comment).toMatch(/^# racelens [0-9a-f]{10}: .+ \(\d+ reports?\)$/);
    }
    // Appending the suggestions suppresses every group they cover.
    const supp = join(work, 'suggested.supp');
    writeFileSync(supp, result.stdout);
    const again = await runCli(['suppressions', 'suggest', '--suppressions', supp, 'examples/']);
    expect(again.stdout).toMatch(
      new RegExp(
        `# 0 of ${5 - entries.entries.length} unsuppressed groups? got a line; ${entries.entries.length} groups? w`,
      ),
    );
  });
});
