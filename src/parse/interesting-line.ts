import { LineFilter } from '../read/line-filter.js';

/**
 * What can start something while no report, fragment or block is open: a needle found
 * somewhere in every line the classifier gives a meaning there. Between reports the line
 * splitter skips every line holding none of them without reading it; most of a CI log is
 * ordinary output, so this search is the parser's cost on CI logs (see read/line-filter.ts
 * for how it is done: WebAssembly on raw bytes, or a regex built from this list).
 *
 * How the list is chosen:
 * - Each needle is the shortest part of its construct that ordinary output rarely holds
 *   (`of size ` covers `Write of size`, `atomic read of size`, `Heap block of size`), and
 *   starts with fixed text (`\d` after a word only): the regex can then skip ahead.
 * - `#\d+ ` is a frame marker, digits then a space: ctest's `Test  #17: x` is not one. The
 *   skipper finds `#` and a digit; the text path drops the lines without the space.
 * - No Go frame lines (`main.f()`, `/a/b.go:12 +0x3b`): outside an open Go report they are
 *   program output (StreamAssembler.push), and they match a lot of ordinary output.
 * A test checks that every meaningful line of every fixture holds one (interesting-line.test.ts).
 * A new kind of line that can open something needs its needle here (docs/parser.md).
 */
export const INTERESTING_NEEDLES: readonly string[] = [
  'ThreadSanitizer',
  'Thread T\\d',
  'use TSAN_OPTIONS',
  '==================',
  '#\\d+ ',
  'of size ',
  'access of ',
  'Location is ',
  'Mutex M\\d',
  'Cycle in lock',
  'As if synchronized',
  'and:',
  '[failed to restore',
  'handler invoked at:',
  'more similar thread leak',
  'DATA RACE',
  'oroutine',
  'data race(',
  'Global var ',
  ' at 0x',
];

export const INTERESTING_LINES = new LineFilter(INTERESTING_NEEDLES);

/** The needles as one global regex (INTERESTING_LINES.pattern). */
export const INTERESTING_LINE: RegExp = INTERESTING_LINES.pattern;
