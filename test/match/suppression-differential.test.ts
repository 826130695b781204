/**
 * Suppression matching, differential against the real TSan runtimes (gcc 12's libtsan and
 * clang 19's): for every entry of a suppression file and every report of a program, racelens
 * must decide exactly as the runtime does whether the entry suppresses the report, and credit
 * the entry the runtime credits.
 *
 * The programs in test/suppression-programs/ (see its README) print a known set of reports,
 * one each per run. For each toolchain and program:
 *
 * 1. the baseline: the program runs twice without suppressions; both runs must print the same
 *    reports (identified by kind and the top functions of their own stacks);
 * 2. entries are generated from the baseline's reports as racelens parsed them
 *    (test/support/suppression-patterns.ts: derived from the printed text only, deterministic);
 * 3. every entry is run: one suppression file holds at most one entry per family (race +
 *    race_top, thread, mutex, signal, deadlock, called_from_lib), since entries of different
 *    families never interact; the program runs with `suppressions=<file> print_suppressions=1`.
 *    The runtime's verdict for (report, entry) is "the report is gone from that run", its
 *    credit the `print_suppressions` hit count. racelens's verdict is whether
 *    `SuppressionMatcher.matchingEntries(baselineReport)` holds the entry, its credit
 *    `creditedEntry`;
 * 4. a few files hold several entries of one family that point at the same reports in
 *    different ways, in three orders; the runtime's hit counts per entry must equal racelens's
 *    `creditedEntry` counted over the baseline reports.
 *
 * Runtime behaviour this test relies on is checked, not assumed: a report that disappears must
 * be accounted for by the hit count of the entry of its family, and no run may print a report
 * the baseline did not. A missing toolchain skips locally and fails on CI (`CI=true`).
 */
import { execFile } from 'node:child_process';
import { mkdir, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ParseRecord,
  parseSuppressions,
  parseText,
  type Report,
  type SuppressionEntry,
  SuppressionMatcher,
} from '../../src/index.js';
import {
  creditSets,
  entryKey,
  FAMILIES,
  type Family,
  familyOf,
  type GeneratedEntry,
  hashedOrder,
  PatternGenerator,
  packByFamily,
  reportKey,
  runtimeSuppressionType,
  suppressionFileText,
} from '../support/suppression-patterns.js';
import {
  declareToolchainTests,
  detectToolchain,
  IN_CI,
  type Language,
  languageOf,
  missingToolchainMessage,
  type RunResult,
  requireToolchain,
  runTsan,
  TOOLCHAINS,
  type Toolchain,
  type ToolchainStatus,
  TsanWorkspace,
} from '../support/tsan-toolchains.js';

const PROGRAMS_DIR = fileURLToPath(new URL('../suppression-programs/', import.meta.url));

interface Program {
  /** The binary's name (what TSan prints as the module of its frames). */
  readonly id: string;
  readonly source: string;
  /** A shared library of our own the program links (with an rpath). */
  readonly library?: { readonly source: string; readonly name: string };
  /** The kinds one run reports, in print order. */
  readonly kinds: readonly string[];
}

const PROGRAMS: readonly Program[] = [
  {
    id: 'supp_races',
    source: 'supp_races.c',
    kinds: ['data race', 'data race', 'heap-use-after-free'],
  },
  {
    id: 'supp_misc',
    source: 'supp_misc.c',
    kinds: [
      'unlock of an unlocked mutex (or by a wrong thread)',
      'lock-order-inversion (potential deadlock)',
      'signal-unsafe call inside of a signal',
      'signal handler spoils errno',
      'thread leak',
    ],
  },
  { id: 'supp_names', source: 'supp_names.cpp', kinds: ['data race'] },
  {
    id: 'supp_shared_main',
    source: 'supp_shared_main.c',
    library: { source: 'supp_shared_lib.c', name: 'libsuppshared.so' },
    kinds: ['data race'],
  },
];

const MIN_DISTINCT_PATTERNS = 200;

// ---------------------------------------------------------------------------------------------
// Running a program and reading what it printed

interface Observation {
  readonly run: RunResult;
  readonly records: readonly ParseRecord[];
  readonly reports: readonly Report[];
  /** reportKey of each report, in print order. */
  readonly keys: readonly string[];
  /** `type:pattern` -> hits, from the print_suppressions block. */
  readonly hits: ReadonlyMap<string, number>;
}

