import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../src/index.js';
import { reportsOf, SEED } from '../support/fixtures.js';

// Acceptance 1 of the parser issue: the whole pasted web page of CPython issue 140257, with its
// ^C noise, Python tracebacks and frames glued onto one line, gives exactly the report its
// author read by hand.
describe('the seed: CPython issue 140257 as pasted', () => {
  const records = parseText(readFileSync(SEED, 'utf8'), { file: 'seed.txt' });
  const reports = reportsOf(records);
  const report = reports[0]!;

  it('gives exactly one report, a complete data race from clang', () => {
    expect(records).toHaveLength(1);
    expect(reports).toHaveLength(1);
    expect(report.kind).toBe('data race');
    expect(report.kindId).toBe('data-race');
    expect(report.pid).toBe(22017);
    expect(report.runtime).toBe('llvm');
    expect(report.truncated).toBe(false);
    expect(report.diagnostics).toEqual([]);
    expect(report.accesses).toHaveLength(2);
  });

  it('reads the current access: a plain 8-byte write by the main thread, 13 frames', () => {
    const current = report.accesses[0]!;
    expect(current).toMatchObject({
      op: 'write',
      atomic: false,
      previous: false,
      size: 8,
      thread: 'main',
      mutexes: [],
    });
    expect(current.frames).toHaveLength(13);
    expect(current.frames.map((f) => f.index)).toEqual([...Array(13).keys()]);
    expect(current.frames[0]).toEqual({
      index: 0,
      function: 'interpreter_clear',
      file: '/home/shamil/oss/cpython/main/Python/pystate.c',
      line: 769,
      column: 26,
      module: 'python',
      offset: '0x6cd57a',
      buildId: '9a73f9de8b0c2b3baa8fe75cb55cd39bff0057a1',
      address: null,
    });
    // #11 and #12 were glued onto one line in the paste.
    expect(current.frames[12]?.function).toBe('__libc_start_call_main');
    expect(current.frames[12]?.module).toBe('libc.so.6');
  });

  it('reads the previous access: an atomic 8-byte write by T7, 28 frames through take_gil', () => {
    const previous = report.accesses[1]!;
    expect(previous).toMatchObject({
      op: 'write',
      atomic: true,
      previous: true,
      size: 8,
      thread: 'T7',
    });
    expect(previous.frames).toHaveLength(28);
    expect(previous.frames.map((f) => f.index)).toEqual([...Array(28).keys()]);
    const names = previous.frames.map((f) => f.function);
    expect(names.slice(0, 3)).toEqual([
      '_Py_atomic_and_uintptr',
      '_Py_unset_eval_breaker_bit',
      'take_gil',
    ]);
    // Glued pairs #5/#6, #11/#12, #13/#14/#15 all survive.
    expect(names[6]).toBe('_Py_HandlePending');
    expect(names[12]).toBe('_PyObject_VectorcallTstate.3425');
    expect(names[15]).toBe('context_run');
    expect(names[27]).toBe('pythread_wrapper');
    // A frame with a file and no line.
    expect(previous.frames[11]).toMatchObject({
      function: '_PyFunction_Vectorcall',
      file: '/home/shamil/oss/cpython/main/Objects/call.c',
      line: null,
      column: null,
    });
  });

  it('reads the location and the racing thread', () => {
    expect(report.location).toEqual({
      type: 'global',
      name: '_PyRuntime',
      size: 359232,
      address: '0x5555560c3408',
      module: 'python',
      offset: '0xbc6bc8',
      artifact: false,
    });
    expect(report.threads).toHaveLength(1);
    const thread = report.threads[0]!;
    expect(thread).toMatchObject({
      id: 'T7',
      name: 'Thread-7 (hamme',
      tid: 22032,
      state: 'running',
      createdBy: 'main',
    });
    expect(thread.frames).toHaveLength(31);
    expect(thread.frames[0]).toMatchObject({
      index: 0,
      function: 'pthread_create',
      file: null,
      line: null,
    });
    expect(thread.frames[30]?.function).toBe('__libc_start_call_main');
  });

  it('reads the SUMMARY line', () => {
    expect(report.summary).toBe(
      'data race /home/shamil/oss/cpython/main/Python/pystate.c:769:26 in interpreter_clear',
    );
    expect(report.summaryFunction).toBe('interpreter_clear');
  });

  it('says where the report is in the page', () => {
    const lines = readFileSync(SEED, 'utf8').split('\n');
    expect(lines[report.source.line - 1]).toContain(
      'WARNING: ThreadSanitizer: data race (pid=22017)',
    );
    expect(lines[report.source.endLine - 1]).toBe('==================');
    expect(report.source.file).toBe('seed.txt');
  });
});
