/**
 * The parser against the real TSan runtimes: every program in test/programs is compiled with
 * gcc 12 (libtsan2) and clang 19, run, and its stderr parsed. Each case asserts what the
 * program is known to provoke (kinds, accesses, frames by source marker, locations, threads,
 * mutexes, cycles); on top of that every report is cross-checked against the raw text
 * (frames must render back to their exact lines, MOP and thread headers must agree).
 *
 * Timing: which access TSan prints as current and which as "Previous" depends on scheduling,
 * so races are asserted as unordered pairs keyed by thread.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  Access,
  ExtraStack,
  Frame,
  Location,
  ParseRecord,
  Report,
  ThreadInfo,
} from '../../src/index.js';
import { kindInfo, parseText } from '../../src/index.js';
import {
  detectToolchains,
  IN_CI,
  type Language,
  languageOf,
  missingToolchainMessage,
  type OptLevel,
  PROGRAMS_DIR,
  type RunResult,
  runTsan,
  TOOLCHAINS,
  type Toolchain,
  type ToolchainId,
  type ToolchainStatus,
  type TsanOptions,
  TsanWorkspace,
} from '../support/tsan-toolchains.js';

// ---------------------------------------------------------------------------------------------
// Sources and markers

/** A program source; `line('x')` is the line carrying the comment marker `@x`. */
class Source {
  readonly path: string;
  readonly text: string;
  private readonly lines: string[];

  constructor(readonly fileName: string) {
    this.path = path.join(PROGRAMS_DIR, fileName);
    this.text = readFileSync(this.path, 'utf8');
    this.lines = this.text.split('\n');
  }

  line(marker: string): number {
    const pattern = new RegExp(`/\\* @${marker.replace(/[-]/g, '\\-')} \\*/`);
    const hits = this.lines.flatMap((text, i) => (pattern.test(text) ? [i + 1] : []));
    if (hits.length !== 1) {
      throw new Error(`${this.fileName}: marker @${marker} found ${hits.length} times`);
    }
    return hits[0] as number;
  }
}

