import { describe, expect, it } from 'vitest';
import { LineFilter } from '../../src/read/line-filter.js';
import { LineSplitter, MAX_LINE_CHARS } from '../../src/read/line-splitter.js';
import { LineSkipper } from '../../src/read/skip-lines/line-skipper.js';

function split(chunks: readonly Buffer[]) {
  const lines: [string, number][] = [];
  const overlong: [number, number][] = [];
  const splitter = new LineSplitter({
    line: (text, n) => lines.push([text, n]),
    overlong: (n, dropped) => overlong.push([n, dropped]),
  });
  for (const chunk of chunks) splitter.write(chunk);
  splitter.end();
  return { lines, overlong };
}

describe('LineSplitter', () => {
  it('numbers lines from 1 and keeps a last line without a newline', () => {
    expect(split([Buffer.from('a\nb\n\nc')]).lines).toEqual([
      ['a', 1],
      ['b', 2],
      ['', 3],
      ['c', 4],
    ]);
  });

  it('gives the same lines whatever the chunk boundaries, multi-byte characters included', () => {
    const text = 'héllo wörld\n#0 ƒ(x) ünïcode.c:3 (m+0x1)\n\n漢字\n';
    const whole = split([Buffer.from(text)]).lines;
    const bytes = Buffer.from(text);
    const oneByte = split([...bytes].map((b) => Buffer.from([b]))).lines;
    expect(oneByte).toEqual(whole);
    expect(whole.map(([t]) => t)).toEqual([
      'héllo wörld',
      '#0 ƒ(x) ünïcode.c:3 (m+0x1)',
      '',
      '漢字',
    ]);
  });

  it('replaces invalid UTF-8 instead of failing', () => {
    expect(split([Buffer.from([0x61, 0xff, 0xfe, 0x0a, 0x62])]).lines).toEqual([
      ['a\ufffd\ufffd', 1],
      ['b', 2],
    ]);
  });

  it('keeps the head of an over-long line and says how much was dropped', () => {
    const long = 'x'.repeat(MAX_LINE_CHARS + 10);
    const { lines, overlong } = split([
      Buffer.from(`${long.slice(0, 5000)}`),
      Buffer.from(`${long.slice(5000)}\nnext\n`),
    ]);
    expect(lines).toHaveLength(2);
    expect(lines[0]![0].length).toBe(MAX_LINE_CHARS);
    expect(lines[1]).toEqual(['next', 2]);
    expect(overlong).toEqual([[1, 10]]);
  });

  it('handles an over-long line within one chunk', () => {
    const { lines, overlong } = split([Buffer.from(`${'y'.repeat(MAX_LINE_CHARS + 3)}\nz`)]);
    expect(lines.map(([t, n]) => [t.length, n])).toEqual([
      [MAX_LINE_CHARS, 1],
      [1, 2],
    ]);
    expect(overlong).toEqual([[1, 3]]);
  });

  it.each([true, false])(
    'finds an interesting line whose words are split by colour codes, and skips coloured noise (skipper: %s)',
    (skipLines) => {
      const passed: [string, number][] = [];
      const filter = new LineFilter(['ThreadSanitizer']);
      const splitter = new LineSplitter(
        {
          line: (text, n) => passed.push([text, n]),
          overlong: () => {},
          interestingLines: () => filter,
        },
        { skipLines },
      );
      const text =
        '\x1b[32m[ RUN ]\x1b[m a\nplain\n\x1b[1mWARNING: Thread\x1b[0mSanitizer: data race\n' +
        '\x1b[31mred\x1b[m\nlast ThreadSanitizer\n';
      splitter.write(Buffer.from(text));
      splitter.end();
      expect(passed).toEqual([
        ['\x1b[1mWARNING: Thread\x1b[0mSanitizer: data race', 3],
        ['last ThreadSanitizer', 5],
      ]);
    },
  );

  it.each([true, false])(
    'passes only lines with a whole needle: the skipper finds `#1`, the text path wants `#1 ` (skipper: %s)',
    (skipLines) => {
      const passed: number[] = [];
      const filter = new LineFilter(['#\\d+ ']);
      const splitter = new LineSplitter(
        { line: (_, n) => passed.push(n), overlong: () => {}, interestingLines: () => filter },
        { skipLines },
      );
      splitter.write(
        Buffer.from('16/17 Test  #16: latch_test\n    #12 main a.c:3\nissue #4:\nsee #77 here\n'),
      );
      splitter.end();
      expect(passed).toEqual([2, 4]);
    },
  );

  it.skipIf(LineSkipper.create() === null)(
    'hands the rest of a window back to the skipper when the handler stops reading every line',
    () => {
      // Counts the characters the text path's regex searches: with the skipper at work it only
      // judges the lines the skipper found, never the noise after a report.
      const searched = { chars: 0 };
      class CountingPattern extends RegExp {
        override exec(text: string): RegExpExecArray | null {
          searched.chars += text.length - this.lastIndex;
          return super.exec(text);
        }
      }
      const filter = new LineFilter(['START']);
      Object.defineProperty(filter, 'pattern', { value: new CountingPattern(filter.pattern) });
      let readingEvery = 0;
      const passed: [string, number][] = [];
      const splitter = new LineSplitter({
        line: (text, n) => {
          passed.push([text, n]);
          if (readingEvery > 0) readingEvery--;
          else if (text.startsWith('START')) readingEvery = 2;
        },
        overlong: () => {},
        interestingLines: () => (readingEvery > 0 ? null : filter),
      });
      const noise = (from: number, count: number) =>
        Array.from(
          { length: count },
          (_, i) => `noise line ${from + i} of the build output\n`,
        ).join('');
      splitter.write(
        Buffer.from(
          `${noise(1, 200)}START 1\nbody a\nbody b\n${noise(204, 3000)}START 2\nbody c\nbody d\n${noise(3207, 10)}`,
        ),
      );
      splitter.end();
      expect(passed).toEqual([
        ['START 1', 201],
        ['body a', 202],
        ['body b', 203],
        ['START 2', 3204],
        ['body c', 3205],
        ['body d', 3206],
      ]);
      expect(splitter.linesRead).toBe(3216);
      expect(searched.chars).toBeLessThanOrEqual('START 1\nSTART 2\n'.length);
    },
  );
});
