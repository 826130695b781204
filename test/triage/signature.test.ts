import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseText, type Report } from '../../src/index.js';
import { DEFAULT_CONFIG } from '../../src/triage/config.js';
import { FrameRules } from '../../src/triage/normalize-stack.js';
import { globalName, signReport } from '../../src/triage/signature.js';
import { CORPUS, corpusManifest, EXAMPLE_PROGRAMS, reportsOf, SEED } from '../support/fixtures.js';

const rules = new FrameRules(DEFAULT_CONFIG);
const example = (name: string) =>
  reportsOf(parseText(readFileSync(join(CORPUS, 'examples/out', name), 'utf8')));

describe('signature v2', () => {
  it('names the seed as its author did: interpreter_clear ↔ take_gil on _PyRuntime', () => {
    const [seed] = reportsOf(parseText(readFileSync(SEED, 'utf8')));
    const signature = signReport(seed as Report, rules);
    expect(signature.title).toBe('data race: interpreter_clear ↔ take_gil on _PyRuntime');
    expect(signature.text).toBe('v2|data-race|interpreter_clear|take_gil|global:_PyRuntime');
    expect(signature.id).toMatch(/^[0-9a-f]{10}$/);
    expect(signature.degraded).toBe(false);
  });

  it('gives gcc and clang reports of the same program the same signature', () => {
    const programs = EXAMPLE_PROGRAMS;
    for (const program of programs) {
      const gcc = example(`${program}.gcc.txt`).map((r) => signReport(r, rules).text);
      const clang = example(`${program}.clang19.txt`).map((r) => signReport(r, rules).text);
      expect(new Set(gcc), program).toEqual(new Set(clang));
    }
  });

  it('does not depend on pids, tids, addresses, line numbers, paths or BuildIds', () => {
    const text = readFileSync(join(CORPUS, 'examples/out/heap_mutex.clang19.txt'), 'utf8');
    const changed = text
      .replace(/pid=\d+/g, 'pid=99999')
      .replace(/tid=\d+/g, 'tid=4242')
      .replace(/0x[0-9a-f]{8,}/g, '0xdeadbeef0000')
      .replace(/\.c:\d+(:\d+)?/g, '.c:999:9')
      .replace(/\/home\/dev\/src\//g, '/build/agent/work/src/')
      .replace(/BuildId: [0-9a-f]+/g, 'BuildId: 00ff');
    const [a] = reportsOf(parseText(text));
    const [b] = reportsOf(parseText(changed));
    expect(signReport(b as Report, rules).text).toBe(signReport(a as Report, rules).text);
  });

  it('separates kinds, objects and partners', () => {
    const texts = new Set(
      [
        'race',
        'heap_mutex',
        'atomic',
        'sleep',
        'fd',
        'stackloc',
        'uaf',
        'vptr',
        'deadlock',
        'leak',
        'mutexbugs',
        'signal',
        'errno',
        'dbl',
      ]
        .flatMap((p) => example(`${p}.gcc.txt`))
        .map((r) => signReport(r, rules).text),
    );
    // Every distinct defect of these programs has its own signature: 21 reports, 18 defects
    // (signal.c's two unsafe calls are one defect of one handler; stackloc and errno hold two
    // defects each, mutexbugs three).
    expect(texts.size).toBe(18);
  });

  it('never depends on which access TSan printed first (real reports, swapped)', () => {
    const reports = corpusManifest()
      .filter((e) => e.tool === 'tsan-llvm' || e.tool === 'tsan-gcc')
      .flatMap((e) => reportsOf(parseText(readFileSync(join(CORPUS, e.file), 'utf8'))))
      .concat(reportsOf(parseText(readFileSync(SEED, 'utf8'))))
      .filter((r) => r.accesses.length === 2);
    expect(reports.length).toBeGreaterThan(20);
    fc.assert(
      fc.property(fc.constantFrom(...reports), (report) => {
        const swapped: Report = {
          ...report,
          accesses: [
            { ...report.accesses[1]!, previous: false },
            { ...report.accesses[0]!, previous: true },
          ],
        };
        expect(signReport(swapped, rules).text).toBe(signReport(report, rules).text);
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it("reads gcc's and clang's names of a function-static variable alike", () => {
    expect(globalName('rw.0')).toBe('rw');
    expect(globalName('main.rw')).toBe('rw');
    expect(globalName('_PyRuntime')).toBe('_PyRuntime');
    expect(globalName('ns::counter')).toBe('ns::counter');
  });
});
