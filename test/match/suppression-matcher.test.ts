import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseText, type Report } from '../../src/index.js';
import {
  BUILTIN_SUPPRESSIONS,
  parseSuppressions,
  SUPPRESSION_TYPES,
  type SuppressionEntry,
} from '../../src/match/suppression-file.js';
import { SuppressionMatcher, suppressionType } from '../../src/match/suppression-matcher.js';
import { templateMatches } from '../../src/match/template-match.js';
import type { Frame } from '../../src/model/frame.js';
import { isInterceptorFrame } from '../../src/triage/runtime-frames.js';
import { CORPUS, reportsOf, SEED } from '../support/fixtures.js';

const entries = (text: string) => parseSuppressions(text, 's').entries;
const report = (name: string) =>
  reportsOf(parseText(readFileSync(join(CORPUS, 'examples/out', name), 'utf8')))[0] as Report;

describe('SuppressionMatcher', () => {
  it('tries function, then file, then module of a frame before the next frame', () => {
    const race = report('race.gcc.txt');
    const top = race.accesses[0]!.frames[0]!;
    const m = new SuppressionMatcher(
      entries(`race:${top.module}\nrace:${top.file}\nrace:^${top.function}$\n`),
    );
    // All three name frame #0; the function is tried first although its entry comes last.
    expect(m.creditedEntry(race)?.line).toBe(3);
    expect(m.matchingEntries(race).map((e) => e.line)).toEqual([1, 2, 3]);
  });

  it('matches module patterns against the full path given for a printed base name', () => {
    const race = report('race.gcc.txt');
    const module = race.accesses[0]!.frames[0]!.module!;
    const full = `/home/ci/build/${module}`;
    const list = entries(`race:^/home/ci/build/\nrace:^${module}$\n`);
    const plain = new SuppressionMatcher(list);
    const mapped = new SuppressionMatcher(list, {
      modulePath: (printed) => (printed === module ? full : null),
    });
    expect(plain.matchingEntries(race).map((e) => e.line)).toEqual([2]);
    expect(mapped.matchingEntries(race).map((e) => e.line)).toEqual([1]);
  });

  it('gives race_top: the top frame of each stack only, after that stack’s race: entries', () => {
    const seed = reportsOf(parseText(readFileSync(SEED, 'utf8')))[0]!;
    const [first, second] = seed.accesses.map((a) => a.frames);
    expect(first![1]!.function).toBe('_PyInterpreterState_Clear');
    expect(second![0]!.function).toBe('_Py_atomic_and_uintptr');
    const m = new SuppressionMatcher(
      entries(
        'race_top:^_PyInterpreterState_Clear$\nrace_top:^_Py_atomic_and_uintptr$\nrace:^_Py_atomic_and_uintptr$\n',
      ),
    );
    expect(m.matchingEntries(seed).map((e) => e.line)).toEqual([2, 3]);
    // The second stack's race: entries are tried on all its frames before its race_top:.
    expect(m.creditedEntry(seed)?.line).toBe(3);
  });

  it('matches interceptor frames under their symbol, as the differential test found', () => {
    const list = entries(
      'race:^free$\nrace:^__interceptor_free$\nrace:^___interceptor_free$\nrace:interceptor_free\n',
    );
    const m = new SuppressionMatcher(list);
    // gcc 12: one symbol, `__interceptor_free`: everything is decided.
    const gcc = report('uaf.gcc.txt');
    expect(gcc.accesses.some((a) => a.frames[0]?.function === 'free')).toBe(true);
    expect(m.matchingEntries(gcc).map((e) => e.line)).toEqual([2, 4]);
    expect(m.uncertainEntries(gcc)).toEqual([]);
    // clang 19: two aliases; only the entries that match both are sure.
    const clang = report('uaf.clang19.txt');
    expect(m.matchingEntries(clang).map((e) => e.line)).toEqual([4]);
    expect(m.uncertainEntries(clang).map((e) => e.line)).toEqual([2, 3]);
    expect(m.verdict(clang)).toEqual({ entry: list[3], uncertain: [list[1]] });
  });

  it('has built-in entries for old libstdc++ internals, as every runtime does', () => {
    expect(BUILTIN_SUPPRESSIONS.map((e) => `${e.type}:${e.pattern}`)).toEqual([
      'race:^_M_rep$',
      'race:^_M_is_leaked$',
      'race:std::_Sp_counted_ptr_inplace<std::thread::_Impl',
    ]);
  });

  // The matcher caches per frame and per subject; a plain, uncached reading of the rules of
  // tsan-format.md §5.3 must give the same answers on every real report of the corpus.
  it('agrees with an uncached reading of the rules on real reports and generated patterns', () => {
    const reports = corpusReports().filter((r) => subjectsOf(r).length > 0);
    expect(reports.length).toBeGreaterThan(80);
    // Patterns cut from one report's own names, so that they match it often and in many places.
    const listFor = (r: Report) => {
      const names = subjectsOf(r);
      const piece = fc.constantFrom(...names).chain((name) =>
        fc.oneof(
          fc.constant(name),
          fc
            .tuple(fc.nat(name.length), fc.nat(name.length))
            .map(([a, b]) => name.slice(Math.min(a, b), Math.max(a, b) + 1)),
        ),
      );
      const pattern = fc
        .tuple(fc.boolean(), fc.array(piece, { minLength: 1, maxLength: 2 }), fc.boolean())
        .map(([start, pieces, end]) => `${start ? '^' : ''}${pieces.join('*')}${end ? '$' : ''}`);
      const type = fc.constantFrom(suppressionType(r) ?? 'race', 'race_top', ...SUPPRESSION_TYPES);
      return fc.array(
        fc.tuple(type, pattern).map(([t, p]) => `${t}:${p}`),
        { minLength: 1, maxLength: 10 },
      );
    };
    const scenario = fc
      .constantFrom(...reports)
      .chain((r) => listFor(r).map((lines) => [r, lines] as const));
    let credited = 0;
    fc.assert(
      fc.property(scenario, ([r, lines]) => {
        const list = entries(`${lines.join('\n')}\n`);
        const matcher = new SuppressionMatcher(list);
        const expected = referenceCredited(r, list);
        if (expected) credited++;
        expect(matcher.creditedEntry(r)).toBe(expected);
        const alone = list.filter((e) => referenceCredited(r, [e]) !== null);
        expect(matcher.matchingEntries(r)).toEqual(alone);
      }),
      { numRuns: 3000 },
    );
    // The property must have been about suppressed reports often.
    expect(credited).toBeGreaterThan(900);
  });
});

