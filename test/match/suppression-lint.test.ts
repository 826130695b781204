import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSuppressions } from '../../src/match/suppression-file.js';
import { lintSuppressions } from '../../src/match/suppression-lint.js';
import { CORPUS } from '../support/fixtures.js';

const lint = (text: string) =>
  lintSuppressions(parseSuppressions(text, 's.txt')).map((f) => [f.line, f.code, f.severity]);

describe('lintSuppressions', () => {
  it("finds CPython's duplicated entries and its race:/race_top: overlap on _PyParkingLot_Park", () => {
    const path = join(CORPUS, 'suppressions/cpython-suppressions_free_threading.txt');
    const text = readFileSync(path, 'utf8');
    const findings = lintSuppressions(parseSuppressions(text, 'cpython.txt'));
    const lineOf = (entry: string) => text.split('\n').indexOf(entry) + 1;
    const duplicates = findings.filter((f) => f.code === 'duplicate');
    expect(duplicates.map((f) => [f.line, f.other?.line])).toEqual([
      [
        text.split('\n').lastIndexOf('race_top:_PyImport_AcquireLock') + 1,
        lineOf('race_top:_PyImport_AcquireLock'),
      ],
      [text.split('\n').lastIndexOf('race_top:insertdict') + 1, lineOf('race_top:insertdict')],
    ]);
    const redundant = findings.filter((f) => f.code === 'redundant');
    expect(redundant.map((f) => [f.line, f.other?.line])).toEqual([
      [lineOf('race_top:_PyParkingLot_Park'), lineOf('race:_PyParkingLot_Park')],
    ]);
    expect(redundant[0]?.message).toMatch(/race: looks at every frame/);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('reports lines the runtime refuses as errors with their line, and keeps the rest', () => {
    const file = parseSuppressions('race:ok\nrce:typo\nnocolon\nrace :space\nmutex:m\n', 's.txt');
    expect(file.entries.map((e) => `${e.type}:${e.pattern}@${e.line}`)).toEqual([
      'race:ok@1',
      'mutex:m@5',
    ]);
    expect(lint('race:ok\nrce:typo\nnocolon\nrace :space\nmutex:m\n')).toEqual([
      [2, 'unparsable', 'error'],
      [3, 'unparsable', 'error'],
      [4, 'unparsable', 'error'],
    ]);
  });

  it('stops at a NUL byte as the runtime does, and says so at that line', () => {
    const file = parseSuppressions('race:a\nrace:b\u0000\u0001\u0002garbage\nrace:c\n', 'bin');
    expect(file.entries.map((e) => e.pattern)).toEqual(['a', 'b']);
    expect(file.problems).toEqual([
      expect.objectContaining({ file: 'bin', line: 2, message: expect.stringMatching(/NUL byte/) }),
    ]);
  });

  it.each([
    ['race:$', 'never-matches', 'error'],
    ['race_top:^$', 'never-matches', 'error'],
    ['race:', 'matches-everything', 'warning'],
    ['race:*', 'matches-everything', 'warning'],
    ['thread:^*$', 'matches-everything', 'warning'],
    ['race:foo$bar', 'ignored-after-dollar', 'warning'],
    ['race:foo # see bpo-1', 'inline-comment', 'warning'],
    ['race: foo', 'leading-space', 'warning'],
    ['race:operator^', 'literal-caret', 'note'],
    ['called_from_lib:libfoo.so', 'library-entry', 'note'],
  ])('%j: %s', (line, code, severity) => {
    expect(lint(`${line}\n`)).toContainEqual([1, code, severity]);
  });

  it.each(['race:foo', 'race:^foo$', 'race_top:foo', 'race:a*b', 'race:foo$', 'deadlock:x'])(
    'finds nothing wrong with %j',
    (line) => {
      expect(lint(`${line}\n`)).toEqual([]);
    },
  );

  it.each([
    // [broad, narrow]: every name the narrow one matches, the broad one matches too.
    ['race:foo', 'race:foobar'],
    ['race:foo', 'race:^xfooy$'],
    ['race:foo', 'race_top:foo'],
    ['race:oba', 'race:^foo*obar$'],
    ['race_top:^f*$', 'race_top:^fg$'],
  ])('%j makes %j redundant', (broad, narrow) => {
    expect(lint(`${broad}\n${narrow}\n`)).toEqual([[2, 'redundant', 'warning']]);
    expect(lint(`${narrow}\n${broad}\n`)).toEqual([[1, 'redundant', 'warning']]);
  });

  it.each([
    ['race:^foo', 'race:foobar'], // anchored patterns are not compared
    ['race:foo*', 'race:foobar'],
    ['mutex:foo', 'race:foo'],
    ['race:bar$', 'race:^foobar$x'],
  ])('%j does not make %j redundant', (a, b) => {
    expect(lint(`${a}\n${b}\n`).filter((f) => f[1] === 'redundant')).toEqual([]);
  });

  it('race_top: never makes race: redundant (it sees only the top frame)', () => {
    expect(lint('race_top:foo\nrace:foo\n')).toEqual([[1, 'redundant', 'warning']]);
  });
});

describe('interceptor names', () => {
  it.each(['race:^free$', 'thread:^pthread_create', 'mutex:^pthread_mutex_unlock*$'])(
    '%j warns that an anchored libc name never hits the interceptor',
    (line) => {
      expect(lint(`${line}\n`)).toContainEqual([1, 'anchored-interceptor', 'warning']);
    },
  );

  it.each([
    'race:free',
    'race:^free_list$',
    'race:^my_malloc$',
    'thread:interceptor_pthread_create',
  ])('%j is fine', (line) => {
    expect(lint(`${line}\n`)).toEqual([]);
  });
});