function observe(run: RunResult, log: string): Observation {
  const records = parseText(run.stderr, { file: log });
  const reports = records.filter((r): r is Report => r.type === 'report');
  const hits = new Map<string, number>();
  for (const record of records) {
    if (record.type !== 'suppression-hits') continue;
    for (const hit of record.hits) {
      const key = entryKey(hit);
      hits.set(key, (hits.get(key) ?? 0) + hit.count);
    }
  }
  return { run, records, reports, keys: reports.map(reportKey), hits };
}

/** Problems with a run itself (not verdicts): timeouts, crashes, exit statuses. */
function runProblems(o: Observation): string[] {
  const problems: string[] = [];
  if (o.run.timedOut) problems.push('timed out');
  if (o.run.spawnError !== undefined) problems.push(`could not start: ${o.run.spawnError}`);
  const expected = o.reports.length > 0 ? 66 : 0;
  if (o.run.exitCode !== expected) {
    problems.push(
      `exit ${o.run.exitCode} (signal ${o.run.signal}) with ${o.reports.length} reports`,
    );
  }
  if (o.reports.some((r) => r.truncated)) problems.push('a report was cut short');
  return problems;
}

/** Module name as printed -> full path as loaded: the binary itself, and what `ldd` resolves. */
async function moduleMap(binary: string): Promise<Map<string, string>> {
  const map = new Map<string, string>([[path.basename(binary), await realpath(binary)]]);
  const stdout = await new Promise<string>((resolve) => {
    execFile('ldd', [binary], (error, out) => resolve(error ? '' : out));
  });
  for (const line of stdout.split('\n')) {
    const m = /^\s*(\S+) => (\/\S+) \(0x[0-9a-f]+\)/.exec(line);
    if (m?.[1] && m[2]) map.set(m[1], m[2]);
  }
  return map;
}

// ---------------------------------------------------------------------------------------------
// Outcomes

interface Disagreement {
  readonly program: string;
  readonly report: string;
  readonly entry: string;
  readonly origin: string;
  readonly runtime: string;
  readonly racelens: string;
  readonly file: string;
}

interface ProgramOutcome {
  readonly program: Program;
  readonly baseline: Observation;
  readonly entries: readonly GeneratedEntry[];
  readonly runs: number;
  readonly verdicts: number;
  readonly disagreements: readonly Disagreement[];
  /** (entry, report) pairs the printed text cannot decide (clang interceptor aliases). */
  readonly undecidable: readonly string[];
  /** Credit files skipped because a report's credit hinged on an interceptor alias. */
  readonly undecidableCredits: number;
  readonly creditFiles: number;
  readonly creditDisagreements: readonly Disagreement[];
  /** The baseline runs did not print the program's known reports, the same way twice. */
  readonly baselineProblems: readonly string[];
  /** The runtime or a program did not behave as this test relies on (not a racelens verdict). */
  readonly problems: readonly string[];
}

interface ToolchainOutcome {
  readonly programs: ReadonlyMap<string, Promise<ProgramOutcome>>;
}

const statuses = new Map<string, ToolchainStatus>();
const outcomes = new Map<string, ToolchainOutcome>();
let workspace: TsanWorkspace | undefined;
let started = 0;

function statusOf(tc: Toolchain, language: Language): ToolchainStatus {
  const status = statuses.get(`${tc.id}:${language}`);
  if (!status) throw new Error(`toolchain ${tc.id} (${language}) was not probed`);
  return status;
}

const describeEntry = (e: { type: string; pattern: string }) => JSON.stringify(entryKey(e));

async function compileProgram(ws: TsanWorkspace, tc: Toolchain, program: Program): Promise<string> {
  const source = path.join(PROGRAMS_DIR, program.source);
  const extraFlags: string[] = [];
  if (program.library) {
    const library = await ws.compile(tc, path.join(PROGRAMS_DIR, program.library.source), {
      outName: program.library.name,
      extraFlags: ['-fPIC', '-shared', `-Wl,-soname,${program.library.name}`],
    });
    extraFlags.push('-Wl,--no-as-needed', library, `-Wl,-rpath,${path.dirname(library)}`);
  }
  return ws.compile(tc, source, { outName: program.id, extraFlags });
}

