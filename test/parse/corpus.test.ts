import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Access, parseText, type Report } from '../../src/index.js';
import {
  CORPUS,
  corpusManifest,
  diagnosticsOf,
  EXAMPLE_PROGRAMS,
  type ExpectedAccess,
  reportsOf,
} from '../support/fixtures.js';

// Acceptance 2 of the parser issue: real reports collected from public issues and peer test
// suites, many cut short by how they were collected, each with its ground truth.
const manifest = corpusManifest();
const tsanEntries = manifest.filter((e) => e.tool === 'tsan-llvm' || e.tool === 'tsan-gcc');

function parseEntry(file: string) {
  const text = readFileSync(join(CORPUS, file), 'utf8');
  return { text, records: parseText(text, { file }) };
}

/** `Previous atomic write of size 8` as TSan printed it, rebuilt from the parsed access. */
function accessKind(access: Access): string {
  if (access.objectType !== undefined) {
    const verb = access.op === 'write' ? 'odifying' : 'ead-only';
    const head = access.previous
      ? `Previous ${verb[0] === 'o' ? 'm' : 'r'}${verb}`
      : `${access.op === 'write' ? 'M' : 'R'}${verb}`;
    return `${head} access of ${access.objectType}`;
  }
  const op = access.atomic ? `atomic ${access.op}` : access.op;
  const text = access.previous ? `Previous ${op}` : op[0]!.toUpperCase() + op.slice(1);
  return `${text} of size ${access.size}`;
}

function expectAccesses(report: Report, expected: readonly ExpectedAccess[], file: string): void {
  expected.forEach((want, i) => {
    const got = report.accesses[i];
    expect(got, `${file}: access ${i}`).toBeDefined();
    if (!got) return;
    expect(accessKind(got), `${file}: access ${i} kind`).toBe(want.kind);
    if (want.thread !== '?') {
      expect(got.thread, `${file}: access ${i} thread`).toBe(
        want.thread === 'main thread' ? 'main' : want.thread,
      );
    }
    expectFunction(got.frames[0]?.function ?? null, want.top_function, `${file}: access ${i}`);
    if (want.mutexes !== undefined) {
      expect(got.mutexes.map((m) => `${m.mode} ${m.id}`).join(', ')).toBe(want.mutexes);
    }
  });
}

/**
 * The manifest elides long names (`__thread_proxy<...>`, `closure.4...`) and notes what only the
 * issue text says (`free (per issue text: ...)`, for stacks cut from the stored copy).
 */
function expectFunction(got: string | null, want: string, where: string): void {
  const noted = want.indexOf(' (per issue text');
  if (noted !== -1) {
    if (got !== null) expect(got, where).toBe(want.slice(0, noted));
    return;
  }
  const elided = want.indexOf('...');
  if (elided !== -1) {
    expect(got?.startsWith(want.slice(0, elided).trimEnd()), `${where}: ${got} vs ${want}`).toBe(
      true,
    );
    return;
  }
  expect(got, where).toBe(want);
}

describe('the real-world corpus', () => {
  it('has the TSan logs the acceptance names', () => {
    expect(tsanEntries.length).toBeGreaterThanOrEqual(80);
  });

  describe.each(tsanEntries.map((e) => [e.file, e] as const))('%s', (file, entry) => {
    const { text, records } = parseEntry(file);
    const reports = reportsOf(records);
    const diagnostics = diagnosticsOf(records);

    it('yields as many reports as the manifest counts', () => {
      expect(reports).toHaveLength(entry.reports);
    });

    it('reads the kinds and accesses the manifest gives', () => {
      const kinds = entry.expect?.report_kinds ?? [];
      // A leading fragment's kind is listed first, but it has no headline to read.
      const whole = entry.leading_fragment ? kinds.slice(kinds.length - entry.reports) : kinds;
      if (whole.every((k) => !k.includes('('))) {
        expect(reports.map((r) => r.kind)).toEqual(whole);
      }
      const first = reports[0];
      if (entry.expect?.accesses && first) expectAccesses(first, entry.expect.accesses, file);
      if (entry.expect?.second_report_accesses && first) {
        expectAccesses(first, entry.expect.second_report_accesses, file);
      }
      if (entry.expect?.summary_function && first?.summary) {
        expect(first.summaryFunction).toBe(entry.expect.summary_function);
      }
      if (entry.expect?.location?.startsWith('global ') && first) {
        expect(first.location).toMatchObject({
          type: 'global',
          name: entry.expect.location.slice(8, -1),
        });
      }
    });

    it('marks a report cut by the end of the file as truncated', () => {
      const last = reports[reports.length - 1];
      if (!last) return;
      const tail = text.trimEnd().split('\n').slice(-1)[0]!.trim();
      const endsCleanly =
        tail.endsWith('==================') ||
        tail.startsWith('SUMMARY:') ||
        tail.startsWith('ThreadSanitizer: reported');
      if (!endsCleanly && last.summary === null) {
        expect(last.truncated).toBe(true);
        expect(last.diagnostics.some((d) => d.code === 'truncated-report')).toBe(true);
      }
      for (const report of reports) {
        if (report.truncated) expect(report.summary).toBeNull();
      }
    });

    it('reports a leading fragment as a diagnostic with file and line', () => {
      const fragments = diagnostics.filter((d) => d.code === 'fragment');
      if (entry.leading_fragment) {
        expect(fragments.length).toBeGreaterThan(0);
        const fragment = fragments[0]!;
        expect(fragment.file).toBe(file);
        expect(fragment.line).toBeGreaterThanOrEqual(1);
        if (entry.expect?.first_report_summary_function) {
          expect(fragment.message).toContain(`in ${entry.expect.first_report_summary_function}`);
        }
      }
    });
  });

  it('never throws on any file of the corpus, Go, KCSAN and runtime errors included', () => {
    for (const entry of manifest) {
      const { records } = parseEntry(entry.file);
      if (entry.tool === 'kcsan') expect(reportsOf(records), entry.file).toEqual([]);
      if (entry.tool.startsWith('go-race')) {
        // Go's race detector has its own layout: its reports say so.
        for (const report of reportsOf(records)) expect(report.runtime, entry.file).toBe('go');
      }
    }
  });

  it('reads every clean example of gcc 12 and clang 19 without diagnostics', () => {
    const examples = EXAMPLE_PROGRAMS;
    for (const name of examples) {
      for (const runtime of ['gcc', 'clang19']) {
        const file = `examples/out/${name}.${runtime}.txt`;
        const { records } = parseEntry(file);
        const reports = reportsOf(records);
        expect(reports.length, file).toBeGreaterThan(0);
        expect(diagnosticsOf(records), file).toEqual([]);
        for (const report of reports) {
          expect(report.truncated, file).toBe(false);
          expect(report.diagnostics, file).toEqual([]);
          expect(report.summary, file).not.toBeNull();
          expect(report.runtime, file).toBe(
            runtime === 'gcc' && name !== 'errno'
              ? 'gcc'
              : runtime === 'gcc'
                ? report.runtime
                : 'llvm',
          );
        }
      }
    }
  });
});