const sources = new Map<string, Source>();
function source(fileName: string): Source {
  let s = sources.get(fileName);
  if (!s) {
    s = new Source(fileName);
    sources.set(fileName, s);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function at<T>(items: readonly T[], index: number, what = 'item'): T {
  const item = items[index];
  if (item === undefined) {
    throw new Error(`expected ${what} #${index}, but there are only ${items.length}`);
  }
  return item;
}

/** Function names that differ between the toolchains' symbolizers. */
type Name = string | Readonly<Record<ToolchainId, string>>;

const RUNTIME_FUNCTION =
  /^(pthread_|__tsan|__sanitizer|__interceptor_|__libc_|CallUserSignalHandler|operator new|operator delete|(malloc|calloc|realloc|free|close|write|read|pipe|usleep|sleep|nanosleep|memcpy|memset)$)/;

/** Interceptor and runtime frames: pthread_*, malloc, free, __tsan_*, gcc's libsanitizer files. */
function isRuntimeFrame(frame: Frame): boolean {
  if (frame.function === null) return true;
  if (RUNTIME_FUNCTION.test(frame.function)) return true;
  const file = frame.file ?? '';
  return file.includes('libsanitizer') || file.includes('compiler-rt') || file.endsWith('.cpp.o');
}

function topUserFrameIndex(frames: readonly Frame[]): number {
  const index = frames.findIndex((f) => !isRuntimeFrame(f));
  if (index < 0) {
    throw new Error(`no user frame in [${frames.map((f) => f.function).join(', ')}]`);
  }
  return index;
}

const ANSI = /\x1b\[[0-9;]*m/g;

// ---------------------------------------------------------------------------------------------
// Cases

/**
 * How frames are printed: TSan's default `    #%n %f %S %M`; `vs` with symbolize_vs_style=1
 * (`file(line,col)`); `asan` with stack_trace_format=DEFAULT (`    #%n %p %F %L`).
 */
type FrameFormat = 'default' | 'vs' | 'asan';

interface Ctx {
  readonly tc: Toolchain;
  readonly src: Source;
  /** The source path frames should show (shorter with strip_path_prefix). */
  readonly sourceFile: string;
  readonly frameFormat: FrameFormat;
  /** Basename of the binary: the module TSan prints for program frames. */
  readonly module: string;
  readonly run: RunResult;
  /** stderr with ANSI colour codes removed. */
  readonly stderr: string;
  readonly records: readonly ParseRecord[];
  readonly reports: readonly Report[];
}

interface Case {
  /** Unique name; also the log name given to the parser (`<id>.<toolchain>.log`). */
  readonly id: string;
  readonly program: string;
  readonly only?: ToolchainId;
  readonly opt?: OptLevel;
  readonly tsanOptions?: TsanOptions;
  /** Exit status of the process (default 66: TSan's exitcode after a report). */
  readonly exitCode?: number;
  readonly frameFormat?: FrameFormat;
  /** Run with strip_path_prefix=<test/programs/>, so frames show just the file name. */
  readonly stripPrefix?: boolean;
  /** A suppressions file to run with (and print_suppressions=1). */
  readonly suppressions?: string;
  readonly check: (ctx: Ctx) => void;
}

function name(ctx: Ctx, n: Name): string {
  return typeof n === 'string' ? n : n[ctx.tc.id];
}

interface FrameExpect {
  readonly fn: Name;
  /** The source marker of the frame's line (per toolchain where their line tables differ). */
  readonly marker: Name;
  /** clang prints no column for some frames (a signal handler's entry); default: required. */
  readonly column?: 'required' | 'any';
}

/** Asserts a frame points at `marker` in the program's source, with column for clang. */
function expectFrameAt(ctx: Ctx, frame: Frame | undefined, e: FrameExpect, what: string): void {
  expect(frame, what).toBeDefined();
  if (!frame) return;
  expect(
    { function: frame.function, file: frame.file, line: frame.line },
    `${what}: ${JSON.stringify(frame)}`,
  ).toEqual({
    function: name(ctx, e.fn),
    file: ctx.sourceFile,
    line: ctx.src.line(name(ctx, e.marker)),
  });
  if (ctx.frameFormat === 'asan') {
    // `#0 0x5555... in consumer /path/file.c:16:14`: a PC, no module group.
    expect(frame.address, `${what}: address`).toMatch(/^0x[0-9a-f]+$/);
    expect({ module: frame.module, offset: frame.offset, buildId: frame.buildId }).toEqual({
      module: null,
      offset: null,
      buildId: null,
    });
  } else {
    expect(frame.module, `${what}: module`).toBe(ctx.module);
    expect(frame.offset, `${what}: offset`).toMatch(/^0x[0-9a-f]+$/);
    expect(frame.address, `${what}: address`).toBeNull();
  }
  if (ctx.tc.id === 'gcc') {
    expect(frame.column, `${what}: gcc prints no column`).toBeNull();
    expect(frame.buildId, `${what}: gcc prints no BuildId`).toBeNull();
  } else if ((e.column ?? 'required') === 'required') {
    expect(frame.column, `${what}: clang column`).toEqual(expect.any(Number));
    expect(frame.column ?? 0, `${what}: clang column`).toBeGreaterThan(0);
  }
}

/**
 * The top user frame (first frame that is not an interceptor/runtime frame) and, optionally,
 * the frames right below it.
 */
function expectStack(
  ctx: Ctx,
  frames: readonly Frame[],
  expected: readonly FrameExpect[],
  what: string,
): void {
  const top = topUserFrameIndex(frames);
  expected.forEach((e, i) => {
    expectFrameAt(ctx, frames[top + i], e, `${what}, frame #${top + i}`);
  });
  frames.forEach((f, i) => {
    expect(f.index, `${what}: frame numbering`).toBe(i);
  });
}

interface AccessExpect {
  readonly thread: string;
  readonly op: 'read' | 'write';
  /** null for external-object accesses, which print no size. */
  readonly size: number | null;
  readonly atomic?: boolean;
  /** Modes of the mutexes held, in print order. */
  readonly mutexes?: readonly ('read' | 'write')[];
  readonly objectType?: string;
  readonly stack: readonly FrameExpect[];
}

/** The two accesses of a race, in either order (the one printed second is "Previous"). */
function expectAccessPair(ctx: Ctx, report: Report, expected: readonly AccessExpect[]): void {
  expect(report.accesses.length, 'number of accesses').toBe(expected.length);
  report.accesses.forEach((a, i) => {
    expect(a.previous, `access #${i}: previous`).toBe(i > 0);
  });
  expect(new Set(report.accesses.map((a) => a.thread)).size, 'one access per thread').toBe(
    expected.length,
  );
  for (const e of expected) {
    const access = report.accesses.find((a) => a.thread === e.thread);
    expect(access, `access by ${e.thread}`).toBeDefined();
    if (!access) continue;
    expectAccess(ctx, access, e, `access by ${e.thread}`);
  }
}

function expectAccess(ctx: Ctx, access: Access, e: AccessExpect, what: string): void {
  expect(
    {
      thread: access.thread,
      op: access.op,
      size: access.size,
      atomic: access.atomic,
      modes: access.mutexes.map((m) => m.mode),
      objectType: access.objectType,
      stackRestored: access.stackRestored,
    },
    what,
  ).toEqual({
    thread: e.thread,
    op: e.op,
    size: e.size,
    atomic: e.atomic ?? false,
    modes: e.mutexes ?? [],
    objectType: e.objectType,
    stackRestored: true,
  });
  expect(access.address, `${what}: address`).toMatch(/^0x[0-9a-f]+$/);
  expectStack(ctx, access.frames, e.stack, what);
}

function expectThread(
  ctx: Ctx,
  report: Report,
  id: string,
  e: {
    name?: string | null;
    /** gcc 12's runtime sometimes loses a pthread_setname_np name (about 1 run in 100 under load). */
    nameMayBeLost?: boolean;
    state?: 'running' | 'finished';
    stack: readonly FrameExpect[];
  },
): ThreadInfo | undefined {
  const thread = report.threads.find((t) => t.id === id);
  expect(thread, `thread ${id} in [${report.threads.map((t) => t.id).join(', ')}]`).toBeDefined();
  if (!thread) return undefined;
  // (When the name was lost, the raw cross-check has already verified that none was printed.)
  const lost = e.nameMayBeLost === true && ctx.tc.id === 'gcc' && thread.name === null;
  if (!lost) expect(thread.name, `thread ${id} name`).toBe(e.name ?? null);
  expect(thread.createdBy, `thread ${id} created by`).toBe('main');
  expect(thread.tid, `thread ${id} tid`).toEqual(expect.any(Number));
  if (e.state) expect(thread.state, `thread ${id} state`).toBe(e.state);
  else expect(['running', 'finished']).toContain(thread.state);
  expect(thread.stackRestored).toBe(true);
  expect(at(thread.frames, 0, 'frame').function, `thread ${id} frame #0`).toBe('pthread_create');
  expectStack(ctx, thread.frames, e.stack, `thread ${id}`);
  return thread;
}

function expectGlobal(ctx: Ctx, location: Location | null, globalName: string, size: number): void {
  expect(location).toEqual({
    type: 'global',
    name: globalName,
    size,
    address: expect.stringMatching(/^0x[0-9a-f]+$/),
    module: ctx.module,
    offset: expect.stringMatching(/^0x[0-9a-f]+$/),
    artifact: false,
  });
}

function expectHeap(
  ctx: Ctx,
  location: Location | null,
  size: number,
  stack: readonly FrameExpect[],
  objectType?: string,
): Extract<Location, { type: 'heap' }> | undefined {
  expect(location?.type, 'location type').toBe('heap');
  if (location?.type !== 'heap') return undefined;
  expect(location.size, 'heap block size').toBe(size);
  expect(location.thread, 'heap block allocated by').toBe('main');
  expect(location.address).toMatch(/^0x[0-9a-f]+$/);
  expect(location.objectType, 'heap block object type').toBe(objectType);
  expectStack(ctx, location.frames, stack, 'heap allocation');
  return location;
}

/** The address difference of two printed addresses. */
function offsetOf(address: string | null, base: string | null): bigint {
  if (address === null || base === null) throw new Error('address missing');
  return BigInt(address) - BigInt(base);
}

function only<T>(items: readonly T[], what: string): T {
  expect(items.length, `number of ${what}`).toBe(1);
  return at(items, 0, what);
}

function kinds(ctx: Ctx): string[] {
  return ctx.reports.map((r) => r.kind);
}

/** A report whose body starts with an unlabeled stack (mutex misuse, signal reports). */
function headlineStack(report: Report): ExtraStack {
  const stack = at(report.stacks, 0, 'stack');
  expect(stack.role).toBe('headline');
  expect(stack.title).toBeNull();
  expect(stack.stackRestored).toBe(true);
  return stack;
}

function noRaceSections(report: Report): void {
  expect(report.accesses, 'accesses').toEqual([]);
  expect(report.cycle, 'cycle').toBeNull();
  expect(report.similarThreadLeaks, 'similar thread leaks').toBeNull();
}

/** Checks shared by the plain, coloured and default-option runs of global_race.c. */
function checkGlobalRace(ctx: Ctx): void {
  expect(kinds(ctx)).toEqual(['data race']);
  const report = at(ctx.reports, 0, 'report');
  expectAccessPair(ctx, report, [
    { thread: 'T1', op: 'write', size: 4, stack: [{ fn: 'producer', marker: 'producer-write' }] },
    { thread: 'T2', op: 'read', size: 4, stack: [{ fn: 'consumer', marker: 'consumer-read' }] },
  ]);
  expectGlobal(ctx, report.location, 'racy_total', 4);
  expect(report.locations).toHaveLength(1);
  expect(report.threads.map((t) => t.id).sort()).toEqual(['T1', 'T2']);
  expectThread(ctx, report, 'T1', { stack: [{ fn: 'main', marker: 'create-producer' }] });
  expectThread(ctx, report, 'T2', { stack: [{ fn: 'main', marker: 'create-consumer' }] });
  expect(report.mutexes).toEqual([]);
  expect(report.stacks).toEqual([]);
  expect(report.cycle).toBeNull();
  expect(report.similarThreadLeaks).toBeNull();
  expect(ctx.run.stdout).toBe('total=42\n');
}

function checkMutexMisuse(
  ctx: Ctx,
  e: {
    kind: string;
    kindId: string;
    top: string;
    stack: readonly FrameExpect[];
    global: { name: string; size: number } | null;
    created: readonly FrameExpect[] | 'unrestored';
  },
): void {
  expect(kinds(ctx)).toEqual([e.kind]);
  const report = at(ctx.reports, 0, 'report');
  expect(report.kindId).toBe(e.kindId);
  expect(report.family).toBe('mutex');
  noRaceSections(report);
  const stack = headlineStack(report);
  expect(report.stacks).toHaveLength(1);
  expect(at(stack.frames, 0, 'frame').function).toBe(e.top);
  expectStack(ctx, stack.frames, e.stack, 'headline stack');
  if (e.global) {
    expectGlobal(ctx, report.location, e.global.name, e.global.size);
    expect(report.locations).toHaveLength(1);
  } else {
    expect(report.location).toBeNull();
    expect(report.locations).toEqual([]);
  }
  const mutex = only(report.mutexes, 'mutexes');
  expect(mutex.id).toMatch(/^M\d+$/);
  expect(mutex.destroyed).toBe(false);
  if (report.location?.type === 'global') expect(mutex.address).toBe(report.location.address);
  if (e.created === 'unrestored') {
    // MutexInfo has no stackRestored flag: an unrestored creation stack has no frames.
    expect(mutex.frames).toEqual([]);
  } else {
    expectStack(ctx, mutex.frames, e.created, 'mutex creation');
  }
  expect(report.threads).toEqual([]);
}

function checkLockOrder(ctx: Ctx, secondStacks: boolean): void {
  expect(kinds(ctx)).toEqual(['lock-order-inversion (potential deadlock)']);
  const report = at(ctx.reports, 0, 'report');
  expect(report.kindId).toBe('lock-order-inversion');
  expect(report.family).toBe('deadlock');
  expect(report.cycle?.map((m) => m.id)).toEqual(['M0', 'M1']);
  expect(report.accesses).toEqual([]);
  expect(report.mutexes).toEqual([]);
  const roles = secondStacks
    ? ['lock-edge', 'lock-edge-previous', 'lock-edge', 'lock-edge-previous']
    : ['lock-edge', 'lock-edge'];
  expect(report.stacks.map((s) => s.role)).toEqual(roles);
  const edges = report.stacks.filter((s) => s.role === 'lock-edge');
  const previous = report.stacks.filter((s) => s.role === 'lock-edge-previous');
  const [mainEdge, threadEdge] = [at(edges, 0, 'edge'), at(edges, 1, 'edge')];
  expect(mainEdge.edge).toEqual({ acquired: 'M1', held: 'M0', thread: 'main' });
  expect(mainEdge.title).toBe('Mutex M1 acquired here while holding mutex M0 in main thread');
  expect(at(mainEdge.frames, 0, 'frame').function).toBe('pthread_mutex_lock');
  expectStack(
    ctx,
    mainEdge.frames,
    [
      { fn: 'transfer', marker: 'transfer-second' },
      { fn: 'main', marker: 'call-transfer' },
    ],
    'main thread edge',
  );
  expect(threadEdge.edge).toEqual({ acquired: 'M0', held: 'M1', thread: 'T1' });
  expect(threadEdge.title).toBe('Mutex M0 acquired here while holding mutex M1 in thread T1');
  expectStack(ctx, threadEdge.frames, [{ fn: 'auditor', marker: 'audit-second' }], 'T1 edge');
  if (secondStacks) {
    const [p0, p1] = [at(previous, 0, 'previous'), at(previous, 1, 'previous')];
    expect(p0.title).toBe('Mutex M0 previously acquired by the same thread here');
    expectStack(ctx, p0.frames, [{ fn: 'transfer', marker: 'transfer-first' }], 'main previous');
    expect(p1.title).toBe('Mutex M1 previously acquired by the same thread here');
    expectStack(ctx, p1.frames, [{ fn: 'auditor', marker: 'audit-first' }], 'T1 previous');
    expect(ctx.stderr).not.toContain('Hint:');
  } else {
    expect(ctx.stderr).toContain('    Hint: use TSAN_OPTIONS=second_deadlock_stack=1');
  }
  expectThread(ctx, report, 'T1', { stack: [{ fn: 'main', marker: 'create' }] });
  expect(report.threads).toHaveLength(1);
}

const CASES: readonly Case[] = [
  {
    id: 'global_race',
    program: 'global_race.c',
    check: checkGlobalRace,
  },
  {
    id: 'global_race-color',
    program: 'global_race.c',
    tsanOptions: { color: 'always' },
    check(ctx) {
      expect(ctx.run.stderr, 'real ANSI colour codes').toContain('\x1b[1m\x1b[31mWARNING:');
      checkGlobalRace(ctx);
    },
  },
  {
    id: 'global_race-O0',
    program: 'global_race.c',
    opt: '-O0',
    check: checkGlobalRace,
  },
  {
    id: 'global_race-vs-style',
    program: 'global_race.c',
    tsanOptions: { symbolize_vs_style: 1 },
    frameFormat: 'vs',
    check: checkGlobalRace,
  },
  {
    id: 'global_race-default-format',
    program: 'global_race.c',
    tsanOptions: { stack_trace_format: 'DEFAULT' },
    frameFormat: 'asan',
    check(ctx) {
      checkGlobalRace(ctx);
      // The interceptor frame: gcc knows its source; clang's static runtime does not, so %L
      // prints `(module+0xoff) (BuildId: ...)` there, with the module's full path.
      for (const t of at(ctx.reports, 0, 'report').threads) {
        const create = at(t.frames, 0, 'frame');
        expect(create.function).toBe('pthread_create');
        expect(create.address).toMatch(/^0x[0-9a-f]+$/);
        if (ctx.tc.id === 'gcc') {
          expect(create.file).toMatch(/libsanitizer\/tsan\/tsan_interceptors_posix\.cpp$/);
          expect(create.module).toBeNull();
        } else {
          expect(create.file).toBeNull();
          // Frame.module is documented as the module's basename.
          expect(create.module, 'module basename').toBe(ctx.module);
          expect(create.offset).toMatch(/^0x[0-9a-f]+$/);
          expect(create.buildId).toMatch(/^[0-9a-f]{40}$/);
        }
      }
    },
  },
  {
    id: 'global_race-strip-prefix',
    program: 'global_race.c',
    stripPrefix: true,
    check(ctx) {
      checkGlobalRace(ctx);
      // The SUMMARY names the access TSan printed first, which is timing-dependent: either line.
      expect(at(ctx.reports, 0, 'report').summary).toMatch(/^data race global_race\.c:(?:10|16)\b/);
    },
  },
  {
    id: 'global_race-verbose',
    program: 'global_race.c',
    tsanOptions: { verbosity: 1 },
    check(ctx) {
      // `==PID==...` lines and the banner come before the report.
      expect(ctx.stderr).toMatch(/^\*{5} Running under ThreadSanitizer v[23] \(pid \d+\) \*{5}$/m);
      expect(ctx.stderr).toMatch(/^==\d+==/m);
      checkGlobalRace(ctx);
    },
  },
  {
    id: 'global_race-module-map',
    program: 'global_race.c',
    tsanOptions: { print_module_map: 2 },
    check(ctx) {
      // The memory map sits between SUMMARY and the closing separator.
      expect(ctx.stderr).toContain('==Process memory map follows:');
      checkGlobalRace(ctx);
    },
  },
  {
    id: 'global_race-symbolize0',
    program: 'global_race.c',
    tsanOptions: { symbolize: 0 },
    check(ctx) {
      expect(kinds(ctx)).toEqual(['data race']);
      const report = at(ctx.reports, 0, 'report');
      expect(report.accesses.map((a) => [a.thread, a.op]).sort()).toEqual([
        ['T1', 'write'],
        ['T2', 'read'],
      ]);
      const frames = [
        ...report.accesses.flatMap((a) => a.frames),
        ...report.threads.flatMap((t) => t.frames),
      ];
      expect(frames.length).toBeGreaterThan(0);
      for (const f of frames) {
        expect({ function: f.function, file: f.file, line: f.line, column: f.column }).toEqual({
          function: null,
          file: null,
          line: null,
          column: null,
        });
        expect(f.offset).toMatch(/^0x[0-9a-f]+$/);
      }
      for (const a of report.accesses) expect(at(a.frames, 0, 'frame').module).toBe(ctx.module);
      // gcc prints `Location is global '<null>' at 0x000000000000 (global_race+0x405c)`, a
      // global with no name, like the bogus one after stack locations; clang prints none.
      expect(report.location).toBeNull();
      if (ctx.tc.id === 'gcc') {
        expect(report.locations).toEqual([
          {
            type: 'global',
            name: '<null>',
            size: null,
            address: '0x000000000000',
            module: ctx.module,
            offset: expect.stringMatching(/^0x[0-9a-f]+$/),
            artifact: true,
          },
        ]);
      } else {
        expect(report.locations).toEqual([]);
      }
      expect(report.summaryFunction).toBeNull();
    },
  },
  {
    id: 'atomic_mix-halt',
    program: 'atomic_mix.c',
    tsanOptions: { halt_on_error: 1 },
    check(ctx) {
      // The process dies right after the first report: no "reported N warnings" line.
      expect(kinds(ctx)).toEqual(['data race']);
      expect(ctx.stderr).not.toContain('ThreadSanitizer: reported');
      const report = at(ctx.reports, 0, 'report');
      expect(report.truncated).toBe(false);
      expectGlobal(ctx, report.location, 'ready', 4);
    },
  },
  {
    id: 'atomic_mix-suppressed',
    program: 'atomic_mix.c',
    // Suppressions match global names too: this drops the race on `epoch` only.
    suppressions: '# racelens test\nrace:epoch\n',
    check(ctx) {
      expect(kinds(ctx)).toEqual(['data race']);
      expectGlobal(ctx, at(ctx.reports, 0, 'report').location, 'ready', 4);
      // After "reported 1 warnings": the suppression statistics (not a report).
      expect(ctx.stderr).toMatch(
        /^ThreadSanitizer: reported 1 warnings\nThreadSanitizer: Matched 1 suppressions \(pid=\d+\):\n1 race:epoch\n$/m,
      );
    },
  },
  {
    id: 'heap_mutex',
    program: 'heap_mutex.c',
    check(ctx) {
      expect(kinds(ctx)).toEqual(['data race']);
      const report = at(ctx.reports, 0, 'report');
      expectAccessPair(ctx, report, [
        {
          thread: 'T1',
          op: 'write',
          size: 4,
          mutexes: ['write', 'read'],
          stack: [{ fn: 'ingest', marker: 'ingest-write' }],
        },
        {
          thread: 'T2',
          op: 'write',
          size: 4,
          stack: [{ fn: 'reporter', marker: 'reporter-write' }],
        },
      ]);
      const heap = expectHeap(ctx, report.location, 32, [{ fn: 'main', marker: 'alloc' }]);
      const locked = report.accesses.find((a) => a.thread === 'T1');
      if (heap && locked) expect(offsetOf(locked.address, heap.address)).toBe(8n);
      // The mutex ids of the access resolve to the Mutex sections, in print order.
      const ids = locked?.mutexes.map((m) => m.id) ?? [];
      expect(report.mutexes.map((m) => m.id)).toEqual(ids);
      expect(new Set(ids).size).toBe(2);
      const [writeLocked, readLocked] = [
        at(report.mutexes, 0, 'mutex'),
        at(report.mutexes, 1, 'mutex'),
      ];
      expect(at(writeLocked.frames, 0, 'frame').function).toBe('pthread_mutex_lock');
      expectStack(ctx, writeLocked.frames, [{ fn: 'ingest', marker: 'lock-mutex' }], 'mutex M0');
      expect(at(readLocked.frames, 0, 'frame').function).toBe('pthread_rwlock_rdlock');
      expectStack(ctx, readLocked.frames, [{ fn: 'ingest', marker: 'lock-rwlock' }], 'rwlock');
      for (const m of report.mutexes) expect(m.address).toMatch(/^0x[0-9a-f]+$/);
      expectThread(ctx, report, 'T1', {
        name: 'ingest one',
        nameMayBeLost: true,
        stack: [{ fn: 'main', marker: 'create-ingest' }],
      });
      expectThread(ctx, report, 'T2', {
        name: 'reporter',
        nameMayBeLost: true,
        stack: [{ fn: 'main', marker: 'create-reporter' }],
      });
    },
  },
  {
    id: 'atomic_mix',
    program: 'atomic_mix.c',
    check(ctx) {
      expect(kinds(ctx)).toEqual(['data race', 'data race']);
      const byGlobal = (n: string): Report => {
        const r = ctx.reports.find((x) => x.location?.type === 'global' && x.location.name === n);
        if (!r) throw new Error(`no report on global ${n}`);
        return r;
      };
      const ready = byGlobal('ready');
      expectAccessPair(ctx, ready, [
        { thread: 'main', op: 'read', size: 4, stack: [{ fn: 'main', marker: 'plain-ready' }] },
        {
          thread: 'T1',
          op: 'write',
          size: 4,
          atomic: true,
          stack: [{ fn: 'publisher', marker: 'atomic-ready' }],
        },
      ]);
      const epoch = byGlobal('epoch');
      expectAccessPair(ctx, epoch, [
        { thread: 'main', op: 'write', size: 4, stack: [{ fn: 'main', marker: 'plain-epoch' }] },
        {
          thread: 'T1',
          op: 'write',
          size: 4,
          atomic: true,
          stack: [{ fn: 'publisher', marker: 'atomic-epoch' }],
        },
      ]);
      for (const r of ctx.reports) {
        for (const s of r.stacks) expect(s.role).toBe('sleep');
        expectThread(ctx, r, 'T1', { stack: [{ fn: 'main', marker: 'create' }] });
      }
    },
  },
  {
    id: 'vptr_race',
    program: 'vptr_race.cpp',
    check(ctx) {
      expect(kinds(ctx)).toEqual(['data race on vptr (ctor/dtor vs virtual call)']);
      const report = at(ctx.reports, 0, 'report');
      expect(report.kindId).toBe('data-race-vptr');
      expect(report.family).toBe('race');
      expectAccessPair(ctx, report, [
        {
          thread: 'T2',
          op: 'write',
          size: 8,
          stack: [
            { fn: 'Base::~Base()', marker: 'base-dtor' },
            { fn: 'Derived::~Derived()', marker: 'derived-dtor' },
          ],
        },
        {
          thread: 'T1',
          op: 'read',
          size: 8,
          stack: [{ fn: { gcc: 'Visitor', clang: 'Visitor(void*)' }, marker: 'visit' }],
        },
      ]);
      const destroyer = report.accesses.find((a) => a.thread === 'T2');
      const last = destroyer?.frames.at(-1);
      expectFrameAt(
        ctx,
        last,
        { fn: { gcc: 'Destroyer', clang: 'Destroyer(void*)' }, marker: 'delete' },
        'bottom of the destructor stack',
      );
      const heap = expectHeap(ctx, report.location, 40, [{ fn: 'main', marker: 'new' }]);
      expect(heap && at(heap.frames, 0, 'frame').function).toBe('operator new(unsigned long)');
    },
  },
  {
    id: 'vptr_uaf',
    program: 'vptr_uaf.cpp',
    check(ctx) {
      // gcc does not instrument vptr loads specially: both are plain heap-use-after-free.
      expect(kinds(ctx)).toEqual([
        ctx.tc.id === 'clang'
          ? 'heap-use-after-free (virtual call vs free)'
          : 'heap-use-after-free',
        'heap-use-after-free',
      ]);
      const [call, field] = [at(ctx.reports, 0, 'report'), at(ctx.reports, 1, 'report')];
      expect(call.kindId).toBe(
        ctx.tc.id === 'clang' ? 'heap-use-after-free-vptr' : 'heap-use-after-free',
      );
      expect(field.kindId).toBe('heap-use-after-free');
      const painter = { fn: { gcc: 'Painter', clang: 'Painter(void*)' }, marker: 'virtual-call' };
      for (const [report, current] of [
        [call, { size: 8, stack: [painter] }],
        [field, { size: 4, stack: [{ fn: 'Square::Area() const', marker: 'area' }, painter] }],
      ] as const) {
        expect(report.family).toBe('race');
        // The free always comes first, so the order is fixed here.
        expectAccess(
          ctx,
          at(report.accesses, 0, 'access'),
          { thread: 'T1', op: 'read', ...current },
          'use',
        );
        const free = at(report.accesses, 1, 'access');
        expectAccess(
          ctx,
          free,
          {
            thread: 'main',
            op: 'write',
            size: 8,
            stack: [
              { fn: 'Square::~Square()', marker: 'square' },
              { fn: 'main', marker: 'delete' },
            ],
          },
          'free',
        );
        expect(free.previous).toBe(true);
        expect(at(free.frames, 0, 'frame').function).toBe('operator delete(void*, unsigned long)');
        expect(report.location).toBeNull();
        expect(report.locations).toEqual([]);
      }
    },
  },
  {
    id: 'use_after_free',
    program: 'use_after_free.c',
    check(ctx) {
      expect(kinds(ctx)).toEqual(['heap-use-after-free']);
      const report = at(ctx.reports, 0, 'report');
      expect(report.kindId).toBe('heap-use-after-free');
      const [use, free] = [at(report.accesses, 0, 'access'), at(report.accesses, 1, 'access')];
      expectAccess(
        ctx,
        use,
        {
          thread: 'main',
          op: 'write',
          size: 4,
          mutexes: ['write'],
          stack: [{ fn: 'main', marker: 'use' }],
        },
        'use',
      );
      expectAccess(
        ctx,
        free,
        {
          thread: 'T1',
          op: 'write',
          size: 8,
          mutexes: ['write'],
          stack: [{ fn: 'janitor', marker: 'free' }],
        },
        'free',
      );
      expect([use.previous, free.previous]).toEqual([false, true]);
      expect(at(free.frames, 0, 'frame').function).toBe('free');
      const mutex = only(report.mutexes, 'mutexes');
      expect(use.mutexes.map((m) => m.id)).toEqual([mutex.id]);
      expect(free.mutexes.map((m) => m.id)).toEqual([mutex.id]);
      expectStack(ctx, mutex.frames, [{ fn: 'main', marker: 'first-lock' }], 'mutex');
      expect(report.location).toBeNull();
      for (const s of report.stacks) expect(s.role).toBe('sleep');
      // Usually finished by then, but it may still be on its way out.
      expectThread(ctx, report, 'T1', { stack: [{ fn: 'main', marker: 'create' }] });
    },
  },
  {
    id: 'thread_leak',
    program: 'thread_leak.c',
    check(ctx) {
      expect(kinds(ctx)).toEqual(['thread leak']);
      const report = at(ctx.reports, 0, 'report');
      expect(report.kindId).toBe('thread-leak');
      expect(report.family).toBe('thread');
      expect(report.similarThreadLeaks).toBe(2);
      expect(report.accesses).toEqual([]);
      expect(report.stacks).toEqual([]);
      expect(report.location).toBeNull();
      expectThread(ctx, report, 'T1', {
        state: 'finished',
        stack: [
          { fn: 'spawn', marker: 'create' },
          { fn: 'main', marker: 'spawn' },
        ],
      });
      expect(report.threads).toHaveLength(1);
    },
  },
  {
    id: 'destroy_locked',
    program: 'destroy_locked.c',
    check(ctx) {
      expect(kinds(ctx)).toEqual(['destroy of a locked mutex']);
      const report = at(ctx.reports, 0, 'report');
      expect(report.kindId).toBe('locked-mutex-destroy');
      expect(report.family).toBe('mutex');
      noRaceSections(report);
      expect(report.stacks.map((s) => s.role)).toEqual(['headline', 'and']);
      const [destroy, lock] = [at(report.stacks, 0, 'stack'), at(report.stacks, 1, 'stack')];
      expect(at(destroy.frames, 0, 'frame').function).toBe('pthread_mutex_destroy');
      expectStack(ctx, destroy.frames, [{ fn: 'main', marker: 'destroy' }], 'destroy');
      expect(at(lock.frames, 0, 'frame').function).toBe('pthread_mutex_lock');
      expectStack(ctx, lock.frames, [{ fn: 'main', marker: 'lock' }], 'lock');
      const heap = expectHeap(ctx, report.location, 48, [{ fn: 'main', marker: 'malloc' }]);
      const mutex = only(report.mutexes, 'mutexes');
      expect(mutex.id).toBe('M0');
      expect(mutex.address).toBe(heap?.address);
      expect(at(mutex.frames, 0, 'frame').function).toBe('pthread_mutex_init');
      expectStack(ctx, mutex.frames, [{ fn: 'main', marker: 'init' }], 'mutex creation');
    },
  },
  {
    id: 'double_lock',
    program: 'double_lock.c',
    check(ctx) {
      checkMutexMisuse(ctx, {
        kind: 'double lock of a mutex',
        kindId: 'mutex-double-lock',
        top: '__tsan_mutex_post_lock',
        stack: [
          { fn: 'spin_lock', marker: 'post-lock' },
          { fn: 'main', marker: 'second-lock' },
        ],
        global: { name: 'table_lock', size: 4 },
        created: [{ fn: 'main', marker: 'create' }],
      });
    },
  },
  {
    id: 'invalid_mutex',
    program: 'invalid_mutex.c',
    check(ctx) {
      // The Mutex section says `[failed to restore the stack]` in both runtimes.
      checkMutexMisuse(ctx, {
        kind: 'use of an invalid mutex (e.g. uninitialized or destroyed)',
        kindId: 'mutex-invalid-access',
        top: 'pthread_mutex_lock',
        stack: [{ fn: 'main', marker: 'lock' }],
        global: { name: 'cache_lock', size: 40 },
        created: 'unrestored',
      });
      expect(ctx.stderr).toContain('    [failed to restore the stack]');
    },
  },
  {
    id: 'unlock_unlocked',
    program: 'unlock_unlocked.c',
    check(ctx) {
      checkMutexMisuse(ctx, {
        kind: 'unlock of an unlocked mutex (or by a wrong thread)',
        kindId: 'mutex-bad-unlock',
        top: 'pthread_mutex_unlock',
        stack: [{ fn: 'register_entry', marker: 'unlock' }],
        global: { name: 'registry_lock', size: 40 },
        created: [{ fn: 'register_entry', marker: 'unlock' }],
      });
    },
  },
  {
    id: 'read_lock_write_locked',
    program: 'read_lock_write_locked.c',
    check(ctx) {
      checkMutexMisuse(ctx, {
        kind: 'read lock of a write locked mutex',
        kindId: 'mutex-bad-read-lock',
        top: '__tsan_mutex_post_lock',
        stack: [{ fn: 'main', marker: 'read-lock' }],
        global: { name: 'config_rwlock', size: 4 },
        created: [{ fn: 'main', marker: 'create' }],
      });
    },
  },
  {
    id: 'read_unlock_write_locked',
    program: 'read_unlock_write_locked.c',
    check(ctx) {
      checkMutexMisuse(ctx, {
        kind: 'read unlock of a write locked mutex',
        kindId: 'mutex-bad-read-unlock',
        top: '__tsan_mutex_pre_unlock',
        stack: [{ fn: 'main', marker: 'read-unlock' }],
        global: { name: 'index_rwlock', size: 4 },
        created: [{ fn: 'main', marker: 'create' }],
      });
    },
  },
  {
    // gcc 12's libtsan has neither __tsan_check_no_mutexes_held nor this report kind.
    id: 'wrong_context',
    program: 'wrong_context.c',
    only: 'clang',
    check(ctx) {
      checkMutexMisuse(ctx, {
        kind: 'mutex held in the wrong context',
        kindId: 'mutex-held-in-wrong-context',
        top: '__tsan_check_no_mutexes_held',
        stack: [
          { fn: 'may_block', marker: 'check' },
          { fn: 'main', marker: 'call' },
        ],
        global: null,
        created: [{ fn: 'main', marker: 'lock' }],
      });
    },
  },
  {
    id: 'signal_unsafe',
    program: 'signal_unsafe.c',
    check(ctx) {
      expect(kinds(ctx)).toEqual(['signal-unsafe call inside of a signal']);
      const report = at(ctx.reports, 0, 'report');
      expect(report.kindId).toBe('signal-unsafe-call');
      expect(report.family).toBe('signal');
      noRaceSections(report);
      const stack = headlineStack(report);
      expect(report.stacks).toHaveLength(1);
      expect(stack.frames).toHaveLength(4);
      expect(at(stack.frames, 0, 'frame').function).toBe('malloc');
      expectFrameAt(ctx, stack.frames[1], { fn: 'on_usr1', marker: 'malloc' }, 'handler');
      const trampoline = at(stack.frames, 2, 'frame');
      if (ctx.tc.id === 'gcc') {
        expect(trampoline.function).toBe('CallUserSignalHandler');
        expect(trampoline.file).toMatch(/libsanitizer\/tsan\/tsan_interceptors_posix\.cpp$/);
        expect(trampoline.line).toEqual(expect.any(Number));
        expect(trampoline.module).toBe('libtsan.so.2');
      } else {
        // The static runtime's "file" is an object file and there is no line.
        expect(trampoline.function).toBe(
          '__tsan::CallUserSignalHandler(__tsan::ThreadState*, bool, bool, int, __sanitizer::__sanitizer_siginfo*, void*)',
        );
        expect(trampoline.file).toBe('tsan_interceptors_posix.cpp.o');
        expect(trampoline.line).toBeNull();
        expect(trampoline.module).toBe(ctx.module);
      }
      expectFrameAt(ctx, stack.frames[3], { fn: 'main', marker: 'raise' }, 'interrupted code');
      expect(report.location).toBeNull();
      expect(report.mutexes).toEqual([]);
      expect(report.threads).toEqual([]);
    },
  },
  {
    id: 'errno_spoil',
    program: 'errno_spoil.c',
    check(ctx) {
      expect(kinds(ctx)).toEqual(['signal handler spoils errno']);
      const report = at(ctx.reports, 0, 'report');
      expect(report.kindId).toBe('errno-in-signal-handler');
      expect(report.family).toBe('signal');
      noRaceSections(report);
      const stack = only(report.stacks, 'stacks');
      if (ctx.tc.id === 'clang') {
        expect(stack.role).toBe('signal-handler');
        expect(stack.title).toBe('Signal 14 handler invoked at');
        expect(stack.signal).toBe(14);
      } else {
        // gcc 12 prints the stack with no header.
        expect(stack.role).toBe('headline');
        expect(stack.title).toBeNull();
      }
      // The handler's frame is its entry point: clang prints no column for it.
      expectStack(
        ctx,
        stack.frames,
        [
          { fn: 'on_alarm', marker: 'handler', column: 'any' },
          { fn: 'main', marker: 'wait' },
        ],
        'handler stack',
      );
      expect(topUserFrameIndex(stack.frames)).toBe(0);
    },
  },
  {
    id: 'lock_order',
    program: 'lock_order.c',
    check: (ctx) => checkLockOrder(ctx, false),
  },
  {
    id: 'lock_order-second_deadlock_stack',
    program: 'lock_order.c',
    tsanOptions: { second_deadlock_stack: 1 },
    check: (ctx) => checkLockOrder(ctx, true),
  },
  {
    id: 'lock_cycle3',
    program: 'lock_cycle3.c',
    check(ctx) {
      expect(kinds(ctx)).toEqual(['lock-order-inversion (potential deadlock)']);
      const report = at(ctx.reports, 0, 'report');
      expect(report.cycle?.map((m) => m.id)).toEqual(['M0', 'M1', 'M2']);
      expect(new Set(report.cycle?.map((m) => m.address)).size).toBe(3);
      expect(report.stacks.map((s) => [s.role, s.edge])).toEqual([
        ['lock-edge', { acquired: 'M1', held: 'M0', thread: 'main' }],
        ['lock-edge', { acquired: 'M2', held: 'M1', thread: 'T1' }],
        ['lock-edge', { acquired: 'M0', held: 'M2', thread: 'T2' }],
      ]);
      const callers = ['main', 'b_then_c', 'c_then_a'];
      report.stacks.forEach((s, i) => {
        const inner = { fn: 'nest', marker: 'inner' };
        const top = topUserFrameIndex(s.frames);
        expectFrameAt(ctx, s.frames[top], inner, `edge ${i}`);
        expect(s.frames[top + 1]?.function, `edge ${i} caller`).toBe(callers[i]);
      });
      expectThread(ctx, report, 'T1', {
        state: 'finished',
        stack: [{ fn: 'main', marker: 'create-1' }],
      });
      expectThread(ctx, report, 'T2', { stack: [{ fn: 'main', marker: 'create-2' }] });
    },
  },
  {
    id: 'fd_race',
    program: 'fd_race.c',
    check(ctx) {
      expect(kinds(ctx)).toEqual(['data race']);
      const report = at(ctx.reports, 0, 'report');
      expectAccessPair(ctx, report, [
        { thread: 'main', op: 'write', size: 8, stack: [{ fn: 'main', marker: 'close' }] },
        { thread: 'T1', op: 'read', size: 8, stack: [{ fn: 'logger', marker: 'write' }] },
      ]);
      const byThread = (t: string) => report.accesses.find((a) => a.thread === t)?.frames[0];
      expect(byThread('main')?.function).toBe('close');
      expect(byThread('T1')?.function).toBe('write');
      const fd = /Location is file descriptor (\d+) (\S+) by main thread at:/.exec(ctx.stderr);
      expect(fd, 'raw fd location line').not.toBeNull();
      const location = report.location;
      expect(location?.type).toBe('fd');
      if (location?.type !== 'fd' || !fd) return;
      expect({ fd: location.fd, event: location.event, thread: location.thread }).toEqual({
        fd: Number(fd[1]),
        event: fd[2],
        thread: 'main',
      });
      expect(location.event).toBe('created');
      expect(at(location.frames, 0, 'frame').function).toBe('pipe');
      expectStack(ctx, location.frames, [{ fn: 'main', marker: 'pipe' }], 'fd creation');
      expectThread(ctx, report, 'T1', { stack: [{ fn: 'main', marker: 'create' }] });
    },
  },
  {
    id: 'stack_race',
    program: 'stack_race.c',
    check(ctx) {
      expect(kinds(ctx)).toEqual(['data race']);
      const report = at(ctx.reports, 0, 'report');
      expectAccessPair(ctx, report, [
        { thread: 'main', op: 'write', size: 4, stack: [{ fn: 'main', marker: 'main-write' }] },
        { thread: 'T1', op: 'write', size: 4, stack: [{ fn: 'worker', marker: 'worker-write' }] },
      ]);
      expect(report.location).toEqual({ type: 'stack', thread: 'main' });
      // Both runtimes follow a stack location with a bogus global in `[stack]`.
      expect(report.locations).toHaveLength(2);
      const artifact = at(report.locations, 1, 'location');
      expect(artifact).toMatchObject({
        type: 'global',
        name: ctx.tc.id === 'gcc' ? '<null>' : '??',
        module: '[stack]',
        artifact: true,
      });
      expectThread(ctx, report, 'T1', { stack: [{ fn: 'main', marker: 'create' }] });
    },
  },
  {
    id: 'tls_race',
    program: 'tls_race.c',
    check(ctx) {
      expect(kinds(ctx)).toEqual(['data race']);
      const report = at(ctx.reports, 0, 'report');
      expectAccessPair(ctx, report, [
        { thread: 'main', op: 'write', size: 4, stack: [{ fn: 'main', marker: 'main-write' }] },
        { thread: 'T1', op: 'write', size: 4, stack: [{ fn: 'worker', marker: 'worker-write' }] },
      ]);
      expect(report.location).toEqual({ type: 'tls', thread: 'main' });
      expect(report.locations).toHaveLength(1);
    },
  },
  {
    id: 'cpp_lambda',
    program: 'cpp_lambda.cpp',
    check(ctx) {
      expect(kinds(ctx)).toEqual(['data race']);
      const report = at(ctx.reports, 0, 'report');
      expectAccessPair(ctx, report, [
        {
          thread: 'T1',
          op: 'write',
          size: 8,
          stack: [
            { fn: 'metrics::Tally<long>::bump(long)', marker: 'bump' },
            // gcc names the inlined lambda frame by its DWARF name only.
            { fn: { gcc: 'operator()', clang: 'main::$_0::operator()() const' }, marker: 'lambda' },
          ],
        },
        {
          thread: 'T2',
          op: 'read',
          size: 8,
          stack: [{ fn: 'Flusher::operator()(int) const', marker: 'flush-read' }],
        },
      ]);
      const flusher = report.accesses.find((a) => a.thread === 'T2');
      const invoke = flusher?.frames[1];
      expect(invoke?.function).toBe(
        'void std::__invoke_impl<void, Flusher, int>(std::__invoke_other, Flusher&&, int&&)',
      );
      expect(invoke?.file).toMatch(/\/c\+\+\/12\/bits\/invoke\.h$/);
      const runFrame = flusher?.frames.find((f) => f.function?.endsWith('::_M_run()'));
      expect(runFrame?.function).toBe(
        ctx.tc.id === 'gcc'
          ? 'std::thread::_State_impl<std::thread::_Invoker<std::tuple<Flusher, int> > >::_M_run()'
          : 'std::thread::_State_impl<std::thread::_Invoker<std::tuple<Flusher, int>>>::_M_run()',
      );
      expectGlobal(ctx, report.location, 'hits', 8);
      for (const t of report.threads) {
        // std::thread starts threads from libstdc++: function known, file unknown.
        const start = at(t.frames, 1, 'frame');
        expect(start.function).toMatch(
          /^std::thread::_M_start_thread\(std::unique_ptr<std::thread::_State, std::default_delete<std::thread::_State> ?>, void \(\*\)\(\)\)$/,
        );
        expect({ file: start.file, line: start.line, module: start.module }).toEqual({
          file: null,
          line: null,
          module: 'libstdc++.so.6',
        });
      }
    },
  },
  {
    id: 'odd_names',
    program: 'odd_names.cpp',
    check(ctx) {
      expect(kinds(ctx)).toEqual(['data race']);
      const report = at(ctx.reports, 0, 'report');
      const settle = {
        gcc: 'void settle<std::pair<int, long> >(std::pair<int, long> const&)',
        clang: 'void settle<std::pair<int, long>>(std::pair<int, long> const&)',
      };
      expectAccessPair(ctx, report, [
        {
          thread: 'T1',
          op: 'write',
          size: 8,
          stack: [
            {
              fn: { gcc: 'operator+=', clang: '(anonymous namespace)::Ledger::operator+=(long)' },
              marker: 'ledger-write',
            },
            { fn: { gcc: 'credit', clang: 'credit(void*)' }, marker: 'credit' },
          ],
        },
        {
          thread: 'T2',
          op: 'write',
          size: 8,
          stack: [
            { fn: settle, marker: 'settle-write' },
            { fn: { gcc: 'reconcile', clang: 'reconcile(void*)' }, marker: 'reconcile' },
          ],
        },
      ]);
      expectGlobal(ctx, report.location, 'balance', 8);
    },
  },
  {
    id: 'long_names',
    program: 'long_names.cpp',
    check(ctx) {
      expect(kinds(ctx)).toEqual(['data race']);
      const report = at(ctx.reports, 0, 'report');
      const seq = Array.from({ length: 40 }, (_, i) => i).join(', ');
      const recordAll = `void record_all<${seq}>(std::integer_sequence<int, ${seq}>)`;
      // gcc 12's runtime gives up demangling the 40-map instantiation and prints the mangled
      // symbol (~1.9 KB); clang 19 prints it demangled (~18 KB on one line).
      const record =
        ctx.tc.id === 'gcc'
          ? /^_Z6recordIJSt3mapI4SlotILi0EESt6vector\w+Evl$/
          : /^void record<std::map<Slot<0>, std::vector<std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char>>, .*Slot<39>.*>\(long\)$/;
      const writer = report.accesses.find((a) => a.thread === 'T1');
      const top = writer?.frames[0];
      expect(top?.function).toMatch(record);
      expect(top?.function?.length ?? 0).toBeGreaterThan(ctx.tc.id === 'gcc' ? 1500 : 15000);
      expectAccessPair(ctx, report, [
        { thread: 'main', op: 'write', size: 8, stack: [{ fn: 'main', marker: 'main-write' }] },
        {
          thread: 'T1',
          op: 'write',
          size: 8,
          stack: [
            { fn: top?.function ?? '?', marker: 'record' },
            { fn: recordAll, marker: 'record-all' },
            { fn: { gcc: 'bookkeeper', clang: 'bookkeeper(void*)' }, marker: 'bookkeeper' },
          ],
        },
      ]);
      expectGlobal(ctx, report.location, 'ledger', 8);
    },
  },
  {
    id: 'inline_o2',
    program: 'inline_o2.c',
    opt: '-O2',
    check(ctx) {
      expect(kinds(ctx)).toEqual(['data race']);
      const report = at(ctx.reports, 0, 'report');
      const inlined = [
        { fn: 'store_level', marker: 'store' },
        { fn: 'apply_level', marker: 'apply' },
      ];
      expectAccessPair(ctx, report, [
        {
          thread: 'main',
          op: 'write',
          size: 4,
          stack: [...inlined, { fn: 'main', marker: 'main' }],
        },
        {
          thread: 'T1',
          op: 'write',
          size: 4,
          stack: [...inlined, { fn: 'tuner', marker: 'tuner' }],
        },
      ]);
      for (const a of report.accesses) {
        expect(a.frames).toHaveLength(3);
        // One inline group: one PC, so one module offset.
        expect(new Set(a.frames.map((f) => f.offset)).size).toBe(1);
        // clang 19 prints the BuildId only on the first frame of an inline group.
        expect(a.frames.map((f) => f.buildId !== null)).toEqual(
          ctx.tc.id === 'clang' ? [true, false, false] : [false, false, false],
        );
      }
    },
  },
  {
    id: 'external_race',
    program: 'external_race.c',
    check(ctx) {
      expect(kinds(ctx)).toEqual([
        'race on WorkQueue',
        'data race',
        'EventBus access race',
        'data race',
      ]);
      const queues = [
        { tag: 'WorkQueue', push: 'push-jobs', peek: 'peek-jobs', created: 'new-jobs' },
        { tag: 'EventBus', push: 'push-events', peek: 'peek-events', created: 'new-events' },
      ];
      queues.forEach((q, i) => {
        const external = at(ctx.reports, 2 * i, 'report');
        // A custom header (like Swift's "Swift access race") is whatever the kind table says.
        expect(external.kindId).toBe(kindInfo(external.kind).id);
        if (q.tag === 'WorkQueue') expect(external.kindId).toBe('external-race');
        expect(external.accesses.map((a) => a.previous)).toEqual([false, true]);
        // Usually main's read-only access is the current one, but the order is timing-bound.
        const sides = [
          {
            thread: 'main',
            op: 'read',
            fn: 'queue_peek',
            at: 'peek',
            next: 'main',
            caller: q.peek,
          },
          {
            thread: 'T1',
            op: 'write',
            fn: 'queue_push',
            at: 'push',
            next: 'producer',
            caller: q.push,
          },
        ] as const;
        for (const side of sides) {
          const access = external.accesses.find((a) => a.thread === side.thread);
          if (!access) throw new Error(`no access by ${side.thread}`);
          // clang 19 prints the *previous* external access as a plain access of size 1, with
          // a stack that ends at the return address of the __tsan_external_* call (which the
          // line table puts on the next line, `@push-len`/`@peek-len`).
          const plain = ctx.tc.id === 'clang' && access.previous;
          expectAccess(
            ctx,
            access,
            {
              thread: side.thread,
              op: side.op,
              ...(plain ? { size: 1 } : { size: null, objectType: q.tag }),
              stack: [
                { fn: side.fn, marker: plain ? `${side.at}-len` : side.at },
                { fn: side.next, marker: side.caller },
              ],
            },
            `${q.tag} access by ${side.thread}`,
          );
        }
        const heap = expectHeap(
          ctx,
          external.location,
          36,
          [
            { fn: 'queue_new', marker: 'calloc' },
            { fn: 'main', marker: q.created },
          ],
          q.tag,
        );
        const internal = at(ctx.reports, 2 * i + 1, 'report');
        expectAccessPair(ctx, internal, [
          {
            thread: 'main',
            op: 'read',
            size: 4,
            stack: [{ fn: 'queue_peek', marker: 'peek-len' }],
          },
          { thread: 'T1', op: 'write', size: 4, stack: [{ fn: 'queue_push', marker: 'push-len' }] },
        ]);
        const internalHeap = expectHeap(
          ctx,
          internal.location,
          36,
          [{ fn: 'queue_new', marker: 'calloc' }],
          q.tag,
        );
        expect(internalHeap?.address).toBe(heap?.address);
        expect(offsetOf(at(internal.accesses, 0, 'access').address, heap?.address ?? null)).toBe(
          32n,
        );
      });
    },
  },
  {
    id: 'fork_children',
    program: 'fork_children.c',
    // Each child reports and exits 66; the parent reported nothing and exits 0.
    exitCode: 0,
    check(ctx) {
      expect(kinds(ctx)).toEqual(['data race', 'data race']);
      const children = [...ctx.run.stdout.matchAll(/^child (\d+)$/gm)].map((m) => Number(m[1]));
      expect(children).toHaveLength(2);
      expect(ctx.reports.map((r) => r.pid)).toEqual(children);
      expect(ctx.stderr.match(/^ThreadSanitizer: reported 1 warnings$/gm)).toHaveLength(2);
      for (const report of ctx.reports) {
        expect(report.accesses.map((a) => a.thread)).toEqual(expect.arrayContaining(['T1', 'T2']));
        expect(report.accesses.some((a) => a.op === 'write')).toBe(true);
        for (const a of report.accesses) {
          expect(a.size).toBe(4);
          expectStack(ctx, a.frames, [{ fn: 'bump', marker: 'bump' }], `access by ${a.thread}`);
        }
        expectGlobal(ctx, report.location, 'shared_counter', 4);
      }
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Cross-checks of every parsed report against the raw text

interface RawReport {
  /** 1-based line numbers of the headline and the closing separator. */
  readonly line: number;
  readonly endLine: number;
  readonly lines: readonly string[];
}

/** Splits ANSI-free stderr into report blocks (our programs' reports never interleave). */
function rawReports(stderr: string): RawReport[] {
  const lines = stderr.split('\n');
  const out: RawReport[] = [];
  let start = -1;
  lines.forEach((text, i) => {
    if (text.startsWith('WARNING: ThreadSanitizer: ')) start = i;
    else if (start >= 0 && text === '==================') {
      out.push({ line: start + 1, endLine: i + 1, lines: lines.slice(start, i + 1) });
      start = -1;
    }
  });
  if (start >= 0) throw new Error('unterminated report in raw output');
  return out;
}

/** `file:line:col` (or `file(line,col)` in VS style), as TSan prints a known source location. */
function renderSource(f: Frame, format: FrameFormat): string | null {
  if (f.file === null) return null;
  if (f.line === null) return f.file;
  if (format === 'vs') return `${f.file}(${f.line}${f.column !== null ? `,${f.column}` : ''})`;
  return `${f.file}:${f.line}${f.column !== null ? `:${f.column}` : ''}`;
}

/**
 * Renders a parsed frame back to TSan's frame format (`    #%n %f %S %M`, in VS style for
 * `vs`). The `asan` format (`    #%n %p %F %L`) prints the module's full path, which the model
 * does not keep, so only its part up to the source location is rendered.
 */
function renderFrame(f: Frame, format: FrameFormat): string {
  const fn = f.function ?? '<null>';
  if (format === 'asan') {
    const where = renderSource(f, format);
    return `#${f.index} ${f.address} in ${fn}${where !== null ? ` ${where}` : ''}`;
  }
  let module = '';
  if (f.module !== null) module = ` (${f.module}+${f.offset})`;
  else if (f.address !== null) module = ` (${f.address})`;
  const buildId = f.buildId !== null ? ` (BuildId: ${f.buildId})` : '';
  return `#${f.index} ${fn} ${renderSource(f, format) ?? '<null>'}${module}${buildId}`;
}

/** Printed frame lines, cut like `renderFrame` cuts them. */
function printedFrame(line: string, format: FrameFormat): string {
  const text = line.trim();
  if (format !== 'asan') return text;
  // Drop a trailing `(module+0xoff)` / `(BuildId: ...)` group: %L prints it only for frames
  // without a source file, and with the module's full path.
  return text.replace(/ \([^()]*\+0x[0-9a-f]+\)( \(BuildId: [0-9a-f]+\))?$/, '');
}

function allFrames(report: Report): Frame[] {
  return [
    ...report.accesses.flatMap((a) => a.frames),
    ...report.stacks.flatMap((s) => s.frames),
    ...report.locations.flatMap((l) => (l.type === 'heap' || l.type === 'fd' ? l.frames : [])),
    ...report.threads.flatMap((t) => t.frames),
    ...report.mutexes.flatMap((m) => m.frames),
  ];
}

const MOP =
  /^ {2}(Previous )?(atomic )?(read|write) of size (\d+) at (0x[0-9a-f]+) by (main thread|thread (T\d+))(?: \(mutexes: ([^)]*)\))?:$/i;
const EXTERNAL_MOP =
  /^ {2}(Previous )?(modifying|read-only) access of (.+) at (0x[0-9a-f]+) by (main thread|thread (T\d+))(?: \(mutexes: ([^)]*)\))?:$/i;
const THREAD =
  /^ {2}Thread (T\d+)(?: '(.*)')? \(tid=(\d+), (running|finished)\) created by (main thread|thread (T\d+))(?: at)?:$/;

interface RawAccess {
  readonly previous: boolean;
  readonly atomic: boolean;
  readonly op: string;
  readonly size: number | null;
  readonly address: string | undefined;
  readonly thread: string;
  readonly mutexes: readonly { id: string | undefined; mode: string | undefined }[];
  readonly objectType: string | undefined;
}

function rawAccesses(raw: RawReport): RawAccess[] {
  return raw.lines.flatMap((text): RawAccess[] => {
    const mop = MOP.exec(text);
    if (mop) {
      return [
        {
          previous: mop[1] !== undefined,
          atomic: mop[2] !== undefined,
          op: (mop[3] ?? '').toLowerCase(),
          size: Number(mop[4]),
          address: mop[5],
          thread: mop[7] ?? 'main',
          mutexes: (mop[8] ?? '')
            .split(',')
            .filter((m) => m.trim() !== '')
            .map((m) => {
              const [mode, id] = m.trim().split(' ');
              return { id, mode };
            }),
          objectType: undefined,
        },
      ];
    }
    const ext = EXTERNAL_MOP.exec(text);
    if (ext) {
      return [
        {
          previous: ext[1] !== undefined,
          atomic: false,
          op: ext[2]?.toLowerCase() === 'modifying' ? 'write' : 'read',
          size: null,
          address: ext[4],
          thread: ext[6] ?? 'main',
          mutexes: [],
          objectType: ext[3],
        },
      ];
    }
    return [];
  });
}

function crossCheck(ctx: Ctx, fileName: string): void {
  const raws = rawReports(ctx.stderr);
  expect(ctx.reports.length, 'reports parsed vs headlines printed').toBe(raws.length);
  const diagnostics = ctx.records.filter((r) => r.type === 'diagnostic');
  expect(diagnostics, 'diagnostic records outside reports').toEqual([]);
  ctx.reports.forEach((report, i) => {
    const raw = at(raws, i, 'raw report');
    const what = `report #${i} (${report.kind})`;
    const headline = at(raw.lines, 0, 'line');
    expect(headline, what).toBe(`WARNING: ThreadSanitizer: ${report.kind} (pid=${report.pid})`);
    expect(report.schemaVersion).toBe(1);
    expect(report.runtime, `${what}: runtime`).toBe(ctx.tc.runtime);
    expect(report.truncated, `${what}: truncated`).toBe(false);
    expect(report.diagnostics, `${what}: diagnostics`).toEqual([]);
    expect(report.source, `${what}: source span`).toEqual({
      file: fileName,
      line: raw.line,
      endLine: raw.endLine,
    });
    const known = kindInfo(report.kind);
    expect({ kindId: report.kindId, family: report.family }, what).toEqual({
      kindId: known.id,
      family: known.family,
    });
    const summary = raw.lines.find((l) => l.startsWith('SUMMARY: ThreadSanitizer: '));
    const summaryText = summary?.slice('SUMMARY: ThreadSanitizer: '.length);
    expect(report.summary?.trim(), `${what}: summary`).toBe(summaryText?.trim());
    // `... <file:line[:col] | (module+0xoff) (BuildId: ...)> in <function>`; symbolize=0 has none.
    // (The kind itself may contain " in ": "mutex held in the wrong context".)
    expect(summaryText?.startsWith(`${report.kind} `), `${what}: summary kind`).toBe(true);
    const afterKind = summaryText?.slice(report.kind.length) ?? '';
    const summaryFunction = / in (.+?)\s*$/.exec(afterKind)?.[1] ?? null;
    expect(report.summaryFunction, `${what}: summary function`).toBe(summaryFunction);

    // Every printed frame, rendered back from the parsed fields, in the same multiset.
    const printed = raw.lines
      .filter((l) => /^ {4}#\d+ /.test(l))
      .map((l) => printedFrame(l, ctx.frameFormat));
    const parsed = allFrames(report).map((f) => renderFrame(f, ctx.frameFormat));
    expect([...parsed].sort(), `${what}: frames render back to the printed lines`).toEqual(
      [...printed].sort(),
    );

    expect(
      report.accesses.map((a) => ({
        previous: a.previous,
        atomic: a.atomic,
        op: a.op,
        size: a.size,
        address: a.address,
        thread: a.thread,
        mutexes: a.mutexes.map((m) => ({ id: m.id, mode: m.mode })),
        objectType: a.objectType,
      })),
      `${what}: access headers`,
    ).toEqual(rawAccesses(raw));

    const threads = raw.lines.flatMap((l) => {
      const m = THREAD.exec(l);
      return m
        ? [
            {
              id: m[1],
              name: m[2] ?? null,
              tid: Number(m[3]),
              state: m[4],
              createdBy: m[6] ?? 'main',
            },
          ]
        : [];
    });
    expect(
      report.threads.map((t) => ({
        id: t.id,
        name: t.name,
        tid: t.tid,
        state: t.state,
        createdBy: t.createdBy,
      })),
      `${what}: thread headers`,
    ).toEqual(threads);

    const mutexHeaders = raw.lines.flatMap((l) => {
      const m = /^ {2}Mutex (M\d+) \((0x[0-9a-f]+)\) created at:$/.exec(l);
      return m ? [{ id: m[1], address: m[2] }] : [];
    });
    expect(
      report.mutexes.map((m) => ({ id: m.id, address: m.address })),
      `${what}: mutex headers`,
    ).toEqual(mutexHeaders);

    const cycleLine = raw.lines.find((l) => l.startsWith('  Cycle in lock order graph: '));
    if (cycleLine) {
      const members = [...cycleLine.matchAll(/(M\d+) \((0x[0-9a-f]+)\)/g)].map((m) => ({
        id: m[1],
        address: m[2],
      }));
      expect(report.cycle, `${what}: cycle`).toEqual(members);
    } else {
      expect(report.cycle, `${what}: cycle`).toBeNull();
    }

    const sleeps = raw.lines.filter((l) => l === '  As if synchronized via sleep:').length;
    expect(report.stacks.filter((s) => s.role === 'sleep').length, `${what}: sleep stacks`).toBe(
      sleeps,
    );
    for (const s of report.stacks) {
      s.frames.forEach((f, k) => {
        expect(f.index, `${what}: ${s.role} frame numbering`).toBe(k);
      });
    }
  });

  // `ThreadSanitizer: reported N warnings`, per process.
  const reported = [...ctx.stderr.matchAll(/^ThreadSanitizer: reported (\d+) warnings$/gm)];
  const total = reported.reduce((sum, m) => sum + Number(m[1]), 0);
  if (reported.length > 0) expect(total, 'reported N warnings').toBe(ctx.reports.length);
}

// ---------------------------------------------------------------------------------------------
// Running

const statuses: readonly ToolchainStatus[] = await detectToolchains();

function statusOf(id: ToolchainId, language: Language): ToolchainStatus {
  const status = statuses.find((s) => s.toolchain.id === id && s.language === language);
  if (!status) throw new Error(`no status for ${id}/${language}`);
  return status;
}

interface Outcome {
  readonly binary: string;
  readonly run: RunResult;
}

let workspace: TsanWorkspace | undefined;
const outcomes = new Map<string, Promise<Outcome>>();
const binaries = new Map<string, Promise<string>>();

function tsanOptionsOf(c: Case, suppressionsFile: string | null): TsanOptions {
  return {
    ...c.tsanOptions,
    ...(c.stripPrefix ? { strip_path_prefix: PROGRAMS_DIR } : {}),
    ...(suppressionsFile ? { suppressions: suppressionsFile, print_suppressions: 1 } : {}),
  };
}

function outcomeKey(tc: Toolchain, c: Case): string {
  return `${tc.id}/${c.id}`;
}

function compileOnce(ws: TsanWorkspace, tc: Toolchain, c: Case): Promise<string> {
  const opt = c.opt ?? '-O1';
  const stem = c.program.replace(/\.[^.]+$/, '');
  const outName = opt === '-O1' ? stem : `${stem}${opt}`;
  const key = `${tc.id}/${outName}`;
  let binary = binaries.get(key);
  if (!binary) {
    binary = ws.compile(tc, source(c.program).path, { opt, outName });
    binaries.set(key, binary);
  }
  return binary;
}

beforeAll(async () => {
  const ws = await TsanWorkspace.create();
  workspace = ws;
  for (const tc of TOOLCHAINS) {
    for (const c of CASES) {
      if (c.only && c.only !== tc.id) continue;
      if (!statusOf(tc.id, languageOf(c.program)).available) continue;
      const outcome = compileOnce(ws, tc, c).then(async (binary) => {
        let suppressionsFile: string | null = null;
        if (c.suppressions !== undefined) {
          suppressionsFile = path.join(ws.dir, `${c.id}.${tc.id}.supp`);
          await writeFile(suppressionsFile, c.suppressions);
        }
        return {
          binary,
          run: await runTsan(binary, { tsanOptions: tsanOptionsOf(c, suppressionsFile) }),
        };
      });
      outcome.catch(() => {}); // reported by the case's own test
      outcomes.set(outcomeKey(tc, c), outcome);
    }
  }
  await Promise.allSettled(outcomes.values());
});

afterAll(async () => {
  await workspace?.cleanup();
});

for (const tc of TOOLCHAINS) {
  describe(`real TSan runtime: ${tc.label}`, () => {
    const languages = [...new Set(CASES.map((c) => languageOf(c.program)))];
    for (const language of languages) {
      const status = statusOf(tc.id, language);
      const title = `toolchain builds and runs ${language === 'c' ? 'C' : 'C++'} TSan programs`;
      if (status.available) it(title, () => {});
      else if (IN_CI) {
        it(title, () => {
          throw new Error(missingToolchainMessage(status));
        });
      } else
        it.skip(`${title} (missing: ${status.toolchain.packages[language].join(', ')})`, () => {});
    }

    for (const c of CASES) {
      if (c.only && c.only !== tc.id) continue;
      const options = Object.entries(c.tsanOptions ?? {}).map(([k, v]) => `${k}=${v}`);
      if (c.stripPrefix) options.push('strip_path_prefix=<test/programs/>');
      if (c.suppressions !== undefined) options.push('suppressions=<file>');
      const title = `${c.id} (${[c.program, c.opt, ...options].filter(Boolean).join(' ')})`;
      const status = statusOf(tc.id, languageOf(c.program));
      if (!status.available) {
        if (IN_CI) {
          it(title, () => {
            throw new Error(missingToolchainMessage(status));
          });
        } else it.skip(title, () => {});
        continue;
      }
      it(title, async () => {
        const pending = outcomes.get(outcomeKey(tc, c));
        if (!pending) throw new Error('not scheduled');
        const { binary, run } = await pending;
        const log = `${c.id}.${tc.logSuffix}.log`;
        const rawContext = `\n--- ${log} (exit ${run.exitCode}, ${run.durationMs} ms) ---\n${run.stderr}`;
        expect(run.timedOut, `timed out${rawContext}`).toBe(false);
        expect(run.exitCode, `exit status${rawContext}`).toBe(c.exitCode ?? 66);
        const records = parseText(run.stderr, { file: log });
        const src = source(c.program);
        const ctx: Ctx = {
          tc,
          src,
          sourceFile: c.stripPrefix ? src.fileName : src.path,
          frameFormat: c.frameFormat ?? 'default',
          module: path.basename(binary),
          run,
          stderr: run.stderr.replace(ANSI, ''),
          records,
          reports: records.filter((r): r is Report => r.type === 'report'),
        };
        try {
          crossCheck(ctx, log);
          c.check(ctx);
        } catch (error) {
          if (error instanceof Error) error.message += rawContext;
          throw error;
        }
      });
    }
  });
}