interface Baseline {
  readonly binary: string;
  readonly modulePath: (printed: string) => string | null;
  readonly suppDir: string;
  /** The first baseline run: entries are generated from it, verdicts compare against it. */
  readonly baseline: Observation;
  /** The second one, which must print the same reports and give the same entries. */
  readonly again: Observation;
  readonly problems: readonly string[];
}

/** Compiles a program and runs it twice without suppressions. */
async function baselineOf(ws: TsanWorkspace, tc: Toolchain, program: Program): Promise<Baseline> {
  const binary = await compileProgram(ws, tc, program);
  const modules = await moduleMap(binary);
  const modulePath = (printed: string) => modules.get(printed) ?? null;
  const suppDir = path.join(ws.dir, tc.id, `${program.id}-supp`);
  await mkdir(suppDir, { recursive: true });
  const problems: string[] = [];
  const [baseline, again] = await Promise.all(
    [1, 2].map(async (n) =>
      observe(await runTsan(binary), `${program.id}.${tc.logSuffix}.baseline${n}.log`),
    ),
  );
  if (!baseline || !again) throw new Error('unreachable');
  for (const [n, o] of [baseline, again].entries()) {
    for (const p of runProblems(o)) problems.push(`baseline run ${n + 1}: ${p}`);
  }
  const kinds = baseline.reports.map((r) => r.kind);
  if (JSON.stringify(kinds) !== JSON.stringify(program.kinds)) {
    problems.push(
      `baseline reports ${JSON.stringify(kinds)}, expected ${JSON.stringify(program.kinds)}`,
    );
  }
  if (new Set(baseline.keys).size !== baseline.keys.length) {
    problems.push(`two baseline reports share a key: ${JSON.stringify(baseline.keys)}`);
  }
  if (JSON.stringify(again.keys) !== JSON.stringify(baseline.keys)) {
    problems.push(
      `the two baseline runs differ:\n  ${baseline.keys.join('\n  ')}\nvs\n  ${again.keys.join('\n  ')}`,
    );
  }
  return { binary, modulePath, suppDir, baseline, again, problems };
}

