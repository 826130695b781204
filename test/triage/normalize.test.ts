import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/triage/config.js';
import { anchorOf, FrameRules } from '../../src/triage/normalize-stack.js';
import { isRuntimeFrame, isStartupFrame, isSystemFrame } from '../../src/triage/runtime-frames.js';
import { makeFrame } from '../support/fixtures.js';

const frame = makeFrame;

describe('runtime frames', () => {
  it.each([
    ['a __tsan_ function', { function: '__tsan_atomic64_load', file: '/src/x.c' }],
    ['a __tsan:: function', { function: '__tsan::CallUserSignalHandler(__tsan::ThreadState*)' }],
    ['an __interceptor_ function', { function: '__interceptor_malloc', module: 'app' }],
    [
      'a __sanitizer:: function',
      { function: '__sanitizer::internal_memcpy(void*, void const*, unsigned long)' },
    ],
    [
      "a file in gcc's libsanitizer",
      { function: 'free', file: '../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp' },
    ],
    [
      'a file in compiler-rt',
      {
        function: 'free',
        file: '/-S/contrib/libs/clang20-rt/lib/tsan/rtl/tsan_interceptors_posix.cpp',
      },
    ],
    ['a runtime object file', { function: 'x', file: 'tsan_interceptors_posix.cpp.o' }],
    ['the libtsan module', { function: 'x', module: 'libtsan.so.2' }],
    [
      "an interceptor of clang's static runtime (libc name, no file)",
      { function: 'pthread_mutex_lock', module: 'app' },
    ],
    ['operator new, intercepted', { function: 'operator new(unsigned long)', module: 'app' }],
  ])('drops %s', (_what, fields) => {
    expect(isRuntimeFrame(frame(fields))).toBe(true);
  });

  it.each([
    ['a program function', { function: 'Thread1', file: '/src/race.c', line: 6 }],
    [
      'a libc name with a file of the program (a wrapper of its own)',
      { function: 'free', file: '/src/my_alloc.c', line: 3 },
    ],
    ['a program function without debug info', { function: 'worker', module: 'app' }],
  ])('keeps %s', (_what, fields) => {
    expect(isRuntimeFrame(frame(fields))).toBe(false);
  });

  it('knows start-up and system frames', () => {
    expect(isStartupFrame(frame({ function: 'start_thread' }))).toBe(true);
    expect(isStartupFrame(frame({ function: '__libc_start_call_main' }))).toBe(true);
    expect(isStartupFrame(frame({ function: 'main' }))).toBe(false);
    expect(
      isSystemFrame(
        frame({
          function: 'std::_Rb_tree::_M_insert_',
          file: '/usr/include/c++/12/bits/stl_tree.h',
        }),
      ),
    ).toBe(true);
    expect(isSystemFrame(frame({ function: 'memcpy', module: 'libc.so.6' }))).toBe(true);
    expect(isSystemFrame(frame({ function: 'go', file: '/src/nested.cpp' }))).toBe(false);
  });
});

describe('normalising a stack', () => {
  const rules = new FrameRules(DEFAULT_CONFIG);
  const stack = [
    frame({ index: 0, function: '_Py_atomic_and_uintptr', file: 'Include/cpython/pyatomic_gcc.h' }),
    frame({
      index: 1,
      function: '_Py_unset_eval_breaker_bit',
      file: 'Include/internal/pycore_ceval.h',
    }),
    frame({ index: 2, function: 'take_gil', file: 'Python/ceval_gil.c' }),
    frame({ index: 3, function: 'take_gil', file: 'Python/ceval_gil.c' }),
    frame({ index: 4, function: '<null>' }),
    frame({ index: 5, function: null, module: 'python', offset: '0x1' }),
    frame({ index: 6, function: 'pythread_wrapper', file: 'Python/thread_pthread.h' }),
    frame({ index: 7, function: 'start_thread', file: 'nptl/pthread_create.c' }),
  ];

  it('applies the cpython preset to reports with Py frames (auto)', () => {
    const normal = rules
      .forFrames([...stack, frame({ function: 'PyObject_Call' })])
      .normalize(stack);
    expect(normal.map((f) => f.name)).toEqual(['take_gil', '<null>']);
  });

  it('keeps the plumbing without the preset, collapsing repeated frames', () => {
    const plain = rules.forFrames([frame({ function: 'main' })]).normalize(stack);
    expect(plain.map((f) => f.name)).toEqual([
      '_Py_atomic_and_uintptr',
      '_Py_unset_eval_breaker_bit',
      'take_gil',
      '<null>',
      'pythread_wrapper',
    ]);
  });

  it('skips plumbing by function name from a config, never by file', () => {
    const custom = new FrameRules({ presets: [], plumbing: ['take_*'] });
    const normal = custom.forFrames(stack).normalize(stack);
    expect(normal.map((f) => f.name)).not.toContain('take_gil');
    expect(normal.map((f) => f.name)).toContain('_Py_atomic_and_uintptr');
  });

  it('anchors on the first frame outside system libraries', () => {
    const frames = [
      frame({
        function: 'std::_Rb_tree<int, int>::_M_insert_(int)',
        file: '/usr/include/c++/12/bits/stl_tree.h',
      }),
      frame({ function: 'ns::W<int>::go(int)', file: '/src/nested.cpp' }),
    ];
    expect(anchorOf(rules.forFrames(frames).normalize(frames))?.name).toBe('ns::W::go');
    const systemOnly = frames.slice(0, 1);
    expect(anchorOf(rules.forFrames(systemOnly).normalize(systemOnly))?.name).toBe(
      'std::_Rb_tree::_M_insert_',
    );
  });
});
