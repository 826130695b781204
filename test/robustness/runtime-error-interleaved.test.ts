/**
 * A process that crashes (a TSan SEGV: `==PID==ERROR: ...`, a stack, SUMMARY) while another
 * process prints a report into the same stream. Report bodies carry no pid, but the runtime
 * prints its own messages with a `==PID==` prefix: that pid keeps the crash's block apart from
 * the other process's report, so both come out as they do alone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ParseRecord, parseText } from '../../src/index.js';
import { example, joinLines, linesOf, ROOT } from '../support/robust-helpers.js';

/** Real outputs of test/fixtures/runtime-errors/null_deref.c (see the README there). */
function crash(name: string): string {
  return readFileSync(join(ROOT, 'test', 'fixtures', 'runtime-errors', name), 'utf8');
}

function parse(text: string): ParseRecord[] {
  return parseText(text, { file: 'log.txt' });
}

/** What each record says, not where it stood: line numbers change when lines interleave. */
function contents(records: readonly ParseRecord[]): string[] {
  return records
    .map((record) => {
      if (record.type === 'report') {
        const { source: _source, diagnostics, ...rest } = record;
        return JSON.stringify({ ...rest, diagnostics: diagnostics.map((d) => d.code) });
      }
      if (record.type === 'diagnostic') {
        const { line: _line, endLine: _endLine, ...rest } = record;
        return JSON.stringify(rest);
      }
      return JSON.stringify(record);
    })
    .sort();
}

/** A fixture's lines without the `rc=N` its capture appended (the shell's, not the process's). */
function processLines(text: string): string[] {
  return linesOf(text).filter((line) => !line.startsWith('rc='));
}

/** The first `lead` lines of `a`, then one line of each in turn (`first` starts). */
function interleave(
  a: readonly string[],
  b: readonly string[],
  lead: number,
  first: 'a' | 'b',
): string[] {
  const merged = a.slice(0, lead);
  let i = lead;
  let j = 0;
  let turnA = first === 'a';
  while (i < a.length || j < b.length) {
    if ((turnA && i < a.length) || j >= b.length) merged.push(a[i++] as string);
    else merged.push(b[j++] as string);
    turnA = !turnA;
  }
  return merged;
}

describe('a crash of one process interleaved line by line with a report of another', () => {
  // gcc beside gcc, clang beside clang, and the two runtimes mixed.
  const PAIRS: readonly (readonly [string, string])[] = [
    ['race.gcc.txt', 'null_deref.gcc.txt'],
    ['race.clang19.txt', 'null_deref.clang19.txt'],
    ['heap_mutex.clang19.txt', 'null_deref.gcc.txt'],
    ['deadlock.gcc.txt', 'null_deref.clang19.txt'],
    ['uaf.gcc.txt', 'null_deref.clang19.txt'],
  ];

  for (const [reportName, crashName] of PAIRS) {
    it(`${reportName} + ${crashName}: the crash starting at every line, either one first`, () => {
      const report = processLines(example(reportName));
      const crashed = processLines(crash(crashName));
      const alone = contents([...parse(joinLines(report)), ...parse(joinLines(crashed))]);
      expect(alone.filter((r) => r.includes('SEGV on unknown address'))).toHaveLength(1);
      for (let lead = 0; lead <= report.length; lead++) {
        for (const first of ['a', 'b'] as const) {
          const merged = joinLines(interleave(report, crashed, lead, first));
          expect(contents(parse(merged)), `lead ${lead}, ${first} first`).toEqual(alone);
        }
      }
    });
  }

  it('minimal case: the pid of the crash keeps the header, frames and SUMMARY apart', () => {
    const merged = [
      '==================',
      'WARNING: ThreadSanitizer: data race (pid=100)',
      '==200==ERROR: ThreadSanitizer: SEGV on unknown address 0x000000000000 (pc 0x1 bp 0x2 sp 0x3 T200)',
      '  Read of size 4 at 0x555555558054 by thread T2:',
      // Printed by the crashing process: not a damaged frame line of the report above.
      '==200==Hint: address points to the zero page.',
      '    #0 Thread2 /home/dev/src/race.c:7 (race+0x1229)',
      '    #0 read_it /home/dev/src/null_deref.c:7 (null_deref+0x119f)',
      '',
      '    #1 main /home/dev/src/null_deref.c:9 (null_deref+0x119f)',
      'SUMMARY: ThreadSanitizer: data race /home/dev/src/race.c:7 in Thread2',
      '',
      '==================',
      'SUMMARY: ThreadSanitizer: SEGV /home/dev/src/null_deref.c:7 in read_it',
      '==200==ABORTING',
    ];
    const records = parse(joinLines(merged));
    const reports = records.filter((r) => r.type === 'report');
    expect(reports.map((r) => [r.pid, r.accesses[0]?.frames.map((f) => f.function)])).toEqual([
      [100, ['Thread2']],
    ]);
    expect(reports[0]?.diagnostics).toEqual([]);
    expect(reports[0]?.summary).toBe('data race /home/dev/src/race.c:7 in Thread2');
    const messages = records.flatMap((r) => (r.type === 'diagnostic' ? [r.message] : []));
    expect(messages).toEqual([
      'ThreadSanitizer runtime message: ERROR: ThreadSanitizer: SEGV on unknown address 0x000000000000 (pc 0x1 bp 0x2 sp 0x3 T200) (top frame: read_it)',
    ]);
  });
});
