import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParseRecord } from '../../src/index.js';
import { classifyLine, INTERESTING_LINE } from '../../src/parse/classify-line.js';
import { LogParser } from '../../src/parse/log-parser.js';
import { cleanLine } from '../../src/read/clean-line.js';
import { type LineHandler, LineSplitter } from '../../src/read/line-splitter.js';
import { stripAnsi } from '../../src/read/strip-ansi.js';
import { unglue } from '../../src/read/unglue.js';
import { CORPUS, FIXTURES, SEED } from '../support/fixtures.js';

// Between reports the line splitter skips lines INTERESTING_LINE does not match (after removing
// colour codes, which could split words). That is exact only if every line the classifier gives
// a meaning there matches it. Go frame lines mean nothing outside an open Go report, nor hit
// lines outside a print_suppressions=1 block (the assembler reads them as program output), so
// they need not match.
function meaningful(raw: string): boolean {
  return unglue(cleanLine(raw).text).some((part) => {
    const type = classifyLine(part).type;
    return !['other', 'blank', 'go-call', 'go-source', 'suppression-hit'].includes(type);
  });
}

function matches(raw: string): boolean {
  INTERESTING_LINE.lastIndex = 0;
  return INTERESTING_LINE.test(stripAnsi(raw));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('INTERESTING_LINE', () => {
  it('matches every meaningful line of every fixture', () => {
    let checked = 0;
    for (const file of filesUnder(FIXTURES)) {
      for (const raw of readFileSync(file, 'utf8').split('\n')) {
        if (meaningful(raw)) {
          checked++;
          expect(matches(raw), `${file}: ${raw}`).toBe(true);
        }
      }
    }
    expect(checked).toBeGreaterThan(2000);
  });

  it('matches every meaningful line built from TSan words and noise', () => {
    const words = [
      'WARNING: ThreadSanitizer: data race (pid=1)',
      'SUMMARY: ThreadSanitizer: x',
      '==================',
      '#0 f a.c:1 (m+0x1)',
      '#12',
      'Write of size 4 at 0x1 by main thread:',
      'Previous atomic read of size',
      'Modifying access of T at 0x1 by thread T1:',
      'Location is stack of main thread.',
      'Location is ',
      "Thread T1 'n' (tid=1, running) created by main thread at:",
      'Thread T',
      'Mutex M0 (0x1) created at:',
      'Mutex M1 acquired here while holding mutex M0 in main thread:',
      'Cycle in lock order graph: M0 => M1 => M0',
      'As if synchronized via sleep:',
      'and:',
      'Hint: use TSAN_OPTIONS=x',
      'HINT: use TSAN_OPTIONS',
      'Signal 14 handler invoked at:',
      'And 2 more similar thread leaks.',
      '[failed to restore the stack]',
      'ThreadSanitizer: reported 2 warnings',
      'ERROR: ThreadSanitizer: SEGV',
      'Atomic',
      'Read',
      'Mutex',
      'Thread',
      '  ',
      '    ',
      '\t',
      '\r',
      '\x1b[1m',
      '\x1b[0m',
      '2026-11-29T07:00:00.1234567Z ',
      '==12==',
      'noise',
      ' ',
      '#',
      'x:',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 6 }), (parts) => {
        const raw = parts.join('');
        if (meaningful(raw)) expect(matches(raw), JSON.stringify(raw)).toBe(true);
      }),
      { seed: 20261129, numRuns: 20000 },
    );
  });

  it('passes over CI output that only looks like a needle: ctest numbers, option dumps', () => {
    for (const line of [
      '2026-11-29T07:00:00.0720274Z 17/17 Test  #17: stream_test ......   Passed    0.02 sec',
      '  TSAN_OPTIONS: halt_on_error=1 second_deadlock_stack=1',
      'fixed in PR #4521: see the changelog',
    ]) {
      expect(matches(line), line).toBe(false);
    }
    expect(
      matches('    Hint: use TSAN_OPTIONS=second_deadlock_stack=1 to get more informative'),
    ).toBe(true);
    expect(matches('    #17 main /src/a.c:3 (a.out+0x1234)')).toBe(true);
  });
});

describe('skipping uninteresting lines', () => {
  type Mode = 'every line' | 'regex' | 'skipper';

  function parse(text: string | Buffer, mode: Mode, chunkBytes: number): ParseRecord[] {
    const records: ParseRecord[] = [];
    const parser = new LogParser('x.log', (r) => records.push(r));
    const handler: LineHandler =
      mode !== 'every line'
        ? parser
        : { line: (t, n) => parser.line(t, n), overlong: (n, d) => parser.overlong(n, d) };
    const splitter = new LineSplitter(handler, { skipLines: mode === 'skipper' });
    const bytes = typeof text === 'string' ? Buffer.from(text) : text;
    for (let at = 0; at < bytes.length; at += chunkBytes)
      splitter.write(bytes.subarray(at, at + chunkBytes));
    splitter.end();
    parser.finish();
    return records;
  }

  const noise = Array.from(
    { length: 300 },
    (_, i) =>
      `2026-11-29T07:00:00.${String(i).padStart(7, '0')}Z ${i % 3 === 0 ? '\x1b[0;32m[ RUN      ]\x1b[m' : '[ RUN      ]'} Suite.Case${i}`,
  ).join('\n');

  it('gives the same records as reading every line, whatever the chunk size', () => {
    const texts = [
      readFileSync(SEED, 'utf8'),
      `${noise}\n${readFileSync(join(CORPUS, 'examples/out/heap_mutex.clang19.txt'), 'utf8')}${noise}\n${readFileSync(join(CORPUS, 'examples/out/deadlock.gcc.txt'), 'utf8')}${noise}`,
      readFileSync(join(CORPUS, 'clusterfuzz/tsan_use_after_free.log'), 'utf8'),
      readFileSync(join(CORPUS, 'cpython-issue/121751.log'), 'utf8'),
    ];
    for (const text of texts) {
      const expected = parse(text, 'every line', 1 << 20);
      expect(expected.length).toBeGreaterThan(0);
      for (const chunk of [1 << 20, 4096, 97, 7]) {
        expect(parse(text, 'skipper', chunk)).toEqual(expected);
        expect(parse(text, 'regex', chunk)).toEqual(expected);
      }
    }
  });

  it('gives the same records on every fixture, with noise, colour and broken UTF-8 between reports', () => {
    let compared = 0;
    for (const file of filesUnder(FIXTURES)) {
      const body = readFileSync(file);
      const text = Buffer.concat([
        Buffer.from(`${noise}\n`),
        body,
        Buffer.from(`\n\xff\xc3\n${noise}\n\x1b]0;title\x07x\n`, 'latin1'),
        body,
      ]);
      const expected = parse(text, 'every line', 1 << 20);
      for (const chunk of [1 << 20, 1000, 61]) {
        expect(parse(text, 'skipper', chunk), `${file} in chunks of ${chunk}`).toEqual(expected);
      }
      compared += expected.length;
    }
    expect(compared).toBeGreaterThan(400);
  });
});
