/**
 * Logs cut short (killed processes, size caps, copy/paste) and logs that start part-way through
 * a report. Whatever survived must be kept, and the parser must say what was lost.
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  type DiagnosticRecord,
  type ParseRecord,
  parseText,
  type Report,
} from '../../src/index.js';
import {
  example,
  frameCount,
  joinLines,
  linesOf,
  reportsOf,
  seedText,
  shape,
} from '../support/robust-helpers.js';

const FILE = 'cut.log';
const SEPARATOR = '==================';
const HEADLINE = 'WARNING: ThreadSanitizer: ';

/** Real single-report logs: a race with glued frames (the seed), lock-order inversions, leaks. */
const SOURCES: readonly { readonly name: string; readonly text: () => string }[] = [
  { name: 'seed', text: seedText },
  ...[
    'deadlock.gcc.txt',
    'deadlock.clang19.txt',
    'leak.gcc.txt',
    'leak.clang19.txt',
    'race.clang19.txt',
    'heap_mutex.gcc.txt',
    'uaf.gcc.txt',
    'dbl.clang19.txt',
    'fd.clang19.txt',
  ].map((name) => ({ name, text: () => example(name) })),
];

function parse(text: string): ParseRecord[] {
  return parseText(text, { file: FILE });
}

/**
 * Frames a physical line carries: a frame line, plus the frames glued onto it after a run of
 * spaces (the seed has such lines). Counted by text, not by the parser.
 */
