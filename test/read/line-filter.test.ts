import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineFilter } from '../../src/read/line-filter.js';

/** What a needle means, written plainly: its text somewhere, `\d` standing for any digit. */
function holds(line: string, needle: string): boolean {
  const parts = needle.split('\\d');
  const length = parts.join('').length + parts.length - 1;
  for (let at = 0; at + length <= line.length; at++) {
    let i = at;
    const ok = parts.every((part, k) => {
      if (!line.startsWith(part, i)) return false;
      i += part.length;
      if (k === parts.length - 1) return true;
      const digit = line.charCodeAt(i);
      i++;
      return digit >= 0x30 && digit <= 0x39;
    });
    if (ok) return true;
  }
  return false;
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
      'of size ',
      'oroutine',
      'a(b)',
      ' at 0x',
    ];
    const filter = new LineFilter(needles);
    const pieces = [
      ...needles.map((n) => n.replace('\\d', '7')),
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
