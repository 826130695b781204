import { describe, expect, it } from 'vitest';
import { relativeToRoot } from '../../src/render/source-root.js';
import { contextOfRepoFiles as renderContextOf } from '../support/render-context.js';

const SEED = 'test/fixtures/seed/000_73625768c436998a.txt';

describe('groupView', () => {
  it('titles the seed as its author did, from the stacks alone', () => {
    const [view] = renderContextOf([SEED]).views;
    // python/cpython#140257, written by hand from this report.
    expect(view?.issueTitle).toBe(
      'ThreadSanitizer: data race in interpreter_clear() vs take_gil() during finalization with daemon threads',
    );
    expect(view?.sides.map((s) => [s.threadLabel, s.role, s.anchorName])).toEqual([
      ['main thread', 'during finalization', 'interpreter_clear'],
      ["thread T7 'Thread-7 (hamme'", 'daemon thread, still running', 'take_gil'],
    ]);
    // The anchor is found in the printed stack, below the atomic helpers inlined into it.
    expect(view?.sides[1]?.anchorIndex).toBe(2);
    expect(view?.sides[1]?.frames[2]?.function).toBe('take_gil');
  });

  it('names no finalization when no stack shows one, and no daemon outside CPython', () => {
    const views = renderContextOf(['examples/inventory.clang19.log']).views;
    for (const view of views) expect(view.issueTitle).not.toMatch(/finalization|daemon/);
    const uaf = views.find((v) => v.kind === 'heap-use-after-free');
    expect(uaf?.summary).toMatch(
      /^A plain write of size 1 by the main thread in main\(\) \(.*inventory\.c:51\) touches memory freed earlier by thread T2 \(finished\) in restock_worker\(\)/,
    );
  });

  it('shows paths under the source root relative to it', () => {
    const [view] = renderContextOf([SEED], { sourceRoot: '/home/shamil/oss/cpython/main/' }).views;
    expect(view?.sides.map((s) => s.anchorPlace)).toEqual([
      'Python/pystate.c:769',
      'Python/ceval_gil.c:351',
    ]);
    const [plain] = renderContextOf([SEED]).views;
    expect(plain?.sides[0]?.anchorPlace).toBe('/home/shamil/oss/cpython/main/Python/pystate.c:769');
  });
});

describe('relativeToRoot', () => {
  it.each([
    ['/src/app/a.c', '/src/app', 'a.c'],
    ['/src/app/./lib/../b.c', '/src/app/', 'b.c'],
    ['/src/application/a.c', '/src/app', null],
    ['/usr/include/stdio.h', '/src/app', null],
    ['Python/ceval.c', '/src/app', 'Python/ceval.c'],
    ['./Include/object.h', '/src/app', 'Include/object.h'],
    ['../../../src/libsanitizer/tsan/tsan_interceptors.cpp', '/src/app', null],
    ['C:\\src\\app\\a.c', 'C:\\src\\app', 'a.c'],
  ])('%s under %s is %s', (file, root, expected) => {
    expect(relativeToRoot(file, root)).toBe(expected);
  });
});
