import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../src/index.js';
import { CORPUS, reportsOf } from '../support/fixtures.js';

// Findings from real logs (issue 12), each read from the shape it was found in.

/** A report as pasted into a bug report: no separators around it. */
const PASTED = [
  'I see this when running the tests:',
  '',
  'WARNING: ThreadSanitizer: data race (pid=98545)',
  '  Write of size 8 at 0x000102f27828 by main thread:',
  '    #0 _PyFaulthandler_Fini /src/Modules/faulthandler.c:1509:5 (python+0x1d4604)',
  '    #1 _Py_Finalize /src/Python/pylifecycle.c:2489:3 (python+0x199fe8)',
  '',
  '  Previous read of size 8 at 0x000102f27828 by thread T41:',
  '    #0 faulthandler_thread /src/Modules/faulthandler.c:714:9 (python+0x1d7100)',
  '',
  'SUMMARY: ThreadSanitizer: data race /src/Modules/faulthandler.c:1509:5 in _PyFaulthandler_Fini',
];

describe('a report whose SUMMARY was read is complete without its closing separator', () => {
  it('when the paste ends after the SUMMARY line', () => {
    const [report] = reportsOf(parseText(`${PASTED.join('\n')}\n`));
    expect(report?.truncated).toBe(false);
    expect(report?.diagnostics).toEqual([]);
    expect(report?.source).toMatchObject({ line: 3, endLine: 11 });
  });

  it('when prose follows it, or the next report of the same process', () => {
    for (const after of [
      ['', 'Any idea? This happens on every run.'],
      ['WARNING: ThreadSanitizer: data race (pid=98545)', ...PASTED.slice(3)],
    ]) {
      const reports = reportsOf(parseText(`${[...PASTED, ...after].join('\n')}\n`));
      expect(reports[0]?.truncated, after[0]).toBe(false);
      expect(reports[0]?.summary).toContain('in _PyFaulthandler_Fini');
    }
  });

  it('but a report that ends before its SUMMARY is cut short', () => {
    const [report] = reportsOf(parseText(`${PASTED.slice(0, 9).join('\n')}\n`));
    expect(report?.truncated).toBe(true);
    expect(report?.diagnostics.map((d) => d.code)).toEqual(['truncated-report']);
  });
});

describe('a race report in which no access has a frame is flagged, not grouped as <unknown>', () => {
  // Two processes wrote into one stream; all the frame lines of pid 7's report went missing.
  const INTERLEAVED = [
    '==================',
    'WARNING: ThreadSanitizer: data race (pid=7)',
    '  Write of size 4 at 0x7b0400000010 by thread T1:',
    '  Previous read of size 4 at 0x7b0400000010 by main thread:',
    '',
    'SUMMARY: ThreadSanitizer: data race (/app/bin/server+0x4f1a2)',
    '==================',
  ];

  it('is truncated, with a diagnostic on its headline saying why', () => {
    const [report] = reportsOf(parseText(`${INTERLEAVED.join('\n')}\n`, { file: 'ci.log' }));
    expect(report?.accesses.map((a) => a.frames.length)).toEqual([0, 0]);
    expect(report?.truncated).toBe(true);
    expect(report?.diagnostics).toEqual([
      expect.objectContaining({ code: 'truncated-report', file: 'ci.log', line: 2 }),
    ]);
    expect(report?.diagnostics[0]?.message).toMatch(/no access of this report has a frame/);
  });

  it('but an old access TSan could not restore is not damage', () => {
    const text = [
      'WARNING: ThreadSanitizer: data race (pid=7)',
      '  Write of size 4 at 0x7b0400000010 by thread T1:',
      '    #0 worker /src/w.c:12:5 (server+0x4f1a2)',
      '',
      '  Previous read of size 4 at 0x7b0400000010 by main thread:',
      '    [failed to restore the stack]',
      '',
      'SUMMARY: ThreadSanitizer: data race /src/w.c:12:5 in worker',
      '==================',
    ].join('\n');
    const [report] = reportsOf(parseText(`${text}\n`));
    expect(report?.truncated).toBe(false);
    expect(report?.accesses[1]?.stackRestored).toBe(false);
  });
});

describe("Apple's runtime", () => {
  it('is recognised in a macOS report (cpython-issue/149043.log)', () => {
    const file = join(CORPUS, 'cpython-issue/149043.log');
    const [report] = reportsOf(parseText(readFileSync(file, 'utf8'), { file }));
    expect(report?.runtime).toBe('apple');
    // Its frames still read as before: `file:line` without a column, the arch stripped.
    expect(report?.accesses[0]?.frames[0]).toMatchObject({
      function: '_PyFaulthandler_Fini',
      file: 'faulthandler.c',
      line: 1509,
      column: null,
      module: 'python.exe',
    });
  });

  it('is told by a .dylib frame alone, and does not change gcc or LLVM reports', () => {
    const report = (frame: string) =>
      reportsOf(
        parseText(
          `WARNING: ThreadSanitizer: data race (pid=1)\n  Write of size 4 at 0x1 by main thread:\n${frame}\n\nSUMMARY: ThreadSanitizer: data race\n==================\n`,
        ),
      )[0]?.runtime;
    expect(report('    #0 f a.c:3 (libfoo.dylib+0x10)')).toBe('apple');
    expect(report('    #0 f a.c:3 (Foo:x86_64+0x10)')).toBe('apple');
    expect(report('    #0 f a.c:3:7 (foo+0x10) (BuildId: 1234abcd)')).toBe('llvm');
    expect(report('    #0 free ../libsanitizer/tsan/x.cpp:706 (libtsan.so.2+0x47e82)')).toBe('gcc');
    expect(report('    #0 f a.c:3 (foo+0x10)')).toBe('gcc');
  });
});
