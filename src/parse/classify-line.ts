import { parseAccessHeader } from './access-line.js';
import { parseFrameLine } from './frame-line.js';
import { FrameLineCache } from './frame-line-cache.js';
import { parseGoCall, parseGoSource } from './go-frame-line.js';
import {
  parseGoAccessHeader,
  parseGoFoundRaces,
  parseGoLocation,
  parseGoroutineHeader,
} from './go-section-line.js';
import type { LineToken } from './line-token.js';
import { parseLocationHeader } from './location-line.js';
import { parseCycle, parseEdgeHeader, parseMutexHeader } from './mutex-line.js';
import { frameStyle } from './runtime-evidence.js';
import { classifyRuntimeLine } from './runtime-line.js';
import { parseSuppressionHit } from './suppression-hit-line.js';
import { parseThreadHeader } from './thread-line.js';

const BLANK: LineToken = { type: 'blank' };
const SEPARATOR: LineToken = { type: 'separator' };
const OTHER: LineToken = { type: 'other' };
const SLEEP: LineToken = { type: 'sleep' };
const AND: LineToken = { type: 'and' };
const HINT: LineToken = { type: 'hint' };
const GO_HEADLINE: LineToken = { type: 'headline', kind: 'data race', pid: null, go: true };
const FAILED_RESTORE: LineToken = { type: 'failed-restore' };

/** Apple's module group names the architecture: `(python.exe:arm64+0x1001d4604)`. */
const ARCH_SUFFIX =
  /\([^()\s]*:[a-z][a-z0-9_]{1,15}\+0x[0-9a-fA-F]+\)(?: \(BuildId: [0-9a-fA-F]*\))?\s*$/;
const HEADLINE = 'WARNING: ThreadSanitizer: ';
const SEPARATOR_TEXT = '==================';

/** Re-exported for callers of the classifier; defined with its reasons in interesting-line.ts. */
export { INTERESTING_LINE } from './interesting-line.js';

/**
 * Classifies cleaned lines, as classifyLine does. Frame lines repeat: the same binary prints
 * the same `#N func file:line (module+0xoff)` in every report and every run (offsets, not
 * addresses), so each distinct frame line is parsed once and its immutable token shared.
 */
export class LineClassifier {
  private readonly frames = new FrameLineCache();

  /**
   * The token of a frame line seen before, asked with the line as read: a line the cache
   * holds starts with blanks or `#` and holds no escape or CR, so cleanLine() and unglue()
   * leave it as it is and classify() would give this token. Frames are most of a report's
   * lines: a hit skips cleaning and the glue check.
   */
  cached(line: string): LineToken | undefined {
    // Section headers are indented too: only a line whose first non-blank is `#` is looked up.
    return line.charCodeAt(firstNonBlank(line)) === 35 /* # */ ? this.frames.find(line) : undefined;
  }

  classify(line: string): LineToken {
    const start = firstNonBlank(line);
    if (isDigit(line.charCodeAt(start))) return classifyFromDigit(line);
    // Keyed by the line as printed, indentation included: a frame line repeats with its
    // indentation, and trimming every line first cost a copy of each.
    if (line.charCodeAt(start) !== 35 /* # */) {
      this.frames.interrupt();
      return classifyTrimmed(line.trim());
    }
    const known = this.frames.find(line);
    if (known !== undefined) return known;
    const token = classifyTrimmed(line.trim());
    // Not kept with an escape character: cached() answers for raw lines, which cleanLine
    // leaves as they are only when they hold none.
    if (token.type !== 'frame' || line.indexOf('\x1b') !== -1) return token;
    // Kept: parsed again from a copy of the line. The line is a slice of its whole chunk (a
    // megabyte of text), and the key and the frame's strings would keep that chunk alive.
    const copy = ownCopy(line);
    return this.frames.keep(copy, classifyTrimmed(copy.trim()));
  }
}

/**
 * A string that shares no memory with `text`: V8 flattens the concatenation into fresh
 * storage, so the slice of it refers to that and not to the chunk `text` was cut from.
 */
function ownCopy(text: string): string {
  return ` ${text}`.slice(1);
}

/** Index of the first character that is not a space or a tab (the length when none). */
function firstNonBlank(line: string): number {
  let i = 0;
  while (i < line.length) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9) break;
    i++;
  }
  return i;
}

/**
 * Classifies one cleaned line. Indentation is not trusted (copy/paste collapses it); each
 * construct is recognised by its words, after a cheap dispatch on the first character so that
 * ordinary output costs one or two comparisons.
 */
export function classifyLine(line: string): LineToken {
  if (isDigit(line.charCodeAt(firstNonBlank(line)))) return classifyFromDigit(line);
  return classifyTrimmed(line.trim());
}

/**
 * No construct of a report starts with a digit; a print_suppressions=1 hit line does. It is
 * read before trimming, so that its pattern keeps trailing spaces. Headlines and separators
 * glued after it win, as everywhere.
 */
