import { describe, expect, it } from 'vitest';
import { parseFrameLine } from '../../src/parse/frame-line.js';

const BID = 'f63eddfefb8566fcdb17417aabbac474ea0b4325';

describe('parseFrameLine', () => {
  it.each([
    [
      'gcc 12: no column, no BuildId',
      '    #0 Thread2 /home/dev/src/race.c:7 (race+0x1229)',
      {
        index: 0,
        function: 'Thread2',
        file: '/home/dev/src/race.c',
        line: 7,
        column: null,
        module: 'race',
        offset: '0x1229',
        buildId: null,
        address: null,
      },
    ],
    [
      'clang 19: column and BuildId',
      `    #0 Thread2 /home/dev/src/race.c:7:39 (race+0xe4674) (BuildId: ${BID})`,
      { function: 'Thread2', line: 7, column: 39, module: 'race', offset: '0xe4674', buildId: BID },
    ],
    [
      'interceptor in the static runtime: file unknown',
      `    #0 pthread_create <null> (race+0x61e91) (BuildId: ${BID})`,
      { function: 'pthread_create', file: null, line: null, module: 'race' },
    ],
    [
      'gcc shared runtime: relative path into libsanitizer',
      '    #0 pthread_create ../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp:1001 (libtsan.so.2+0x5e686)',
      {
        function: 'pthread_create',
        file: '../../../../src/libsanitizer/tsan/tsan_interceptors_posix.cpp',
        line: 1001,
        module: 'libtsan.so.2',
      },
    ],
    [
      'symbolize=0: nothing but the module',
      `    #1 <null> <null> (race+0x61de7) (BuildId: ${BID})`,
      { index: 1, function: null, file: null, module: 'race', offset: '0x61de7' },
    ],
    [
      'file known, line 0',
      '    #2 _GLOBAL__sub_I_vptr.cpp /home/dev/src/vptr.cpp (vptr+0x30425)',
      { function: '_GLOBAL__sub_I_vptr.cpp', file: '/home/dev/src/vptr.cpp', line: null },
    ],
    [
      'a function name with spaces, parentheses and namespaces',
      '    #2 __tsan::CallUserSignalHandler(__tsan::ThreadState*, bool, bool, int, __sanitizer::__sanitizer_siginfo*, void*) tsan_interceptors_posix.cpp.o (signal+0x6a165)',
      {
        function:
          '__tsan::CallUserSignalHandler(__tsan::ThreadState*, bool, bool, int, __sanitizer::__sanitizer_siginfo*, void*)',
        file: 'tsan_interceptors_posix.cpp.o',
        line: null,
      },
    ],
    [
      'operator new with a space',
      '    #0 operator new(unsigned long) <null> (vptr+0xe6722)',
      { function: 'operator new(unsigned long)', file: null },
    ],
    [
      'templates with > > and operator()',
      '    #1 std::_Function_handler<void (), main::{lambda()#1}>::operator()() const /usr/include/c++/12/bits/std_function.h:290:9 (nested+0xe8937)',
      {
        function: 'std::_Function_handler<void (), main::{lambda()#1}>::operator()() const',
        file: '/usr/include/c++/12/bits/std_function.h',
        line: 290,
        column: 9,
      },
    ],
    [
      'no module known: the PC in parentheses',
      '    #0 <null> <null> (0x7f1234567890)',
      { function: null, module: null, offset: null, address: '0x7f1234567890' },
    ],
    [
      'unknown module',
      '    #3 foo bar.c:3 (<unknown module>)',
      { function: 'foo', file: 'bar.c', line: 3, module: null },
    ],
    [
      'Apple module with an architecture',
      '    #1 do_start_joinable_thread thread_pthread.h:281 (python.exe:arm64+0x1001b74c8)',
      {
        function: 'do_start_joinable_thread',
        file: 'thread_pthread.h',
        line: 281,
        module: 'python.exe',
        offset: '0x1001b74c8',
      },
    ],
    [
      'Swift closure names hold `#3 in`',
      '    #0 closure #3 in _urlFromBytes_impl<A, B>(_:baseURL:callback:) URL.swift:10 (Foundation:x86_64+0x1234)',
      {
        function: 'closure #3 in _urlFromBytes_impl<A, B>(_:baseURL:callback:)',
        file: 'URL.swift',
        line: 10,
        module: 'Foundation',
      },
    ],
    [
      'addr2line unknowns',
      '    #4 foo ??:? (a.out+0x12)',
      { function: 'foo', file: null, line: null },
    ],
    [
      'unknown line in a known file',
      '    #0 _swift_alloc_object_hook shims.c:? (Bench.xctest+0x347403)',
      { function: '_swift_alloc_object_hook', file: 'shims.c', line: null },
    ],
    [
      'Visual Studio style location',
      '    #0 Thread2 C:\\src\\race.c(7,39) (race.exe+0x1229)',
      { function: 'Thread2', file: 'C:\\src\\race.c', line: 7, column: 39 },
    ],
    [
      'DEFAULT template with a file',
      '    #0 0x555555638675 in Thread2 /home/dev/src/race.c:7:39',
      {
        function: 'Thread2',
        file: '/home/dev/src/race.c',
        line: 7,
        column: 39,
        address: '0x555555638675',
        module: null,
      },
    ],
    [
      'DEFAULT template without a file',
      `    #0 0x5555555b5e92 in pthread_create (/home/dev/src/cl/race+0x61e91) (BuildId: ${BID})`,
      {
        function: 'pthread_create',
        file: null,
        module: 'race',
        offset: '0x61e91',
        address: '0x5555555b5e92',
        buildId: BID,
      },
    ],
    [
      'DEFAULT template with a function offset',
      '    #2 0x7f00 in __interceptor_malloc+0x12 (/lib/libtsan.so.2+0x3ebb8)',
      { function: '__interceptor_malloc', module: 'libtsan.so.2' },
    ],
  ])('%s', (_label, line, expected) => {
    expect(parseFrameLine(line)).toMatchObject(expected);
    expect(parseFrameLine(line)?.damaged).toBeUndefined();
  });

  it('marks a line cut inside its module group as damaged, keeping what it has', () => {
    const frame = parseFrameLine(
      '    #12 __libc_start_call_main csu/../sysdeps/nptl/libc_start_call_main.h:58:16 (libc.so.6+0x2a',
    );
    expect(frame).toMatchObject({
      index: 12,
      function: '__libc_start_call_main',
      file: 'csu/../sysdeps/nptl/libc_start_call_main.h',
      line: 58,
      column: 16,
      module: null,
      damaged: true,
    });
  });

  it('keeps the whole frame of a line cut inside its BuildId, marking it damaged', () => {
    // cpython-issue/120165.log: the text cut the BuildId short.
    const frame = parseFrameLine(
      '    #4 object_set_class /home/ken/cpython/Objects/typeobject.c:6552:34 (python+0x39c72d) (BuildId: 44878605',
    );
    expect(frame).toMatchObject({
      function: 'object_set_class',
      file: '/home/ken/cpython/Objects/typeobject.c',
      line: 6552,
      column: 34,
      module: 'python',
      offset: '0x39c72d',
      buildId: null,
      damaged: true,
    });
  });

  it('marks a line cut inside its file as damaged', () => {
    expect(parseFrameLine('    #12 __libc_start_call_main csu/../sys')).toMatchObject({
      function: '__libc_start_call_main',
      damaged: true,
    });
  });

  it.each(['#', '#x foo', '  # 1 foo', 'text #1 foo', ''])('is not a frame: %j', (line) => {
    expect(parseFrameLine(line)).toBeNull();
  });
});
