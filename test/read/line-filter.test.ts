import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineFilter } from '../../src/read/line-filter.js';

/**
 * What a needle means, written plainly: its text somewhere, `\d` standing for any digit and
 * `\d+` for a run of them.
 */
function holds(line: string, needle: string): boolean {
  for (let at = 0; at < line.length; at++) if (matchesAt(line, at, needle, 0)) return true;
  return false;
}

function matchesAt(line: string, i: number, needle: string, n: number): boolean {
  if (n === needle.length) return true;
  if (needle.startsWith('\\d', n)) {
    if (!isDigit(line.charCodeAt(i))) return false;
    if (needle[n + 2] !== '+') return matchesAt(line, i + 1, needle, n + 2);
    // A run: any length of one or more digits may be followed by the rest.
    for (let end = i + 1; isDigit(line.charCodeAt(end - 1)); end++) {
      if (matchesAt(line, end, needle, n + 3)) return true;
    }
    return false;
  }
  return line[i] === needle[n] && matchesAt(line, i + 1, needle, n + 1);
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

describe('LineFilter', () => {
  it('builds its regex as a trie: shared heads merged, a needle that heads another kept alone', () => {
    expect(new LineFilter(['Thread T\\d', 'ThreadSanitizer', 'TSAN']).pattern.source).toBe(
      'T(?:hread(?: T\\d|Sanitizer)|SAN)',
    );
    expect(new LineFilter(['ab', 'abc', 'a.c', '[x']).pattern.source).toBe('a(?:b|\\.c)|\\[x');
  });

  it('matches a line exactly when the line holds one of its needles', () => {
    const needles = [
      'Thread T\\d',
      'ThreadSanitizer',
      '#\\d',
      '@\\d+ x',
      'of size ',
      'oroutine',
      'a(b)',
      ' at 0x',
    ];
    const filter = new LineFilter(needles);
    const pieces = [
      ...needles.map((n) => n.replace(/\\d\+?/, '7')),
      '@12 x',
      '@3',
      '1',
      'Thread T',
      'of size',
      '#',
      'x',
      ' ',
      '0',
      'a(b',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 5 }), (parts) => {
        const line = parts.join('');
        filter.pattern.lastIndex = 0;
        expect(filter.pattern.test(line)).toBe(needles.some((n) => holds(line, n)));
      }),
      { seed: 20261205, numRuns: 5000 },
    );
  });

  it('gives the skipper each needle up to its first digit run, kept as one digit', () => {
    const filter = new LineFilter(['#\\d+ ', 'Thread T\\d', 'M\\d+ and \\d']);
    expect(filter.pattern.source).toBe('#\\d+ |Thread T\\d|M\\d+ and \\d');
    expect(filter.skipperPattern.source).toBe('#\\d|Thread T\\d|M\\d');
    // Frame markers pass; ctest's `#17:` reaches the text path only to be dropped there.
    const line = (text: string) => {
      filter.pattern.lastIndex = 0;
      filter.skipperPattern.lastIndex = 0;
      return [filter.pattern.test(text), filter.skipperPattern.test(text)];
    };
    expect(line('    #12 main a.c:3')).toEqual([true, true]);
    expect(line('17/17 Test  #17: stream_test')).toEqual([false, true]);
  });

  it('refuses needles the byte search cannot hold', () => {
    expect(() => new LineFilter(['é'])).toThrow(/only ASCII/);
    expect(() => new LineFilter(['a\x1bb'])).toThrow(/only ASCII/);
    expect(() => new LineFilter([''])).toThrow(/1 to 32 bytes/);
    expect(() => new LineFilter(['x'.repeat(33)])).toThrow(/1 to 32 bytes/);
    expect(() => new LineFilter(Array.from({ length: 65 }, (_, i) => `n${i}`))).toThrow(
      /at most 64/,
    );
  });
});
