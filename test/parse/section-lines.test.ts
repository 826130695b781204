import { describe, expect, it } from 'vitest';
import { parseAccessHeader } from '../../src/parse/access-line.js';
import { parseLocationHeader } from '../../src/parse/location-line.js';
import { parseCycle, parseEdgeHeader, parseMutexHeader } from '../../src/parse/mutex-line.js';
import { summaryFunction } from '../../src/parse/summary-line.js';
import { parseThreadHeader } from '../../src/parse/thread-line.js';

describe('parseAccessHeader', () => {
  it.each([
    [
      'Write of size 8 at 0x55555611abc8 by main thread:',
      {
        op: 'write',
        atomic: false,
        previous: false,
        size: 8,
        address: '0x55555611abc8',
        thread: 'main',
        mutexes: [],
      },
    ],
    [
      'Read of size 4 at 0x7b0c0000000c by thread T2:',
      { op: 'read', atomic: false, previous: false, size: 4, thread: 'T2' },
    ],
    [
      'Atomic write of size 8 at 0x1 by thread T13:',
      { op: 'write', atomic: true, previous: false },
    ],
    ['Atomic read of size 1 at 0x1 by thread T13:', { op: 'read', atomic: true, size: 1 }],
    [
      'Previous write of size 8 at 0x1 by thread T1:',
      { op: 'write', previous: true, atomic: false },
    ],
    [
      'Previous atomic write of size 8 at 0x55555611abc8 by thread T7:',
      { op: 'write', previous: true, atomic: true, thread: 'T7' },
    ],
    [
      'Previous atomic read of size 8 at 0x1 by thread T5:',
      { op: 'read', previous: true, atomic: true },
    ],
    [
      'Previous write of size 4 at 0x7b0c0000000c by thread T1 (mutexes: write M0, read M1):',
      {
        mutexes: [
          { mode: 'write', id: 'M0' },
          { mode: 'read', id: 'M1' },
        ],
      },
    ],
    [
      'Read of size 4 at 0x1 by main thread (mutexes: write M322, write M317):',
      {
        mutexes: [
          { mode: 'write', id: 'M322' },
          { mode: 'write', id: 'M317' },
        ],
      },
    ],
    [
      'Modifying access of Swift variable at 0x7b08 by thread T1:',
      { op: 'write', objectType: 'Swift variable', size: null, thread: 'T1' },
    ],
    [
      'Previous read-only access of external object at 0x7b08 by main thread:',
      { op: 'read', previous: true, objectType: 'external object' },
    ],
    // Cut or split by another writer: what is there is kept.
    ['Read of size 8 at 0x564faeb56ad0 by thread T5', { op: 'read', size: 8, thread: 'T5' }],
    [
      'Write of size 8 at 0x72480001801',
      { op: 'write', size: 8, thread: null, address: '0x72480001801' },
    ],
  ])('%s', (line, expected) => {
    expect(parseAccessHeader(line)).toMatchObject(expected);
  });

  it.each([
    'Write at 0x00c0000ae008 by goroutine 7:',
    'Writes of size 4 at 0x1 by main thread:',
    'Read of size x at 0x1 by main thread:',
  ])('is not an access header: %s', (line) => {
    expect(parseAccessHeader(line)).toBeNull();
  });
});

describe('parseLocationHeader', () => {
  it.each([
    [
      "Location is global '_PyRuntime' of size 359232 at 0x5555560c3408 (python+0xbc6bc8)",
      {
        type: 'global',
        name: '_PyRuntime',
        size: 359232,
        module: 'python',
        offset: '0xbc6bc8',
        artifact: false,
      },
    ],
    [
      "Location is global 'rw.0' at 0x5555 (a.out+0x40ac)",
      { type: 'global', name: 'rw.0', size: null },
    ],
    ["Location is global 'it's' of size 4 at 0x1 (m+0x2)", { type: 'global', name: "it's" }],
    [
      "Location is global '??' at 0x7ffffffde000 ([stack]+0x206d0)",
      { type: 'global', name: '??', artifact: true },
    ],
    [
      "Location is global '<null>' at 0x000000000000 ([stack]+0x206c0)",
      { type: 'global', artifact: true },
    ],
    [
      'Location is global <null> of size 0 at 0x000000000000 (chrome+0x0000098ae30c)',
      { type: 'global', name: '<null>', size: 0, artifact: true },
    ],
    [
      'Location is heap block of size 40 at 0x7b0c00000000 allocated by main thread:',
      { type: 'heap', size: 40, thread: 'main', frames: [] },
    ],
    [
      'Location is heap block of size 40 at 0x1 allocated by thread T3:',
      { type: 'heap', thread: 'T3' },
    ],
    [
      'Location is MyTag of size 16 at 0x1 allocated by thread T3:',
      { type: 'heap', objectType: 'MyTag' },
    ],
    ['Location is stack of main thread.', { type: 'stack', thread: 'main' }],
    ['Location is stack of thread T4.', { type: 'stack', thread: 'T4' }],
    ['Location is TLS of main thread.', { type: 'tls', thread: 'main' }],
    [
      'Location is file descriptor 4 created by main thread at:',
      { type: 'fd', fd: 4, event: 'created', thread: 'main' },
    ],
    [
      'Location is file descriptor 4 created|destroyed by thread T1 at:',
      { type: 'fd', event: 'created|destroyed', thread: 'T1' },
    ],
    [
      'Location is file descriptor 4 destroyed by main thread at::',
      { type: 'fd', event: 'destroyed' },
    ],
  ])('%s', (line, expected) => {
    expect(parseLocationHeader(line)).toMatchObject(expected);
  });

  it('returns null for other text', () => {
    expect(parseLocationHeader('Location is somewhere else')).toBeNull();
  });
});

