import { describe, expect, it } from 'vitest';
import { parseText } from '../../src/index.js';
import { diagnosticsOf, reportsOf } from '../support/fixtures.js';

const lines = (...text: string[]) => `${text.join('\n')}\n`;

describe('assembling reports', () => {
  it('marks a stack TSan could not restore, for accesses and mutexes alike', () => {
    const [report] = reportsOf(
      parseText(
        lines(
          '==================',
          'WARNING: ThreadSanitizer: use of an invalid mutex (e.g. uninitialized or destroyed) (pid=7)',
          '    #0 pthread_mutex_lock <null> (a.out+0x1) (BuildId: ab)',
          '    #1 main /src/m.c:9:3 (a.out+0x2) (BuildId: ab)',
          '',
          '  Mutex M0 (0x1234) created at:',
          '    [failed to restore the stack]',
          '',
          'SUMMARY: ThreadSanitizer: use of an invalid mutex (e.g. uninitialized or destroyed) /src/m.c:9:3 in main',
          '==================',
        ),
      ),
    );
    expect(report?.stacks.map((s) => [s.role, s.stackRestored, s.frames.length])).toEqual([
      ['headline', true, 2],
    ]);
    expect(report?.mutexes).toEqual([
      { id: 'M0', address: '0x1234', destroyed: false, stackRestored: false, frames: [] },
    ]);
    expect(report?.diagnostics).toEqual([]);
  });

  it('closes a report cut by a new headline of the same process as truncated', () => {
    const records = parseText(
      lines(
        '==================',
        'WARNING: ThreadSanitizer: data race (pid=7)',
        '  Write of size 4 at 0x10 by thread T1:',
        '    #0 f /src/a.c:1 (a.out+0x1)',
        '==================',
        'WARNING: ThreadSanitizer: thread leak (pid=7)',
        '  Thread T1 (tid=8, finished) created by main thread at:',
        '    #0 pthread_create <null> (a.out+0x2)',
        '',
        'SUMMARY: ThreadSanitizer: thread leak (a.out+0x2) in pthread_create',
        '==================',
      ),
    );
    const reports = reportsOf(records);
    expect(reports.map((r) => [r.kind, r.truncated, r.source.line, r.source.endLine])).toEqual([
      ['data race', true, 2, 4],
      ['thread leak', false, 6, 11],
    ]);
    expect(reports[0]?.diagnostics.map((d) => d.code)).toEqual(['truncated-report']);
  });

  it('ends a report without SUMMARY at its closing separator (print_summary=0)', () => {
    const reports = reportsOf(
      parseText(
        lines(
          '==================',
          'WARNING: ThreadSanitizer: thread leak (pid=7)',
          '  Thread T1 (tid=8, finished) created by main thread at:',
          '    #0 pthread_create <null> (a.out+0x2)',
          '',
          '==================',
          'ThreadSanitizer: reported 1 warnings',
        ),
      ),
    );
    expect(reports.map((r) => [r.truncated, r.source.endLine, r.summary])).toEqual([
      [false, 6, null],
    ]);
  });

  it('checks the runtime count of warnings against the reports read for one process', () => {
    const records = parseText(
      lines(
        '==================',
        'WARNING: ThreadSanitizer: thread leak (pid=7)',
        '  Thread T1 (tid=8, finished) created by main thread at:',
        '    #0 pthread_create <null> (a.out+0x2)',
        '',
        'SUMMARY: ThreadSanitizer: thread leak (a.out+0x2) in pthread_create',
        '==================',
        'ThreadSanitizer: reported 3 warnings',
      ),
    );
    expect(diagnosticsOf(records).map((d) => [d.code, d.line])).toEqual([
      ['report-count-mismatch', 8],
    ]);
  });

  it('turns a TSan crash into one runtime-message diagnostic, frames included', () => {
    const records = parseText(
      lines(
        'ThreadSanitizer:DEADLYSIGNAL',
        '==42==ERROR: ThreadSanitizer: SEGV on unknown address 0x000000000000 (pc 0x1 bp 0x2 sp 0x3 T42)',
        '    #0 crash /src/c.c:3:5 (a.out+0x10)',
        '    #1 main /src/c.c:9:3 (a.out+0x20)',
        '',
        'SUMMARY: ThreadSanitizer: SEGV /src/c.c:3:5 in crash',
      ),
    );
    expect(reportsOf(records)).toEqual([]);
    const diagnostics = diagnosticsOf(records);
    expect(diagnostics.map((d) => d.code)).toEqual(['runtime-message', 'runtime-message']);
    expect(diagnostics[1]?.message).toContain('SEGV on unknown address');
    expect(diagnostics[1]?.message).toContain('top frame: crash');
  });
});