function corpusReports(): Report[] {
  const reports: Report[] = [];
  for (const dir of ['examples/out', 'cpython-issue', 'other', 'clusterfuzz', 'rust-issue']) {
    for (const name of readdirSync(join(CORPUS, dir))) {
      reports.push(...reportsOf(parseText(readFileSync(join(CORPUS, dir, name), 'utf8'))));
    }
  }
  return reports;
}

function subjectsOf(report: Report): string[] {
  const frames = [
    ...report.accesses.flatMap((a) => a.frames),
    ...report.stacks.flatMap((s) => s.frames),
    ...report.threads.flatMap((t) => t.frames),
  ];
  return frames
    .flatMap((f) => [f.function, f.file, f.module])
    .filter((s): s is string => s !== null)
    .slice(0, 40);
}

/** tsan-format.md §5.3 read literally: no caches, one entry list per subject. */
function referenceCredited(
  report: Report,
  list: readonly SuppressionEntry[],
): SuppressionEntry | null {
  const type = suppressionType(report);
  if (type === null) return null;
  const first = (t: string, subject: string | null) =>
    subject
      ? (list.find((e) => e.type === t && templateMatches(e.pattern, subject)) ?? null)
      : null;
  // An interceptor is matched under its symbol: gcc `__interceptor_<name>`; clang has two
  // aliases, and only an entry matching both surely applies.
  const names = (f: Frame): string[] =>
    f.function === null
      ? []
      : !isInterceptorFrame(f)
        ? [f.function]
        : report.runtime === 'gcc'
          ? [`__interceptor_${f.function}`]
          : [`__interceptor_${f.function}`, `___interceptor_${f.function}`];
  const firstOfFunction = (t: string, f: Frame) =>
    names(f).length === 0
      ? null
      : (list.find((e) => e.type === t && names(f).every((n) => templateMatches(e.pattern, n))) ??
        null);
  const inFrame = (t: string, f: Frame) =>
    firstOfFunction(t, f) ?? first(t, f.file) ?? first(t, f.module);
  const stacks = [
    ...report.accesses.map((a) => a.frames),
    ...report.stacks.filter((s) => s.role !== 'sleep').map((s) => s.frames),
    ...(type === 'thread' ? report.threads.map((t) => t.frames) : []),
  ];
  for (const frames of stacks) {
    for (const frame of frames) {
      const hit = inFrame(type, frame);
      if (hit) return hit;
    }
    if (type === 'race' && frames[0]) {
      const hit = inFrame('race_top', frames[0]);
      if (hit) return hit;
    }
  }
  for (const location of report.locations) {
    if (location.type !== 'global') continue;
    const hit = first(type, location.name) ?? first(type, location.module);
    if (hit) return hit;
  }
  return null;
}
