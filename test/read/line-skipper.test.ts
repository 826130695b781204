import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INTERESTING_NEEDLES } from '../../src/parse/interesting-line.js';
import { LineFilter } from '../../src/read/line-filter.js';
import { LineSkipper } from '../../src/read/skip-lines/line-skipper.js';
import { stripAnsi } from '../../src/read/strip-ansi.js';

const filter = new LineFilter(INTERESTING_NEEDLES);

/**
 * What the skipper must find in a whole line: the filter's needles cut for it (skipperPattern),
 * after stripping colour. The splitter's text path then judges those lines by the full needles.
 */
function interesting(line: Buffer): boolean {
  filter.skipperPattern.lastIndex = 0;
  return filter.skipperPattern.test(stripAnsi(new TextDecoder().decode(line)));
}

/** Every skip() from the chunk's start to its unfinished end, beside what the text path says. */
function walk(skipper: LineSkipper, chunk: Buffer) {
  const got: [number, number, boolean][] = [];
  const expected: [number, number, boolean][] = [];
  skipper.load(chunk, filter.tables);
  for (let at = 0; ; ) {
    const next = skipper.skip(at);
    got.push([next, skipper.newlines, skipper.found]);
    if (!skipper.found) break;
    at = chunk.indexOf(10, next) + 1;
  }
  let newlines = 0;
  for (let at = 0; ; ) {
    const end = chunk.indexOf(10, at);
    if (end === -1) {
      expected.push([at, newlines, false]);
      break;
    }
    if (interesting(chunk.subarray(at, end))) {
      expected.push([at, newlines, true]);
      newlines = 0;
    } else {
      newlines++;
    }
    at = end + 1;
  }
  return { got, expected };
}

const skipper = LineSkipper.create();

describe.skipIf(skipper === null)('LineSkipper (WebAssembly)', () => {
  const s = skipper as LineSkipper;

  it('finds the lines the text path finds, with colour codes, UTF-8 and broken bytes among them', () => {
    const text = (t: string) => Buffer.from(t, 'latin1');
    const escapes = [
      '\x1b[0;32m',
      '\x1b[m',
      '\x1b[1;2 q',
      '\x1b[',
      '\x1b[12',
      '\x1b]0;title\x07',
      '\x1b_bk;t=1700000000\x07',
      '\x1b]8;;x\x1b\\',
      '\x1b]unterminated',
      '\x1b_',
      '\x1b]',
      '\x1bM',
      '\x1b\\',
      '\x1b',
      '\x1b\x1b',
    ];
    const needles = ['0', '4', '9'].flatMap((digit) =>
      INTERESTING_NEEDLES.map((n) => n.replace(/\\d\+?/, digit)),
    );
    const pieces: Buffer[] = [
      ...needles.map(text),
      ...needles.map((n) => text(n.slice(0, Math.max(1, n.length - 1)))),
      ...needles.map((n) => text(n.slice(1))),
      ...escapes.map(text),
      text('\x07'),
      Buffer.from('é😀', 'utf8'),
      Buffer.from([0xff]),
      Buffer.from([0xc3]),
      Buffer.from([0xe2, 0x82]),
      text('\r'),
      text('7'),
      text(' '),
      text('x'),
      text('\n'),
      text('\n'),
      text('\n'),
    ];
    // A needle with an escape sequence inside: stripping joins it, or an unended string eats it.
    const split = fc
      .tuple(fc.constantFrom(...needles), fc.nat(), fc.constantFrom(...escapes))
      .map(([needle, at, sequence]) => {
        const cut = 1 + (at % (needle.length - 1));
        return text(needle.slice(0, cut) + sequence + needle.slice(cut));
      });
    const piece = fc.oneof(
      { arbitrary: fc.constantFrom(...pieces), weight: 4 },
      { arbitrary: split, weight: 1 },
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        const { got, expected } = walk(s, Buffer.concat(parts));
        expect(got).toEqual(expected);
      }),
      { seed: 20261205, numRuns: 20000 },
    );
  });

  it('handles long runs between hits, hits at every offset of a 16-byte block, and large chunks', () => {
    for (let offset = 0; offset < 40; offset++) {
      const chunk = Buffer.from(
        `${'a'.repeat(5000)}\n${'b'.repeat(offset)}ThreadSanitizer\n${'c\n'.repeat(300)}tail`,
        'latin1',
      );
      const { got, expected } = walk(s, chunk);
      expect(got).toEqual(expected);
      expect(got[0]).toEqual([5001, 1, true]);
    }
    const big = Buffer.from(`${'plain output line\n'.repeat(200_000)}Thread T1 is`, 'latin1');
    const { got } = walk(s, big);
    expect(got).toEqual([[18 * 200_000, 200_000, false]]);
  });
});
