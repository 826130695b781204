import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseText, type Report } from '../../src/index.js';
import { parseSuppressions } from '../../src/match/suppression-file.js';
import { suppressedBy } from '../../src/match/suppression-matcher.js';
import { templateMatches } from '../../src/match/template-match.js';
import { CORPUS, reportsOf } from '../support/fixtures.js';

describe('templateMatches (TSan TemplateMatch)', () => {
  // Verified with gcc 12's runtime against the file `/home/dev/src/race.c` (tsan-format.md §5.2).
  it.each([
    ['c$', false],
    ['*c$', false],
    ['.c$', true],
    ['^/home*race.c$', true],
    ['^race.c', false],
    ['*', true],
    ['race.c', true],
  ])('%j on /home/dev/src/race.c: %s', (pattern, expected) => {
    expect(templateMatches(pattern, '/home/dev/src/race.c')).toBe(expected);
  });

  it.each([
    ['hread2$', 'Thread2', true],
    ['Thr*d1', 'Thread1', true],
    [' Thread1', 'Thread1', false],
    ['thread1', 'Thread1', false],
    ['Thread1 # comment', 'Thread1', false],
    ['^Thread2$', 'Thread2', true],
    ['^Thread2$', 'xThread2', false],
    ['', 'anything', true],
    ['^', 'anything', true],
    ['$', 'anything', false],
    ['*$', 'anything', true],
    ['a$b', 'xa', true],
    ['x', '', false],
    ['a*b*c', 'aXbYc', true],
    ['a*b$', 'ab_b', false], // 'b' is found at its first occurrence: no backtracking
    ['a*b$', 'a_b', true],
    ['ab$', 'ab_ab', false],
    ['[', 'a[b', true],
  ])('%j on %j: %s', (pattern, subject, expected) => {
    expect(templateMatches(pattern, subject)).toBe(expected);
  });
});

describe('parseSuppressions', () => {
  it('reads entries as the runtime does', () => {
    const text = readFileSync(join(CORPUS, 'examples/programs/supp.txt'), 'utf8');
    const { entries, problems } = parseSuppressions(text, 'supp.txt');
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.type, e.pattern, e.line])).toEqual([
      ['race', 'Thread1', 2],
      ['race_top', '^Thread2$', 3],
      ['thread', 'leak.c', 4],
      ['called_from_lib', 'libfoo.so', 5],
      ['deadlock', 'main', 6],
    ]);
  });

  it('keeps leading spaces after the colon, trims CR, and reports lines the runtime refuses', () => {
    const { entries, problems } = parseSuppressions(
      'race: foo\r\n\t# c\nrace_top:bar # x\nrace :baz\nrce:x\n',
      'f',
    );
    expect(entries.map((e) => e.pattern)).toEqual([' foo', 'bar # x']);
    expect(problems.map((p) => p.line)).toEqual([4, 5]);
  });

  it("reads CPython's real suppression file", () => {
    const text = readFileSync(
      join(CORPUS, 'suppressions/cpython-suppressions_free_threading.txt'),
      'utf8',
    );
    const { entries, problems } = parseSuppressions(text, 'cpython.txt');
    expect(problems).toEqual([]);
    expect(entries.length).toBeGreaterThan(20);
    expect(entries.filter((e) => e.type === 'race_top' && e.pattern === 'insertdict')).toHaveLength(
      2,
    );
  });
});

describe('suppressedBy', () => {
  const entries = parseSuppressions(
    readFileSync(join(CORPUS, 'examples/programs/supp.txt'), 'utf8'),
    'supp.txt',
  ).entries;
  const report = (name: string) =>
    reportsOf(parseText(readFileSync(join(CORPUS, 'examples/out', name), 'utf8')))[0] as Report;

  it('credits the entry the runtime credited: race_top on the first access stack scanned', () => {
    // The runtime printed `1 race_top:^Thread2$` for this program (exp/supp.txt).
    expect(suppressedBy(report('race.gcc.txt'), entries)).toMatchObject({
      type: 'race_top',
      pattern: '^Thread2$',
    });
  });

  it('matches thread leaks by their creation stacks (thread:leak.c, exp/supp_leak.txt)', () => {
    expect(suppressedBy(report('leak.gcc.txt'), entries)).toMatchObject({
      type: 'thread',
      pattern: 'leak.c',
    });
  });

  it('never consults creation stacks for races, nor heap and mutex stacks', () => {
    const race = report('heap_mutex.gcc.txt');
    const byCreation = parseSuppressions(
      'race:pthread_create\nrace:malloc\nrace:pthread_mutex_lock\n',
      's',
    ).entries;
    expect(suppressedBy(race, byCreation)).toBeNull();
  });

  it('matches a global location by its name', () => {
    const byGlobal = parseSuppressions('race:Global\n', 's').entries;
    expect(suppressedBy(report('race.gcc.txt'), byGlobal)).toMatchObject({ pattern: 'Global' });
  });

  it('uses the type of the report family', () => {
    const deadlock = report('deadlock.gcc.txt');
    expect(suppressedBy(deadlock, entries)).toMatchObject({ type: 'deadlock', pattern: 'main' });
    expect(suppressedBy(deadlock, parseSuppressions('race:main\n', 's').entries)).toBeNull();
  });
});

describe("CPython's suppression file and the seed", () => {
  it('does not suppress the seed (TSan printed it while running with this kind of file)', () => {
    const text = readFileSync(
      join(CORPUS, 'suppressions/cpython-suppressions_free_threading.txt'),
      'utf8',
    );
    const { entries } = parseSuppressions(text, 'cpython.txt');
    const seed = reportsOf(
      parseText(readFileSync(join(CORPUS, '..', 'seed', '000_73625768c436998a.txt'), 'utf8')),
    )[0] as Report;
    expect(seed.kind).toBe('data race');
    expect(suppressedBy(seed, entries)).toBeNull();
  });
});
