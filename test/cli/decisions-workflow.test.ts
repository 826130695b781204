/**
 * Decisions end to end through the built CLI, on reports of a racy program of our own
 * (test/decision-programs/ledger.c: eight distinct races) run under the real gcc and clang
 * ThreadSanitizer runtimes: a GitHub issues export written from those reports (some closed,
 * some without a report, one with glued frames, one CI-prefixed) imports; triage shows the
 * groups known; a closed one seen again is regressed and gate exits 1 naming it; SARIF with an
 * ignored group validates and carries the reason; two `decide` processes at once both stay.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/fixtures.js';
import { sarifValidator } from '../support/sarif-schema.js';
import { racelens } from '../support/store-cli.js';
import {
  detectToolchain,
  requireToolchain,
  runTsan,
  type ToolchainStatus,
  TsanWorkspace,
  toolchain,
} from '../support/tsan-toolchains.js';

const LEDGER = fileURLToPath(new URL('../decision-programs/ledger.c', import.meta.url));
const SCENARIOS = [
  'deposit',
  'charge',
  'audit',
  'accrue',
  'overdraw',
  'grow',
  'record',
  'transfer',
];
/** Filed and closed upstream: seen again, they are regressed. */
const CLOSED = new Set(['charge', 'overdraw']);

interface JsonGroup {
  readonly id: string;
  readonly title: string;
  readonly state: string;
  readonly decisions: readonly { readonly decision: { readonly kind: string } }[];
}

/** A validator of one of the published schemas (strict, as the other schema tests). */
function schema(name: string) {
  const validate = new Ajv2020({ allErrors: true, strict: true }).compile(
    JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', name), 'utf8')) as object,
  );
  return (doc: unknown) => {
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  };
}

/** Each report of a log, as a person would paste it into an issue. */
function reportsOf(log: string): string[] {
  return log
    .split(/^={18}$/m)
    .map((block) => block.trim())
    .filter((block) => block.startsWith('WARNING: ThreadSanitizer:'));
}