describe('parseThreadHeader', () => {
  it.each([
    [
      "Thread T7 'Thread-7 (hamme' (tid=22032, running) created by main thread at:",
      {
        id: 'T7',
        name: 'Thread-7 (hamme',
        tid: 22032,
        state: 'running',
        createdBy: 'main',
        hasStack: true,
        gcdWorker: false,
      },
    ],
    [
      'Thread T1 (tid=4509, finished) created by main thread at:',
      { id: 'T1', name: null, tid: 4509, state: 'finished' },
    ],
    ['Thread T3 (tid=1, running) created by thread T2 at:', { createdBy: 'T2' }],
    [
      "Thread T1 'worker-one' (tid=12839, running) created by main thread at:",
      { name: 'worker-one' },
    ],
    [
      "Thread T2 'a 'quoted' (name)' (tid=5, running) created by main thread at:",
      { name: "a 'quoted' (name)" },
    ],
    ['Thread T1 (tid=5, running) created by main thread', { hasStack: false }],
    [
      'Thread T9 (tid=77, running) is a GCD worker thread',
      { id: 'T9', gcdWorker: true, createdBy: null },
    ],
    ['Thread T1 (running) created by main thread at:', { tid: null, state: 'running' }],
  ])('%s', (line, expected) => {
    expect(parseThreadHeader(line)).toMatchObject(expected);
  });

  it.each([
    'Thread T1 started',
    'Thread Tx (tid=1, running) created by main thread at:',
    'Thread T1 (tid=1, sleeping) created by main thread at:',
  ])('is not a thread header: %s', (line) => {
    expect(parseThreadHeader(line)).toBeNull();
  });
});

describe('mutex lines', () => {
  it('reads creation headers, with and without an address', () => {
    expect(parseMutexHeader('Mutex M0 (0x5555555580a0) created at:')).toEqual({
      id: 'M0',
      address: '0x5555555580a0',
      destroyed: false,
    });
    expect(parseMutexHeader('Mutex M1234 created at:')).toEqual({
      id: 'M1234',
      address: null,
      destroyed: false,
    });
    expect(parseMutexHeader('Mutex M7 is already destroyed.')).toEqual({
      id: 'M7',
      address: null,
      destroyed: true,
    });
    expect(
      parseMutexHeader('Mutex M0 acquired here while holding mutex M1 in thread T1:'),
    ).toBeNull();
  });

  it('reads lock-order edges', () => {
    expect(
      parseEdgeHeader('Mutex M1 acquired here while holding mutex M0 in main thread:'),
    ).toEqual({
      previous: false,
      edge: { acquired: 'M1', held: 'M0', thread: 'main' },
    });
    expect(
      parseEdgeHeader('Mutex M0 acquired here while holding mutex M1 in thread T1:')?.edge.thread,
    ).toBe('T1');
    expect(parseEdgeHeader('Mutex M0 previously acquired by the same thread here:')).toEqual({
      previous: true,
      edge: { acquired: 'M0', held: null, thread: null },
    });
  });

  it('reads cycles of any length, each mutex once', () => {
    expect(
      parseCycle('Cycle in lock order graph: M0 (0x5555569e4698) => M1 (0x5555569e46c0) => M0'),
    ).toEqual([
      { id: 'M0', address: '0x5555569e4698' },
      { id: 'M1', address: '0x5555569e46c0' },
    ]);
    expect(parseCycle('Cycle in lock order graph: M0 => M1 => M2 => M0')?.map((m) => m.id)).toEqual(
      ['M0', 'M1', 'M2'],
    );
    expect(parseCycle('Cycle in lock order graph: M0 => nonsense')).toBeNull();
  });
});

describe('summaryFunction', () => {
  it.each([
    ['data race /src/a.c:7:39 in Thread2', 'data race', 'Thread2'],
    [
      'data race (/bin/race+0xe4674) (BuildId: f63e) in pthread_mutex_lock',
      'data race',
      'pthread_mutex_lock',
    ],
    ['data race (/home/dev/src/cl/race+0xe4674) (BuildId: f63e) ', 'data race', null],
    ['data race ??:0 ??', 'data race', null],
    ['data race file.c:7 Thread2', 'data race', 'Thread2'],
    ['data race URL.swift:10 in closure #3 in foo()', 'data race', 'closure #3 in foo()'],
    [
      'lock-order-inversion (potential deadlock) /src/d.c:5 in main',
      'lock-order-inversion (potential deadlock)',
      'main',
    ],
    ['Swift access race', 'Swift access race', null],
  ])('%s', (summary, kind, expected) => {
    expect(summaryFunction(summary, kind)).toBe(expected);
  });
});