function classifyFromDigit(line: string): LineToken {
  const text = line.trimStart();
  if (!text.endsWith(SEPARATOR_TEXT) && text.indexOf(HEADLINE) === -1) {
    const hit = parseSuppressionHit(text);
    if (hit) return { type: 'suppression-hit', hit };
  }
  return classifyTrimmed(text.trimEnd());
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function classifyTrimmed(text: string): LineToken {
  if (text.length === 0) return BLANK;
  const first = text.charCodeAt(0);
  switch (first) {
    case 35 /* # */:
      {
        const frame = parseFrameLine(text);
        if (frame)
          return ARCH_SUFFIX.test(text)
            ? { type: 'frame', frame, arch: true, style: frameStyle(frame, true) }
            : { type: 'frame', frame, style: frameStyle(frame, false) };
        break;
      }
    case 61 /* = */:
      if (text === SEPARATOR_TEXT) return SEPARATOR;
      break;
    case 91 /* [ */:
      if (text === '[failed to restore the stack]') return FAILED_RESTORE;
      break;
    default:
      break;
  }
  if (text.endsWith(SEPARATOR_TEXT) && text.charCodeAt(text.length - 19) !== 61) {
    return SEPARATOR; // another writer's unfinished line glued before the separator
  }
  if (text.indexOf('ThreadSanitizer') !== -1) return classifyRuntimeLine(text);
  const go = classifyGoFrameLine(text);
  if (go !== null) return go;
  return classifySection(text, first);
}

function classifySection(text: string, first: number): LineToken {
  switch (first) {
    case 87 /* W */:
    case 82 /* R */:
    case 65 /* A */:
    case 80 /* P */:
    case 77 /* M */:
      {
        const access = parseAccessHeader(text);
        if (access) return { type: 'access', header: access };
        const go =
          first === 87 || first === 82 || first === 80 ? classifyGoSection(text, first) : null;
        if (go) return go;
        if (first === 77) {
          const mutex = parseMutexHeader(text);
          if (mutex) return { type: 'mutex', header: mutex };
          const edge = parseEdgeHeader(text);
          if (edge) return { type: 'edge', header: edge };
          if (/^Mutex M\d/.test(text) || text.startsWith('Modifying access of')) {
            return unrecognized(text);
          }
        }
        if (first === 65) {
          if (text === 'As if synchronized via sleep:') return SLEEP;
          const leaks = /^And (\d{1,12}) more similar thread leaks?\.$/.exec(text);
          if (leaks) return { type: 'similar-leaks', count: Number(leaks[1]) };
        }
        if (
          (first === 87 || first === 82 || first === 80) &&
          /^(?:Previous |)(?:[Aa]tomic |)(?:[Ww]rite|[Rr]ead) of size |^(?:Previous |)(?:[Mm]odifying|[Rr]ead-only) access of /.test(
            text,
          )
        ) {
          return unrecognized(text);
        }
        return OTHER;
      }
    case 76 /* L */:
      {
        if (!text.startsWith('Location is ')) return OTHER;
        const location = parseLocationHeader(text);
        return location ? { type: 'location', location } : unrecognized(text);
      }
    case 84 /* T */:
      {
        if (!text.startsWith('Thread T')) return OTHER;
        const thread = parseThreadHeader(text);
        if (thread) return { type: 'thread', header: thread };
        return /^Thread T\d+ .*\((?:tid=\d+, )?(?:running|finished)\)/.test(text)
          ? unrecognized(text)
          : OTHER;
      }
    case 67 /* C */:
      {
        const cycle = parseCycle(text);
        if (cycle) return { type: 'cycle', cycle };
        return text.startsWith('Cycle in lock order graph:') ? unrecognized(text) : OTHER;
      }
    case 97 /* a */:
      return text === 'and:' ? AND : OTHER;
    case 72 /* H */:
      return text.startsWith('Hint: use TSAN_OPTIONS') || text.startsWith('HINT: use TSAN_OPTIONS')
        ? HINT
        : (classifyGoSection(text, first) ?? OTHER);
    case 70 /* F */:
    case 71 /* G */:
      return classifyGoSection(text, first) ?? OTHER;
    case 83 /* S */:
      {
        const signal = /^Signal (\d{1,3}) handler invoked at:$/.exec(text);
        if (signal) return { type: 'signal-handler', signal: Number(signal[1]) };
        return OTHER;
      }
    default:
      return OTHER;
  }
}

/** The two lines of a Go frame, told apart by their ends (`()`, `+0x3b`) before any regex. */
function classifyGoFrameLine(text: string): LineToken | null {
  const last = text.charCodeAt(text.length - 1);
  if (last === 41 /* ) */ && text.charCodeAt(text.length - 2) === 40 /* ( */) {
    const fn = parseGoCall(text);
    return fn === null ? null : { type: 'go-call', function: fn };
  }
  if (text.indexOf(' +0x') !== -1 || text.indexOf('.go:') !== -1) {
    const source = parseGoSource(text);
    return source === null ? null : { type: 'go-source', source };
  }
  return null;
}

/** Go's section lines, after TSan's did not match (they start with the same letters). */
function classifyGoSection(text: string, first: number): LineToken | null {
  switch (first) {
    case 87 /* W */:
      if (text === 'WARNING: DATA RACE') return GO_HEADLINE;
      break;
    case 70 /* F */:
      {
        const count = parseGoFoundRaces(text);
        return count === null ? null : { type: 'reported-warnings', count };
      }
    case 71 /* G */:
      {
        const header = parseGoroutineHeader(text);
        if (header !== null) return { type: 'thread', header };
        const location = parseGoLocation(text);
        return location === null ? null : { type: 'location', location };
      }
    case 72 /* H */:
      {
        const location = parseGoLocation(text);
        return location === null ? null : { type: 'location', location };
      }
    default:
      break;
  }
  const access = parseGoAccessHeader(text);
  return access === null ? null : { type: 'access', header: access };
}

function unrecognized(text: string): LineToken {
  return { type: 'unrecognized', text };
}
