import { describe, expect, it } from 'vitest';
import { unglue } from '../../src/read/unglue.js';

describe('unglue', () => {
  it('splits frames glued by a terminal-wrap copy/paste', () => {
    const line =
      '    #11 __libc_start_call_main csu/libc_start_call_main.h:58:16 (libc.so.6+0x2a574) (BuildId: bc07)            #12 __libc_start_call_main csu/libc_start_call_main.h:58:16 (libc.so.6+0x2a574)';
    expect(unglue(line)).toEqual([
      '    #11 __libc_start_call_main csu/libc_start_call_main.h:58:16 (libc.so.6+0x2a574) (BuildId: bc07)',
      '    #12 __libc_start_call_main csu/libc_start_call_main.h:58:16 (libc.so.6+0x2a574)',
    ]);
  });

  it('splits a frame appended to a thread header', () => {
    expect(
      unglue(
        "  Thread T7 'x' (tid=1, running) created by main thread at:      #0 pthread_create <null> (python+0xfc21e)",
      ),
    ).toEqual([
      "  Thread T7 'x' (tid=1, running) created by main thread at:",
      '    #0 pthread_create <null> (python+0xfc21e)',
    ]);
  });

  it('splits three frames on one line', () => {
    expect(unglue('    #1 a a.c:1 (m+0x1)   #2 b b.c:2 (m+0x2)  #3 c c.c:3 (m+0x3)')).toHaveLength(
      3,
    );
  });

  it('splits after a module group or a colon followed by one space', () => {
    expect(unglue('    #1 a a.c:1 (m+0x1) #2 b b.c:2 (m+0x2)')).toHaveLength(2);
    expect(
      unglue('  Mutex M0 (0x1) created at: #0 pthread_mutex_lock <null> (m+0x3)'),
    ).toHaveLength(2);
  });

  it('splits program output glued before a frame', () => {
    expect(unglue('worker done    #3 main /src/a.c:10 (a+0x10)')).toEqual([
      'worker done',
      '    #3 main /src/a.c:10 (a+0x10)',
    ]);
  });

  it.each([
    '    #0 closure #3 in _urlFromBytes_impl<A, B>(_:baseURL:callback:) URL.swift:10 (F+0x1)',
    '    #0 main::{lambda()#1}::operator()() const /src/a.cc:3 (a+0x1)',
    '    #0 foo(int) /src/a.cc:3 (a+0x1)',
    '#channel #1 is busy',
    'issue #1234 fixed',
  ])('leaves alone: %s', (line) => {
    expect(unglue(line)).toEqual([line]);
  });
});