/** Runs every generated entry (and the credit files) and compares the verdicts. */
async function evaluateProgram(
  tc: Toolchain,
  program: Program,
  base: Baseline,
  entries: readonly GeneratedEntry[],
  entriesAgain: readonly GeneratedEntry[],
): Promise<ProgramOutcome> {
  const { binary, modulePath, suppDir, baseline } = base;
  const problems: string[] = [];
  const baselineProblems = [...base.problems];
  const logName = (what: string) => `${program.id}.${tc.logSuffix}.${what}.log`;
  if (JSON.stringify(entriesAgain.map(entryKey)) !== JSON.stringify(entries.map(entryKey))) {
    baselineProblems.push('the entries generated from the two baseline runs differ');
  }
  const origins = new Map(entries.map((e) => [entryKey(e), e.origin]));
  let runs = 0;

  /** Writes a suppression file, runs the program with it, and reads the file as racelens does. */
  const runWith = async (name: string, file: readonly GeneratedEntry[]) => {
    const filePath = path.join(suppDir, `${name}.supp`);
    const text = suppressionFileText(file);
    await writeFile(filePath, text);
    const parsed = parseSuppressions(text, filePath);
    const fileProblems: string[] = [];
    if (
      parsed.problems.length > 0 ||
      JSON.stringify(parsed.entries.map(entryKey)) !== JSON.stringify(file.map(entryKey))
    ) {
      fileProblems.push(`${name}: racelens reads the file as ${JSON.stringify(parsed)}`);
    }
    runs++;
    const run = await runTsan(binary, {
      tsanOptions: { suppressions: filePath, print_suppressions: 1 },
    });
    const o = observe(run, logName(name));
    for (const p of runProblems(o)) fileProblems.push(`${name}: ${p}`);
    const unexpected = o.keys.filter((k) => !baseline.keys.includes(k));
    if (unexpected.length > 0) {
      fileProblems.push(`${name}: reports not in the baseline: ${JSON.stringify(unexpected)}`);
    }
    const raw = () => `\n--- ${name} (${filePath}) ---\n${text}--- stderr ---\n${run.stderr}`;
    return { filePath, entries: parsed.entries, observation: o, fileProblems, raw };
  };

  // 3. One entry per family per file.
  const singleFiles = packByFamily(entries);
  const disagreements: Disagreement[] = [];
  const undecidable: string[] = [];
  let verdicts = 0;
  const singleRuns = singleFiles.map(async (file, i) => {
    const {
      filePath,
      entries: fileEntries,
      observation: o,
      fileProblems,
      raw,
    } = await runWith(`single-${String(i).padStart(3, '0')}`, file);
    const present = new Set(o.keys);
    const matcher = new SuppressionMatcher(fileEntries, { modulePath });
    const byFamily = new Map<Family, SuppressionEntry>();
    for (const e of fileEntries) byFamily.set(familyOf(e.type), e);
    // The runtime's verdicts: a report that is gone was suppressed by the entry of its family.
    const suppressed = new Map<string, string[]>(); // entry key -> report keys
    for (const [index, report] of baseline.reports.entries()) {
      const key = baseline.keys[index] as string;
      if (present.has(key)) continue;
      const family = runtimeSuppressionType(report.kind);
      const entry = family === null ? undefined : byFamily.get(family);
      if (!entry) {
        fileProblems.push(
          `report ${JSON.stringify(key)} is gone, but the file has no ${family} entry`,
        );
        continue;
      }
      const list = suppressed.get(entryKey(entry)) ?? [];
      list.push(key);
      suppressed.set(entryKey(entry), list);
    }
    // Every suppressed report counts one hit for its entry, and nothing else does.
    for (const e of fileEntries) {
      const gone = suppressed.get(entryKey(e))?.length ?? 0;
      const hits = o.hits.get(entryKey(e)) ?? 0;
      if (gone !== hits) {
        fileProblems.push(
          `${describeEntry(e)}: ${gone} report(s) gone but print_suppressions counts ${hits} hit(s)`,
        );
      }
    }
    for (const key of o.hits.keys()) {
      if (!fileEntries.some((e) => entryKey(e) === key)) {
        fileProblems.push(`print_suppressions names ${JSON.stringify(key)}, not in the file`);
      }
    }
    if (fileProblems.length > 0) {
      problems.push(`${fileProblems.join('\n')}${raw()}`);
      return;
    }
    for (const [index, report] of baseline.reports.entries()) {
      const key = baseline.keys[index] as string;
      const matching = matcher.matchingEntries(report);
      const credited = matcher.creditedEntry(report);
      const uncertain = matcher.uncertainEntries(report);
      for (const e of fileEntries) {
        // clang's interceptors have two symbol aliases; a pattern that tells them apart
        // (`^__interceptor_free$`) cannot be decided from the printed `free`: racelens says so.
        if (uncertain.includes(e)) {
          undecidable.push(`${entryKey(e)} on ${key}`);
          continue;
        }
        verdicts++;
        const runtime = suppressed.get(entryKey(e))?.includes(key) ?? false;
        const racelens = matching.includes(e);
        const racelensCredit = credited === e;
        if (runtime !== racelens || runtime !== racelensCredit) {
          disagreements.push({
            program: program.id,
            report: key,
            entry: entryKey(e),
            origin: origins.get(entryKey(e)) ?? '?',
            runtime: runtime ? 'suppressed' : 'not suppressed',
            racelens: `${racelens ? 'matches' : 'does not match'}, ${racelensCredit ? 'credited' : `credits ${credited ? describeEntry(credited) : 'nothing'}`}`,
            file: filePath,
          });
        }
      }
    }
  });

  // 4. Several entries of one family in one file, in three orders.
  const sets = creditSets(baseline.reports);
  const orders: readonly [string, (l: GeneratedEntry[]) => GeneratedEntry[]][] = [
    ['in order', (l) => l],
    ['reversed', (l) => [...l].reverse()],
    ['hashed', (l) => hashedOrder(l)],
  ];
  const creditDisagreements: Disagreement[] = [];
  let creditFiles = 0;
  let undecidableCredits = 0;
  const creditRuns = orders.map(async ([order, arrange]) => {
    const file = FAMILIES.flatMap((f) => arrange([...(sets.get(f) ?? [])]));
    if (file.length === 0) return;
    creditFiles++;
    const name = `credit-${order.replace(/ /g, '-')}`;
    const {
      filePath,
      entries: fileEntries,
      observation: o,
      fileProblems,
      raw,
    } = await runWith(name, file);
    const matcher = new SuppressionMatcher(fileEntries, { modulePath });
    const expected = new Map<string, number>();
    const expectedGone = new Set<string>();
    for (const [index, report] of baseline.reports.entries()) {
      const { entry: credited, uncertain } = matcher.verdict(report);
      if (uncertain.length > 0) {
        undecidableCredits++;
        return;
      }
      if (!credited) continue;
      expected.set(entryKey(credited), (expected.get(entryKey(credited)) ?? 0) + 1);
      expectedGone.add(baseline.keys[index] as string);
    }
    if (fileProblems.length > 0) {
      problems.push(`${fileProblems.join('\n')}${raw()}`);
      return;
    }
    const present = new Set(o.keys);
    for (const key of baseline.keys) {
      if (present.has(key) === expectedGone.has(key)) {
        creditDisagreements.push({
          program: program.id,
          report: key,
          entry: `file ${name}`,
          origin: 'several entries',
          runtime: present.has(key) ? 'printed' : 'suppressed',
          racelens: expectedGone.has(key) ? 'suppressed' : 'not suppressed',
          file: filePath,
        });
      }
    }
    for (const e of fileEntries) {
      const runtime = o.hits.get(entryKey(e)) ?? 0;
      const racelens = expected.get(entryKey(e)) ?? 0;
      if (runtime !== racelens) {
        creditDisagreements.push({
          program: program.id,
          report: '(hit count over all reports)',
          entry: entryKey(e),
          origin: `${order}; ${e.type}`,
          runtime: `${runtime} hit(s)`,
          racelens: `credited ${racelens} time(s)`,
          file: filePath,
        });
      }
    }
  });

  await Promise.all([...singleRuns, ...creditRuns]);
  return {
    program,
    baseline,
    entries,
    runs: runs + 2,
    verdicts,
    disagreements,
    undecidable,
    undecidableCredits,
    creditFiles,
    creditDisagreements,
    baselineProblems,
    problems,
  };
}