/** A terminal-wrapped paste: every frame glued onto the line before it. */
function glued(report: string): string {
  return report.replace(/\n(\s+#\d+ )/g, '      $1');
}

/** A report as GitHub Actions' downloaded log shows it: every line after a timestamp. */
function ciPrefixed(report: string): string {
  return report
    .split('\n')
    .map((line, i) => `2026-01-0${1 + (i % 9)}T10:00:00.1234567Z ${line}`)
    .join('\n');
}

describe('decisions through the CLI, on reports of the real runtimes', () => {
  const work = mkdtempSync(join(tmpdir(), 'racelens-decisions-cli-'));
  const db = join(work, 'store', 'racelens.db');
  const logs: Record<'gcc' | 'clang', string> = { gcc: '', clang: '' };
  let gcc: ToolchainStatus;
  let clang: ToolchainStatus;
  let groups: Map<string, JsonGroup> = new Map();

  beforeAll(async () => {
    [gcc, clang] = await Promise.all([
      detectToolchain(toolchain('gcc')),
      detectToolchain(toolchain('clang')),
    ]);
    if (!gcc.available || !clang.available) return;
    const workspace = await TsanWorkspace.create('racelens-decisions-');
    try {
      for (const id of ['gcc', 'clang'] as const) {
        const binary = await workspace.compile(toolchain(id), LEDGER, { outName: `ledger-${id}` });
        const run = await runTsan(binary, { args: SCENARIOS });
        expect(reportsOf(run.stderr)).toHaveLength(SCENARIOS.length);
        logs[id] = join(work, `ledger.${id}.log`);
        writeFileSync(logs[id], run.stderr);
      }
    } finally {
      await workspace.cleanup();
    }
  }, 180_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('has gcc and clang with their TSan runtimes', (ctx) => {
    requireToolchain(gcc, ctx);
    requireToolchain(clang, ctx);
  });

  const ready = () => logs.gcc !== '' && logs.clang !== '';

  it('imports a gh issue list export: reports become known issues, the rest are counted', async (ctx) => {
    if (!ready()) return ctx.skip('no TSan toolchains');
    const gccReports = reportsOf(readFileSync(logs.gcc, 'utf8'));
    const clangReports = reportsOf(readFileSync(logs.clang, 'utf8'));
    const url = (n: number) => `https://github.com/acme/ledger/issues/${n}`;
    const issue = (n: number, title: string, body: string, state = 'OPEN') => ({
      number: n,
      title,
      body,
      state,
      url: url(n),
      labels: [{ name: 'tsan' }],
    });
    const issues = [];
    // One issue per race but the last (transfer): stays new. Alternate the runtimes.
    SCENARIOS.slice(0, 7).forEach((scenario, i) => {
      const report = (i % 2 === 0 ? gccReports : clangReports)[i] ?? '';
      const body =
        scenario === 'audit'
          ? `Pasted from my terminal:\n\n${glued(report)}\n`
          : `TSan says, on CI:\n\n\`\`\`\n${report}\n\`\`\`\n\nSeen with ${i % 2 === 0 ? 'gcc' : 'clang'}.`;
      issues.push(
        issue(i + 1, `data race in ${scenario}`, body, CLOSED.has(scenario) ? 'CLOSED' : 'OPEN'),
      );
    });
    // The same races again: from a CI log (timestamps), and from the other runtime.
    issues.push(
      issue(
        8,
        'deposit races again on CI',
        `From the job log:\n${ciPrefixed(gccReports[0] ?? '')}`,
      ),
    );
    issues.push(issue(9, 'grow: clang says it too', `\`\`\`\n${clangReports[5] ?? ''}\n\`\`\``));
    issues.push(issue(10, 'record on gcc', gccReports[6] ?? ''));
    issues.push(issue(11, 'accrue on gcc', gccReports[3] ?? ''));
    // Issues without a report: a tracker export is mostly these.
    const plain = [
      'Add a --json flag to the ledger CLI',
      'Document the rounding rules',
      'ThreadSanitizer complains about something in the audit module, will paste later',
      'Crash on empty input',
      'Support PostgreSQL',
      'Typo in README',
      'Question: is the ledger thread-safe?',
      'Flaky test in CI (no log kept)',
      'Upgrade to gcc 13',
    ];
    plain.forEach((title, i) => {
      issues.push(
        issue(
          12 + i,
          title,
          i === 2 ? 'WARNING: ThreadSanitizer: data race, see attached' : `Details of: ${title}`,
          i % 3 === 0 ? 'CLOSED' : 'OPEN',
        ),
      );
    });
    expect(issues).toHaveLength(20);
    const file = join(work, 'issues.json');
    writeFileSync(file, JSON.stringify(issues, null, 2));

    const imported = await racelens([
      'known',
      'import',
      '--from',
      'github',
      file,
      '--db',
      db,
      '--by',
      'importer',
      '--verbose',
    ]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('imported 11 issues with reports');
    expect(imported.stdout).toMatch(/on 7 groups/);
    expect(imported.stdout).toContain(
      'skipped 9 issues without a report: acme/ledger#12, acme/ledger#13, acme/ledger#14, acme/ledger#15, acme/ledger#16, acme/ledger#17, acme/ledger#18, acme/ledger#19, acme/ledger#20',
    );
    // Again: nothing new is added.
    const again = await racelens(['known', 'import', '--from', 'github', file, '--db', db]);
    expect(again.stdout).toMatch(/: 0 decisions added/);
    expect(again.stdout).toContain('skipped 9 issues without a report (--verbose names them)');
  });

  it('triage shows the imported groups known, the closed ones seen again regressed', async (ctx) => {
    if (!ready()) return ctx.skip('no TSan toolchains');
    const triage = await racelens(['triage', '--json', '--db', db, logs.clang]);
    expect(triage.code).toBe(0);
    const doc = JSON.parse(triage.stdout) as {
      totals: Record<string, number>;
      groups: JsonGroup[];
    };
    groups = new Map(
      doc.groups.map((g) => [SCENARIOS.find((s) => g.title.includes(`${s}_`)) ?? g.title, g]),
    );
    expect([...groups.keys()].sort()).toEqual([...SCENARIOS].sort());
    for (const scenario of SCENARIOS) {
      const expected =
        scenario === 'transfer' ? 'new' : CLOSED.has(scenario) ? 'regressed' : 'known';
      expect(`${scenario}: ${groups.get(scenario)?.state}`).toBe(`${scenario}: ${expected}`);
    }
    expect(groups.get('charge')?.decisions.map((d) => d.decision.kind)).toEqual(['filed', 'fixed']);
    expect(doc.totals).toMatchObject({ groups: 8, new: 1, known: 7, regressed: 2, ignored: 0 });
    schema('triage-result.schema.json')(doc);

    const text = await racelens(['triage', '--db', db, logs.gcc]);
    expect(text.stdout).toContain(`${groups.get('charge')?.id}  [REGRESSED] data race:`);
    expect(text.stdout).toContain('decided: filed https://github.com/acme/ledger/issues/1 (open)');
    expect(text.stdout).toMatch(/8 groups: 1 new, 7 known, 2 regressed/);
  });

  it('gate fails on regressed groups, listed apart from new ones; --fail-on chooses', async (ctx) => {
    if (!ready()) return ctx.skip('no TSan toolchains');
    const ingest = await racelens([
      'ingest',
      '--db',
      db,
      '--run',
      'main-1',
      '--branch',
      'main',
      logs.gcc,
    ]);
    expect(ingest.code).toBe(0);
    const gate = await racelens(['gate', '--baseline', 'main', '--db', db, logs.clang]);
    expect(gate.code).toBe(1);
    const lines = gate.stdout.split('\n');
    expect(lines[0]).toBe(
      'gate failed: 2 regressed groups, decided fixed (or issue closed) and seen again:',
    );
    const named = lines.filter((l) => /^[0-9a-f]{10} {2}/.test(l)).map((l) => l.slice(0, 10));
    expect(named.sort()).toEqual([groups.get('charge')?.id, groups.get('overdraw')?.id].sort());
    expect(gate.stdout).toMatch(
      /8 groups: 0 new, 2 regressed, 1 in the baseline, 0 suppressed, 5 known/,
    );

    const onlyNew = await racelens([
      'gate',
      '--baseline',
      'main',
      '--db',
      db,
      '--fail-on',
      'new',
      logs.clang,
    ]);
    expect(onlyNew.code).toBe(0);
    expect(onlyNew.stdout.split('\n')[0]).toMatch(/^gate passed: no new group/);
    const bad = await racelens([
      'gate',
      '--baseline',
      'main',
      '--db',
      db,
      '--fail-on',
      'old',
      logs.clang,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expected a comma list of new, regressed');

    const json = await racelens(['gate', '--baseline', 'main', '--db', db, '--json', logs.clang]);
    const doc = JSON.parse(json.stdout) as {
      failOn: string[];
      groups: { id: string; status: string }[];
    };
    expect(doc.failOn).toEqual(['new', 'regressed']);
    schema('gate-result.schema.json')(doc);
    expect(
      doc.groups
        .filter((g) => g.status === 'regressed')
        .map((g) => g.id)
        .sort(),
    ).toEqual(named.sort());
  });

  it('SARIF: an ignored group is a result with an external suppression carrying the reason', async (ctx) => {
    if (!ready()) return ctx.skip('no TSan toolchains');
    const transfer = groups.get('transfer')?.id ?? '';
    const decided = await racelens([
      'decide',
      transfer.slice(0, 5),
      '--ignore',
      'vendored <ledger> code',
      '--until',
      '2099-12-31',
      '--db',
      db,
      '--by',
      'ana',
    ]);
    expect(decided.stderr).toBe('');
    expect(decided.stdout).toMatch(
      new RegExp(
        `^${transfer}: ignored: vendored <ledger> code \\(until 2099-12-31\\) \\(#\\d+, by ana, `,
      ),
    );
    const sarif = await racelens(['triage', '--format', 'sarif', '--db', db, logs.gcc]);
    expect(sarif.code).toBe(0);
    const log = JSON.parse(sarif.stdout) as {
      runs: {
        results: {
          partialFingerprints: object;
          properties: { groupId: string; state?: string };
          suppressions?: object[];
        }[];
      }[];
    };
    expect(sarifValidator()(log)).toEqual([]);
    const results = log.runs[0]?.results ?? [];
    const ignored = results.find((r) => r.properties.groupId === transfer);
    expect(ignored?.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'Ignored by ana: vendored <ledger> code (until 2099-12-31)',
      },
    ]);
    expect(ignored?.properties.state).toBe('ignored');
    expect(results.filter((r) => r.suppressions !== undefined)).toHaveLength(1);

    const junit = await racelens(['triage', '--format', 'junit', '--db', db, logs.gcc]);
    expect(junit.stdout).toContain(
      '<skipped message="ignored: vendored &lt;ledger&gt; code (until 2099-12-31) (ana)"/>',
    );
    expect(junit.stdout.match(/<failure /g)).toHaveLength(2); // the two regressed

    const markdown = await racelens([
      'triage',
      '--format',
      'markdown',
      '--group',
      groups.get('charge')?.id ?? '',
      '--db',
      db,
      logs.gcc,
    ]);
    expect(markdown.stdout).toContain('## Known and related issues');
    expect(markdown.stdout).toContain(
      '- **Regressed: decided fixed (or its issue closed), and seen again.**',
    );
  });

  it('keeps both of two decide processes on the same group, and undoes as an entry', async (ctx) => {
    if (!ready()) return ctx.skip('no TSan toolchains');
    const grow = groups.get('grow')?.id ?? '';
    const [a, b] = await Promise.all([
      racelens(['decide', grow, '--related-to', 'acme/ledger#30', '--db', db, '--by', 'a']),
      racelens([
        'decide',
        grow,
        '--duplicate-of',
        groups.get('deposit')?.id ?? '',
        '--db',
        db,
        '--by',
        'b',
      ]),
    ]);
    expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, '', '']);
    const undo = await racelens(['decide', grow, '--undo', '--db', db, '--by', 'c']);
    expect(undo.code).toBe(0);
    const list = await racelens(['decisions', '--json', '--db', db]);
    const doc = JSON.parse(list.stdout) as {
      groups: {
        id: string;
        decisions: { by: string }[];
        history: { by: string; decision: { kind: string } }[];
      }[];
    };
    schema('decisions.schema.json')(doc);
    const entry = doc.groups.find((g) => g.id === grow);
    expect(
      entry?.history
        .map((h) => h.by)
        .slice(-3)
        .sort(),
    ).toEqual(['a', 'b', 'c']);
    expect(entry?.history.at(-1)?.decision.kind).toBe('undo');
    expect(entry?.decisions.map((d) => d.by).filter((by) => by === 'a' || by === 'b')).toHaveLength(
      1,
    );
  });

  it('known export writes a file that --known reads without a store, and that imports alike', async (ctx) => {
    if (!ready()) return ctx.skip('no TSan toolchains');
    const file = join(work, 'racelens-known.yaml');
    const exported = await racelens(['known', 'export', '-o', file, '--db', db]);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toMatch(/wrote 8 groups' decisions/);
    // No store at all: the decisions come from the file alone.
    const elsewhere = join(work, 'elsewhere');
    mkdirSync(elsewhere);
    const triage = await racelens(['triage', '--json', '--known', file, logs.gcc], {
      cwd: elsewhere,
    });
    expect(triage.code).toBe(0);
    expect(existsSync(join(elsewhere, '.racelens'))).toBe(false);
    const doc = JSON.parse(triage.stdout) as { groups: JsonGroup[] };
    const states = Object.fromEntries(doc.groups.map((g) => [g.id, g.state]));
    expect(states[groups.get('charge')?.id ?? '']).toBe('regressed');
    expect(states[groups.get('transfer')?.id ?? '']).toBe('ignored');
    expect(states[groups.get('deposit')?.id ?? '']).toBe('known');

    const fresh = join(work, 'fresh', 'racelens.db');
    const imported = await racelens(['known', 'import', file, '--db', fresh]);
    expect(imported.code).toBe(0);
    const [before, after] = await Promise.all([
      racelens(['decisions', '--json', '--db', db]),
      racelens(['decisions', '--json', '--db', fresh]),
    ]);
    const holding = (text: string) =>
      (
        JSON.parse(text) as {
          groups: { id: string; decisions: { decision: object; by: string; at: string }[] }[];
        }
      ).groups
        .map((g) => ({
          id: g.id,
          decisions: g.decisions.map(({ decision, by, at }) => ({ decision, by, at })),
        }))
        .filter((g) => g.decisions.length > 0)
        .sort((x, y) => x.id.localeCompare(y.id));
    expect(holding(after.stdout)).toEqual(holding(before.stdout));
  });

  it('a --known folder of issue texts without a report warns with the file name and goes on', async (ctx) => {
    if (!ready()) return ctx.skip('no TSan toolchains');
    const folder = join(work, 'issues');
    mkdirSync(folder);
    writeFileSync(join(folder, '12.md'), '# Add a --json flag\n\nNo report here.\n');
    writeFileSync(
      join(folder, '3.md'),
      `# audit race\n\n${reportsOf(readFileSync(logs.gcc, 'utf8'))[2]}\n`,
    );
    const triage = await racelens(['triage', '--known', folder, logs.gcc], { cwd: work });
    expect(triage.code).toBe(0);
    expect(triage.stderr).toBe(
      `racelens: ${join(folder, '12.md')}: no ThreadSanitizer or Go race report in it; skipped\n`,
    );
    expect(triage.stdout).toContain('known: 3 audit race');
  });

  it('says what is wrong with a decide command line, exit 2', async (ctx) => {
    if (!ready()) return ctx.skip('no TSan toolchains');
    const id = groups.get('deposit')?.id ?? '';
    const cases: [string[], RegExp][] = [
      [['decide', id], /say what was decided/],
      [['decide', id, '--fixed', '--ignore', 'x'], /one decision at a time: --ignore and --fixed/],
      [['decide', id, '--filed', 'not a ref'], /--filed takes an issue URL or owner\/repo#N/],
      [['decide', id, '--ignore', 'x', '--until', '2025-02-30'], /--until takes a date YYYY-MM-DD/],
      [['decide', 'abc', '--fixed'], /too short for a group id/],
      [['decide', 'ffffffff', '--fixed'], /no group has the id 'ffffffff'/],
    ];
    const missing = join(work, 'no-such-store', 'racelens.db');
    const none = await racelens(['decide', id, '--fixed', '--db', missing]);
    expect([none.code, none.stderr]).toEqual([
      2,
      `racelens: no racelens store at ${missing}; run 'racelens ingest <logs>' or 'racelens known import' first (or pass --db)\n`,
    ]);
    expect(existsSync(missing)).toBe(false);
    for (const [args, message] of cases) {
      const result = await racelens([...args, '--db', db]);
      expect(`${args.join(' ')} -> ${result.code}`).toBe(`${args.join(' ')} -> 2`);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    }
  });
});
