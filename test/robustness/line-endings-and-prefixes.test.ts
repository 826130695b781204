/**
 * Line-level noise must not change what is read: real reports transformed by line endings,
 * progress-bar overwrites, colour codes, CI and runtime prefixes and indentation changes parse
 * to exactly the same records as the clean text (the transforms keep every line where it was,
 * so even line numbers and diagnostics must match).
 */
import { describe, expect, it } from 'vitest';
import { type ParseRecord, parseText } from '../../src/index.js';
import {
  example,
  experiment,
  linesOf,
  prng,
  randomInt,
  reportsOf,
  seedText,
} from '../support/robust-helpers.js';

const FILE = 'log.txt';

const SOURCES: readonly { readonly name: string; readonly text: () => string }[] = [
  ...[
    'race.gcc.txt',
    'race.clang19.txt',
    'heap_mutex.gcc.txt',
    'heap_mutex.clang19.txt',
    'deadlock.gcc.txt',
    'deadlock.clang19.txt',
    'leak.gcc.txt',
    'leak.clang19.txt',
    'mutexbugs.gcc.txt',
    'mutexbugs.clang19.txt',
    'signal.clang19.txt',
    'errno.gcc.txt',
    'errno.clang19.txt',
    'uaf.gcc.txt',
    'fd.clang19.txt',
    'sleep.gcc.txt',
    'stackloc.clang19.txt',
    'nested.gcc.txt',
    'vptr.clang19.txt',
  ].map((name) => ({ name, text: () => example(name) })),
  { name: 'seed', text: seedText },
];

const ESC = '\x1b';
const RESET = `${ESC}[1m${ESC}[0m`;
const RED = `${ESC}[1m${ESC}[31m`;
const BLUE = `${ESC}[1m${ESC}[34m`;
const CYAN = `${ESC}[1m${ESC}[36m`;
const GREEN = `${ESC}[1m${ESC}[32m`;
const MAGENTA = `${ESC}[1m${ESC}[35m`;
const YELLOW = `${ESC}[1m${ESC}[33m`;

/**
 * The colour TSan's decorator writes before a line (color=always), and how many lines later
 * its reset lands: the reset is written after the newline, so it starts the next line, or the
 * line after the blank line for the sections that print `\n\n` themselves.
 */
function colourOf(line: string): { readonly code: string; readonly resetAfter: number } | null {
  const text = line.trim();
  if (text.startsWith('WARNING: ThreadSanitizer:')) return { code: RED, resetAfter: 1 };
  if (/^(?:Previous )?(?:[Aa]tomic )?(?:[Ww]rite|[Rr]ead) of size /.test(text)) {
    return { code: BLUE, resetAfter: 1 };
  }
  if (/^Thread T\d+/.test(text)) return { code: CYAN, resetAfter: 1 };
  if (/^Location is (?:global|stack|TLS) /.test(text)) return { code: GREEN, resetAfter: 2 };
  if (text.startsWith('Location is ')) return { code: GREEN, resetAfter: 1 };
  if (/^Mutex M\d+/.test(text)) return { code: MAGENTA, resetAfter: 1 };
  if (text.startsWith('As if synchronized via sleep')) return { code: YELLOW, resetAfter: 1 };
  return null;
}

function colourise(lines: readonly string[]): string[] {
  const out = [...lines];
  lines.forEach((line, i) => {
    const colour = colourOf(line);
    if (!colour) return;
    out[i] = `${colour.code}${out[i]}`;
    const resetAt = i + colour.resetAfter;
    if (resetAt < out.length) out[resetAt] = `${RESET}${out[resetAt]}`;
  });
  return out;
}

const PROGRESS = 'progress 10%\rprogress 20%\r';

/** Leading spaces to tabs, two spaces a tab (a three-space indent keeps its odd space). */
function tabify(line: string): string {
  const indent = /^ */.exec(line)?.[0].length ?? 0;
  return `${'\t'.repeat(Math.floor(indent / 2))}${' '.repeat(indent % 2)}${line.slice(indent)}`;
}

const CI_PREFIXES: readonly { readonly name: string; readonly prefix: string }[] = [
  { name: 'GitHub Actions', prefix: '2026-11-29T07:00:00.1234567Z ' },
  { name: 'Buildkite/Jenkins bracketed timestamp', prefix: '[2026-11-29T07:00:00.000Z] ' },
  { name: 'plain clock', prefix: '12:34:56 ' },
  { name: 'Kubernetes CRI', prefix: '2026-11-29T07:00:00.123456789Z stderr F ' },
  { name: 'docker compose', prefix: 'worker_1  | ' },
  { name: 'ctest', prefix: '12: ' },
  { name: 'Mozilla mozharness', prefix: '04:48:03     INFO -  ' },
  { name: 'Mozilla mozharness with a process tag', prefix: '04:48:03     INFO -  GECKO(2516) | ' },
];

type Transform = (lines: readonly string[]) => string;