beforeAll(async () => {
  started = performance.now();
  const ws = await TsanWorkspace.create('racelens-supp-');
  workspace = ws;
  await Promise.all(
    TOOLCHAINS.flatMap((tc) =>
      (['c', 'c++'] as const).map(async (language) => {
        statuses.set(`${tc.id}:${language}`, await detectToolchain(tc, language));
      }),
    ),
  );
  const all: Promise<ProgramOutcome>[] = [];
  for (const tc of TOOLCHAINS) {
    const available = PROGRAMS.filter((p) => statusOf(tc, languageOf(p.source)).available);
    const baselines = available.map((p) => baselineOf(ws, tc, p));
    // Entries are generated in program order (the generator spends its rich rules once), from
    // every baseline that could be run; then all programs run their entries at once.
    const generated = Promise.allSettled(baselines).then((settled) => {
      const generator = new PatternGenerator();
      const generatorAgain = new PatternGenerator();
      return settled.map((result) => {
        if (result.status === 'rejected') return null;
        const base = result.value;
        const entries = generator.generate(base.baseline.reports, base);
        const again = generatorAgain.generate(base.again.reports, base);
        return { base, entries, again };
      });
    });
    const programs = new Map<string, Promise<ProgramOutcome>>();
    available.forEach((program, i) => {
      const outcome = generated.then(async (list) => {
        const item = list[i];
        if (!item)
          throw await baselines[i]!.then(
            () => new Error('no entries generated'),
            (e) => e,
          );
        return evaluateProgram(tc, program, item.base, item.entries, item.again);
      });
      outcome.catch(() => {}); // reported by the tests
      programs.set(program.id, outcome);
      all.push(outcome);
    });
    outcomes.set(tc.id, { programs });
  }
  await Promise.allSettled(all);
});

afterAll(async () => {
  await workspace?.cleanup();
});

// ---------------------------------------------------------------------------------------------
// Tests

function formatDisagreements(list: readonly Disagreement[]): string {
  return list
    .map(
      (d) =>
        `  ${d.program} | report ${JSON.stringify(d.report)} | entry ${JSON.stringify(d.entry)} (${d.origin}) | runtime: ${d.runtime} | racelens: ${d.racelens} | ${path.basename(d.file)}`,
    )
    .join('\n');
}