function framesOnLine(line: string): number {
  return (line.match(/(?:^\s*|\s{2,})#\d+ \S/g) ?? []).length;
}

interface Layout {
  readonly lines: readonly string[];
  readonly headline: number;
  readonly summary: number;
  readonly closing: number;
}

function layout(text: string): Layout {
  const lines = linesOf(text);
  const headline = lines.findIndex((l) => l.startsWith(HEADLINE));
  const summary = lines.findIndex((l, i) => i > headline && l.startsWith('SUMMARY: '));
  const closing = lines.indexOf(SEPARATOR, headline);
  return { lines, headline, summary, closing };
}

function singleReport(records: readonly ParseRecord[]): Report {
  const reports = reportsOf(records);
  expect(reports).toHaveLength(1);
  return reports[0] as Report;
}

function checkTruncationFlag(report: Report, truncated: boolean, where: string): void {
  expect(report.truncated, where).toBe(truncated);
  expect(
    report.diagnostics.some((d) => d.code === 'truncated-report'),
    where,
  ).toBe(truncated);
}

describe('a log cut after every line', () => {
  for (const source of SOURCES) {
    it(source.name, () => {
      const { lines, headline, summary, closing } = layout(source.text());
      expect(headline).toBeGreaterThanOrEqual(0);
      expect(summary).toBeGreaterThan(headline);
      expect(closing).toBeGreaterThan(summary);
      const full = singleReport(parse(joinLines(lines)));
      expect(full.truncated).toBe(false);
      let framesSoFar = 0;
      for (let last = 0; last < lines.length; last++) {
        const where = `cut after line ${last + 1}`;
        if (last > headline && last < closing) framesSoFar += framesOnLine(lines[last] ?? '');
        const records = parse(joinLines(lines.slice(0, last + 1)));
        if (last < headline) {
          expect(reportsOf(records), where).toEqual([]);
          continue;
        }
        const report = singleReport(records);
        expect(report.kind, where).toBe(full.kind);
        expect(report.pid, where).toBe(full.pid);
        // Complete once its SUMMARY (the last line of its body) or its separator was read.
        checkTruncationFlag(report, last < summary, where);
        expect(frameCount(report), where).toBeGreaterThanOrEqual(framesSoFar);
        if (last >= closing) expect(report, where).toEqual(full);
      }
    });
  }
});

describe('a log cut part-way through a line', () => {
  for (const source of SOURCES) {
    it(source.name, () => {
      const { lines, headline, summary, closing } = layout(source.text());
      const full = singleReport(parse(joinLines(lines)));
      let framesBefore = 0;
      for (let cut = 0; cut < lines.length; cut++) {
        const line = lines[cut] ?? '';
        const offsets = new Set([1, 2, 5, 13, Math.floor(line.length / 2), line.length - 1]);
        for (const offset of offsets) {
          if (offset <= 0 || offset >= line.length) continue;
          const where = `line ${cut + 1} cut after ${offset} characters`;
          const text = `${joinLines(lines.slice(0, cut))}${line.slice(0, offset)}`;
          const records = parse(text);
          const reports = reportsOf(records);
          if (cut < headline) {
            expect(reports, where).toEqual([]);
            continue;
          }
          if (cut === headline) {
            // A cut headline may or may not still be recognised; it is never two reports.
            expect(reports.length, where).toBeLessThanOrEqual(1);
            if (reports.length === 1) checkTruncationFlag(reports[0] as Report, true, where);
            continue;
          }
          const report = singleReport(records);
          expect(report.kind, where).toBe(full.kind);
          // Cut inside the body: the report did not end. Cut inside the closing separator: it
          // had ended with its SUMMARY. After the separator it is whole. (A cut inside the
          // SUMMARY line itself has its own test below.)
          if (cut < summary) checkTruncationFlag(report, true, where);
          else if (cut > summary && cut <= closing) checkTruncationFlag(report, false, where);
          else if (cut > closing) expect(report, where).toEqual(full);
          expect(frameCount(report), where).toBeGreaterThanOrEqual(framesBefore);
        }
        if (cut > headline && cut < closing) framesBefore += framesOnLine(line);
      }
    });
  }

  it('a headline cut after its kind keeps the kind (its pid is unknown)', () => {
    const { lines, headline } = layout(example('deadlock.clang19.txt'));
    const line = lines[headline] ?? '';
    const kind = 'lock-order-inversion (potential deadlock)';
    expect(line).toBe(`${HEADLINE}${kind} (pid=12848)`);
    for (let offset = HEADLINE.length + kind.length; offset < line.length; offset++) {
      const text = `${joinLines(lines.slice(0, headline))}${line.slice(0, offset)}`;
      const report = singleReport(parse(text));
      const where = JSON.stringify(line.slice(0, offset));
      expect(report.kind, where).toBe(kind);
      expect(report.kindId, where).toBe('lock-order-inversion');
      expect(report.pid, where).toBe(null);
      expect(report.truncated, where).toBe(true);
    }
  });

  it('a SUMMARY line cut short does not make a report complete', () => {
    const { lines, summary } = layout(example('race.clang19.txt'));
    const line = lines[summary] ?? '';
    expect(line).toBe('SUMMARY: ThreadSanitizer: data race /home/dev/src/race.c:7:39 in Thread2');
    const text = `${joinLines(lines.slice(0, summary))}${line.slice(0, -3)}`; // `... in Thre`
    const report = singleReport(parse(text));
    expect(report.truncated).toBe(true);
  });
});

describe('a log cut after every line, then another whole report', () => {
  // A killed process, a halted run or lost lines: the next report's opening separator and
  // headline follow the cut. The cut report is truncated; the next one is whole.
  const NEXT = example('race.clang19.txt');
  for (const source of SOURCES) {
    it(source.name, () => {
      const { lines, headline, summary } = layout(source.text());
      const wrong: string[] = [];
      for (const next of [NEXT, source.text()]) {
        const [expectedNext] = reportsOf(parse(next));
        for (let last = headline; last < summary; last++) {
          const reports = reportsOf(parse(`${joinLines(lines.slice(0, last + 1))}${next}`));
          const pid = next === NEXT ? 'another pid' : 'same pid';
          if (reports.length !== 2) {
            wrong.push(`${last + 1} (${pid}): ${reports.length} reports`);
            continue;
          }
          // Records come out as reports end: find each by its headline's line.
          const cut = reports.find((r) => r.source.line === headline + 1);
          const whole = reports.find((r) => r.source.line !== headline + 1);
          if (!cut?.truncated) wrong.push(`${last + 1} (${pid}): not truncated`);
          if (!isDeepStrictEqual(whole && shape(whole), shape(expectedNext as Report))) {
            wrong.push(`${last + 1} (${pid}): next report differs`);
          }
        }
      }
      // `n (...)`: cut after line n, then the next report, gave a wrong result.
      expect(wrong).toEqual([]);
    });
  }
});

describe('a log of several reports cut after every line', () => {
  for (const name of [
    'mutexbugs.clang19.txt',
    'mutexbugs.gcc.txt',
    'signal.clang19.txt',
    'nested.gcc.txt',
  ]) {
    it(name, () => {
      const lines = linesOf(example(name));
      const full = reportsOf(parse(joinLines(lines)));
      expect(full.length).toBeGreaterThan(1);
      for (let last = 0; last < lines.length; last++) {
        const where = `cut after line ${last + 1}`;
        const reports = reportsOf(parse(joinLines(lines.slice(0, last + 1))));
        const headlines = lines.slice(0, last + 1).filter((l) => l.startsWith(HEADLINE)).length;
        expect(reports.length, where).toBe(headlines);
        // Every report but the last is whole; the last is whole once its SUMMARY was read.
        reports.forEach((report, i) => {
          if (i < reports.length - 1) expect(report, where).toEqual(full[i]);
        });
        const lastReport = reports[reports.length - 1];
        if (lastReport) {
          const summaryRead = lines
            .slice(lastReport.source.line, last + 1)
            .some((l) => l.startsWith('SUMMARY: '));
          checkTruncationFlag(lastReport, !summaryRead, where);
        }
      }
    });
  }
});

describe('a log that starts part-way through a report', () => {
  // Lines that can only come from inside a report (the oracle of this test, not the parser's).
  const REPORT_LIKE = [
    /^\s*#\d+ /,
    /^\s*(?:Previous )?(?:[Aa]tomic )?(?:[Ww]rite|[Rr]ead) of size \d+ at /,
    /^\s*Location is /,
    /^\s*Thread T\d+ .*created by /,
    /^\s*Mutex M\d+ /,
    /^\s*Cycle in lock order graph: /,
    /^\s*As if synchronized via sleep:/,
    /^\s*And \d+ more similar thread leaks?\./,
    /^\s*Hint: use TSAN_OPTIONS/,
    /^\s*and:$/,
    /^SUMMARY: ThreadSanitizer: /,
  ];

  function firstReportLike(lines: readonly string[]): number {
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] ?? '';
      if (line === SEPARATOR || line.startsWith(HEADLINE)) return -1;
      if (REPORT_LIKE.some((re) => re.test(line))) return i;
    }
    return -1;
  }

  function fragments(records: readonly ParseRecord[]): DiagnosticRecord[] {
    return records.filter(
      (r): r is DiagnosticRecord => r.type === 'diagnostic' && r.code === 'fragment',
    );
  }

  it('a fragment, then the complete reports after it', () => {
    const lines = linesOf(example('mutexbugs.clang19.txt'));
    const full = reportsOf(parse(joinLines(lines)));
    expect(full).toHaveLength(3);
    const firstHeadline = lines.findIndex((l) => l.startsWith(HEADLINE));
    const firstClosing = lines.indexOf(SEPARATOR, firstHeadline);
    for (let n = firstHeadline + 1; n < firstClosing; n++) {
      const where = `first ${n} lines cut`;
      const rest = lines.slice(n);
      const records = parse(joinLines(rest));
      const found = fragments(records);
      expect(found.length, where).toBe(1);
      expect(found[0]?.line, where).toBe(firstReportLike(rest) + 1);
      expect(reportsOf(records).map(shape), where).toEqual(full.slice(1).map(shape));
      // `reported 3 warnings`: the fragment and the two reports.
      expect(
        records.filter((r) => r.type === 'diagnostic' && r.code === 'report-count-mismatch'),
        where,
      ).toEqual([]);
    }
  });

  for (const source of SOURCES) {
    it(`${source.name}: the first N lines cut off, for every N`, () => {
      const { lines, headline } = layout(source.text());
      for (let n = headline + 1; n <= lines.length; n++) {
        const where = `first ${n} lines cut`;
        const rest = lines.slice(n);
        const records = parse(joinLines(rest));
        expect(reportsOf(records), where).toEqual([]);
        const first = firstReportLike(rest);
        const found = fragments(records);
        if (first === -1) {
          expect(found, where).toEqual([]);
          continue;
        }
        expect(found.length, where).toBeGreaterThanOrEqual(1);
        const fragment = found[0] as DiagnosticRecord;
        expect(fragment.type).toBe('diagnostic');
        expect(fragment.file, where).toBe(FILE);
        expect(fragment.line, where).toBe(first + 1);
        expect(fragment.endLine ?? fragment.line, where).toBeGreaterThanOrEqual(fragment.line);
        expect(fragment.endLine ?? fragment.line, where).toBeLessThanOrEqual(rest.length);
      }
    });

    it(`${source.name}: cut part-way through the first line kept`, () => {
      const { lines, headline } = layout(source.text());
      for (let n = headline; n < lines.length; n++) {
        const line = lines[n] ?? '';
        for (const offset of [1, 3, 7, Math.floor(line.length / 2)]) {
          if (offset >= line.length) continue;
          const where = `start at line ${n + 1}, character ${offset}`;
          const rest = [line.slice(offset), ...lines.slice(n + 1)];
          const records = parse(joinLines(rest));
          expect(reportsOf(records), where).toEqual([]);
          for (const fragment of fragments(records)) {
            expect(fragment.file, where).toBe(FILE);
            expect(fragment.line, where).toBeGreaterThanOrEqual(1);
            expect(fragment.line, where).toBeLessThanOrEqual(rest.length);
          }
          // Frame lines that survive whole, before any separator, make a fragment.
          const closingInRest = rest.indexOf(SEPARATOR, 1);
          const body = rest.slice(1, closingInRest === -1 ? rest.length : closingInRest);
          if (body.some((l) => /^\s*#\d+ /.test(l))) {
            expect(fragments(records).length, where).toBeGreaterThanOrEqual(1);
          }
        }
      }
    });
  }
});
