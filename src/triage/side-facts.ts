import type { Frame } from '../model/frame.js';
import type { MutexRef, Report, Runtime, ThreadRef } from '../model/report.js';
import type { TeardownMatch, TeardownRule } from './teardown.js';

/**
 * What a report states about one side of a race: who, what access, which locks, in teardown
 * or not. Read from the report only (nothing guessed); why.ts and related.ts use it.
 */
export interface SideFacts {
  readonly thread: ThreadRef | null;
  readonly op: 'read' | 'write' | null;
  readonly atomic: boolean;
  /** Mutexes TSan says the thread held (`(mutexes: write M0, read M1)`). */
  readonly mutexes: readonly MutexRef[];
  /** The side's stack holds a teardown function (exit, a runtime's finalizer). */
  readonly teardown: TeardownMatch | null;
  /** The side's thread is listed as running (`Thread T7 (tid=..., running)`). */
  readonly running: boolean;
}

// Go's atomics are calls into sync/atomic (or the runtime's own atomics): the race detector
// prints no `atomic` word, the stack says it.
const GO_ATOMIC = /^(?:sync\/atomic|internal\/runtime\/atomic|runtime\/internal\/atomic)\./;

/** One SideFacts per access of a race report, in print order; empty for other families. */
export function sideFactsOf(report: Report, teardown: TeardownRule): SideFacts[] {
  if (report.family !== 'race') return [];
  const running = new Set(report.threads.filter((t) => t.state === 'running').map((t) => t.id));
  return report.accesses.map((access) => ({
    thread: access.thread,
    op: access.op,
    atomic: access.atomic || (report.runtime === 'go' && isGoAtomic(access.frames)),
    mutexes: access.mutexes,
    teardown: teardown.match(access.frames),
    running: access.thread !== null && running.has(access.thread),
  }));
}

function isGoAtomic(frames: readonly Frame[]): boolean {
  for (const frame of frames.slice(0, 3)) {
    if (frame.function !== null && GO_ATOMIC.test(frame.function)) return true;
  }
  return false;
}

/** `the main thread`, `thread T7`, `goroutine 7`, `the main goroutine`. */
export function threadWords(thread: ThreadRef | null, runtime: Runtime): string {
  const go = runtime === 'go';
  if (thread === null) return go ? 'an unknown goroutine' : 'an unknown thread';
  if (thread === 'main') return go ? 'the main goroutine' : 'the main thread';
  if (/^G\d+$/.test(thread)) return `goroutine ${thread.slice(1)}`;
  return `thread ${thread}`;
}