const lf = (lines: readonly string[]) => lines.map((line) => `${line}\n`).join('');
const perLine =
  (f: (line: string) => string): Transform =>
  (lines) =>
    lf(lines.map(f));

const TRANSFORMS: readonly { readonly name: string; readonly apply: Transform }[] = [
  { name: 'CRLF line endings', apply: (lines) => lines.map((line) => `${line}\r\n`).join('') },
  {
    name: 'lone CR progress overwrites before every non-blank line',
    apply: perLine((line) => (line.length > 0 ? `${PROGRESS}${line}` : line)),
  },
  {
    name: 'progress overwrites with CRLF endings',
    apply: (lines) => lines.map((line) => `${line.length > 0 ? PROGRESS : ''}${line}\r\n`).join(''),
  },
  {
    name: 'ANSI colours as TSan writes them (color=always)',
    apply: (lines) => lf(colourise(lines)),
  },
  ...CI_PREFIXES.map(({ name, prefix }) => ({
    name: `${name} prefix (${JSON.stringify(prefix)})`,
    apply: perLine((line) => `${prefix}${line}`),
  })),
  { name: '==PID== prefix on every line', apply: perLine((line) => `==1234==${line}`) },
  { name: 'tabs instead of indentation', apply: perLine(tabify) },
  { name: 'indentation stripped (copy/paste)', apply: perLine((line) => line.trimStart()) },
  {
    name: 'indentation as non-breaking spaces (HTML copy/paste)',
    apply: perLine((line) => line.replace(/^ +/, (indent) => '\u00a0'.repeat(indent.length))),
  },
  { name: 'trailing spaces and tabs', apply: perLine((line) => `${line}  \t `) },
  {
    name: 'CI prefix, colours and ==PID== together',
    apply: (lines) =>
      colourise(lines)
        .map((line) => `2026-11-29T07:00:00.1234567Z ==1234==${line}\r\n`)
        .join(''),
  },
];

/** Several kinds of noise per line, chosen line by line with a fixed seed. */
function mixed(lines: readonly string[], seed: number): string {
  const random = prng(seed);
  const coloured = colourise(lines);
  return lines
    .map((line, i) => {
      // Colour codes are the program's own bytes: they come before the CI prefix is added.
      let text = random() < 0.5 ? (coloured[i] ?? line) : line;
      if (random() < 0.3) text = text.replace(/^((?:\x1b\[[0-9;]*m)*)/, '$1==1234==');
      const indent = randomInt(random, 3);
      if (indent === 1) text = tabify(text);
      else if (indent === 2) text = text.replace(/^((?:\x1b\[[0-9;]*m)*(?:==1234==)?)\s+/, '$1');
      if (line.length > 0 && random() < 0.2) text = `${PROGRESS}${text}`;
      const prefix = randomInt(random, CI_PREFIXES.length + 1);
      if (prefix < CI_PREFIXES.length) text = `${CI_PREFIXES[prefix]?.prefix ?? ''}${text}`;
      return `${text}${random() < 0.5 ? '\r\n' : '\n'}`;
    })
    .join('');
}

function parse(text: string): ParseRecord[] {
  return parseText(text, { file: FILE });
}

describe('line endings, colour codes and prefixes change nothing', () => {
  for (const source of SOURCES) {
    describe(source.name, () => {
      const text = source.text();
      const lines = linesOf(text);
      const expected = parse(text);

      it('parses to at least one complete report when clean', () => {
        const reports = reportsOf(expected);
        expect(reports.length).toBeGreaterThan(0);
        for (const report of reports) expect(report.truncated).toBe(false);
      });

      for (const transform of TRANSFORMS) {
        it(transform.name, () => {
          const transformed = transform.apply(lines);
          expect(transformed).not.toBe(text);
          expect(parse(transformed)).toEqual(expected);
        });
      }

      it('a mix of several of these per line (fixed seeds)', () => {
        let all = '';
        for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
          const transformed = mixed(lines, seed);
          all += transformed;
          expect(parse(transformed), `seed ${seed}`).toEqual(expected);
        }
        // The seeds between them exercise every kind of noise.
        for (const noise of [RED, RESET, '==1234==', '\r\n', '\t', PROGRESS, 'worker_1  | ']) {
          expect(all).toContain(noise);
        }
      });
    });
  }

  it('the real color=always capture (exp/color.txt) reads as its colourless text', () => {
    const captured = experiment('color.txt');
    expect(captured).toContain(`${RESET}${CYAN}  Thread T1`);
    const colourless = captured.replace(/\x1b\[[0-9;]*m/g, '');
    const reports = reportsOf(parse(captured));
    expect(reports).toHaveLength(1);
    expect(reports[0]?.kindId).toBe('thread-leak');
    expect(reports[0]?.threads[0]?.frames).toHaveLength(2);
    expect(parse(captured)).toEqual(parse(colourless));
  });
});