describe('suppression matching, differential against the real TSan runtimes', () => {
  for (const tc of TOOLCHAINS) {
    declareToolchainTests(it, tc, statusOf);

    for (const program of PROGRAMS) {
      it(`${tc.id}: ${program.id} reports ${program.kinds.length} known report(s), the same every run`, async (ctx) => {
        const status = statusOf(tc, languageOf(program.source));
        requireToolchain(status, ctx);
        const outcome = await outcomes.get(tc.id)?.programs.get(program.id);
        if (!outcome) throw new Error('not scheduled');
        expect(
          outcome.baselineProblems,
          `${outcome.baselineProblems.join('\n')}\n--- baseline stderr ---\n${outcome.baseline.run.stderr}`,
        ).toEqual([]);
        expect(outcome.baseline.reports.map((r) => r.kind)).toEqual(program.kinds);
      });
    }

    it(`${tc.id}: every entry suppresses exactly the reports the runtime suppresses with it`, async (ctx) => {
      const programs = [...(outcomes.get(tc.id)?.programs.values() ?? [])];
      if (programs.length < PROGRAMS.length) {
        const missing = PROGRAMS.filter((p) => !statusOf(tc, languageOf(p.source)).available);
        if (IN_CI && missing.length > 0) {
          throw new Error(missingToolchainMessage(statusOf(tc, languageOf(missing[0]!.source))));
        }
        if (programs.length === 0) ctx.skip();
      }
      const results = await Promise.all(programs);
      const problems = results.flatMap((r) =>
        [...r.baselineProblems, ...r.problems].map((p) => `${r.program.id}: ${p}`),
      );
      const disagreements = results.flatMap((r) => r.disagreements);
      const verdicts = results.reduce((n, r) => n + r.verdicts, 0);
      const undecidable = results.flatMap((r) => r.undecidable);
      const runs = results.reduce((n, r) => n + r.runs, 0);
      const distinct = new Set(results.flatMap((r) => r.entries.map(entryKey))).size;
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(
        `suppressions differential (${tc.id}): ${verdicts - disagreements.length}/${verdicts} verdicts agree, ${distinct} distinct patterns, ${runs} runs (${seconds} s since start)` +
          (undecidable.length > 0
            ? `; ${undecidable.length} more left undecided by racelens, as the printed text cannot decide them (interceptor aliases): ${undecidable.join(', ')}`
            : ''),
      );
      // gcc's runtime has one name per interceptor: everything is decidable there.
      if (tc.id === 'gcc') expect(undecidable).toEqual([]);
      expect(
        problems.length,
        `the runtime did not behave as this test relies on:\n${problems.join('\n\n')}`,
      ).toBe(0);
      expect(
        disagreements.length,
        `${disagreements.length} of ${verdicts} verdicts disagree (program | report | entry | runtime | racelens):\n${formatDisagreements(disagreements)}\n`,
      ).toBe(0);
      expect(distinct).toBeGreaterThanOrEqual(MIN_DISTINCT_PATTERNS);
    });

    it(`${tc.id}: with several entries of a family in one file, the runtime credits the entry racelens credits`, async (ctx) => {
      const programs = [...(outcomes.get(tc.id)?.programs.values() ?? [])];
      if (programs.length === 0) {
        if (IN_CI) throw new Error(missingToolchainMessage(statusOf(tc, 'c')));
        ctx.skip();
      }
      const results = await Promise.all(programs);
      const disagreements = results.flatMap((r) => r.creditDisagreements);
      const files = results.reduce((n, r) => n + r.creditFiles, 0);
      const skipped = results.reduce((n, r) => n + r.undecidableCredits, 0);
      const bad = new Set(disagreements.map((d) => d.file)).size;
      console.log(
        `suppressions credit (${tc.id}): ${files - skipped - bad}/${files - skipped} multi-entry files agree${skipped > 0 ? ` (${skipped} undecidable: interceptor aliases)` : ''}`,
      );
      if (tc.id === 'gcc') expect(skipped).toBe(0);
      expect(
        disagreements.length,
        `${bad} of ${files} files disagree (program | report | entry | runtime | racelens):\n${formatDisagreements(disagreements)}\n`,
      ).toBe(0);
    });
  }
});
