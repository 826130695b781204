/**
 * Random and mutated inputs (fast-check, fixed seeds: a failure reproduces run after run).
 * The parser must never throw and never hang, and every record it returns must keep the
 * public shape (`schemas/parse-record.schema.json`) and its own invariants.
 */
import { readdirSync } from 'node:fs';
import { Readable } from 'node:stream';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Frame,
  InputError,
  kindInfo,
  type ParseRecord,
  parseInputs,
  parseText,
  type Report,
} from '../../src/index.js';
import { parseLineInChild } from '../support/robust-child-parse.js';
import {
  EXAMPLES_OUT,
  example,
  experiment,
  recordValidator,
  reportsOf,
  seedText,
  stacksOf,
} from '../support/robust-helpers.js';

const validate = recordValidator();

/** Everything a record must satisfy, whatever the input. `lineCount` bounds line numbers. */
function checkRecords(records: readonly ParseRecord[], lineCount: number): void {
  for (const record of records) {
    const error = validate(record);
    if (error !== null) {
      throw new Error(
        `record breaks the schema: ${error}\n${JSON.stringify(record).slice(0, 3000)}`,
      );
    }
    checkValues(record, '$');
    const lines = [record.type === 'diagnostic' ? record.line : record.source.line];
    if (record.type === 'suppression-hits') {
      lines.push(record.source.endLine);
    } else if (record.type === 'report') {
      lines.push(record.source.endLine);
      checkReport(record);
      for (const d of record.diagnostics) lines.push(d.line);
    } else if (record.endLine !== undefined) {
      lines.push(record.endLine);
    }
    // Line 0 means "before the first line": only an input that could not be read at all.
    const min = record.type === 'diagnostic' && record.code === 'input-error' ? 0 : 1;
    for (const line of lines) {
      if (!(Number.isSafeInteger(line) && line >= min && line <= lineCount)) {
        throw new Error(
          `line ${line} outside ${min}..${lineCount} in ${JSON.stringify(record).slice(0, 500)}`,
        );
      }
    }
  }
}

/** No NaN/Infinity, no undefined values, no line breaks in any string. */
function checkValues(value: unknown, path: string): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path} is ${value}`);
  } else if (typeof value === 'string') {
    if (/[\r\n]/.test(value))
      throw new Error(`${path} holds a line break: ${JSON.stringify(value)}`);
  } else if (value === undefined) {
    throw new Error(`${path} is undefined`);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      checkValues(item, `${path}[${i}]`);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) checkValues(item, `${path}.${key}`);
  }
}

function checkReport(report: Report): void {
  const info = kindInfo(report.kind);
  if (report.kindId !== info.id || report.family !== info.family) {
    throw new Error(`kind ${JSON.stringify(report.kind)} classified as ${report.kindId}`);
  }
  if (report.source.endLine < report.source.line) throw new Error('endLine before line');
  if (report.truncated !== report.diagnostics.some((d) => d.code === 'truncated-report')) {
    throw new Error('truncated flag and truncated-report diagnostic disagree');
  }
  if (report.pid !== null && !(Number.isSafeInteger(report.pid) && report.pid >= 0)) {
    throw new Error(`pid ${report.pid}`);
  }
  if (report.location !== null) {
    if (!report.locations.some((l) => isDeepStrictEqual(l, report.location))) {
      throw new Error('location is not one of locations');
    }
    if (report.location.type === 'global' && report.location.artifact) {
      throw new Error('location is an artifact');
    }
  }
  for (const frames of stacksOf(report)) {
    for (const frame of frames) checkFrame(frame);
  }
}

function checkFrame(frame: Frame): void {
  if (!(Number.isSafeInteger(frame.index) && frame.index >= 0)) {
    throw new Error(`frame index ${frame.index}`);
  }
  for (const n of [frame.line, frame.column]) {
    if (n !== null && !(Number.isSafeInteger(n) && n > 0))
      throw new Error(`frame line/column ${n}`);
  }
}

function lineCountOf(text: string): number {
  return Math.max(1, text.split('\n').length);
}

function parseAndCheck(text: string): ParseRecord[] {
  const records = parseText(text, { file: 'fuzz.log' });
  checkRecords(records, lineCountOf(text));
  return records;
}

// ---------------------------------------------------------------------------------------------
// Mutations of real reports.

const BASES: readonly string[] = [
  ...readdirSync(EXAMPLES_OUT)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => example(name)),
  seedText(),
  experiment('forky.txt'),
  experiment('color.txt'),
  experiment('deadlock2.txt'),
];

type Mutation =
  | { readonly op: 'delete' | 'duplicate'; readonly at: number }
  | { readonly op: 'swap'; readonly at: number; readonly other: number }
  | { readonly op: 'flip'; readonly at: number; readonly pos: number; readonly char: string }
  | { readonly op: 'insert'; readonly at: number; readonly pos: number; readonly text: string }
  | { readonly op: 'huge'; readonly at: number; readonly digits: number }
  | { readonly op: 'unclosed-pid'; readonly variant: number }
  | {
      readonly op: 'parens';
      readonly at: number;
      readonly pos: number;
      readonly depth: number;
      readonly closed: boolean;
    }
  | {
      readonly op: 'long-name';
      readonly at: number;
      readonly length: number;
      readonly unit: string;
    }
  | { readonly op: 'insert-line'; readonly at: number; readonly line: string }
  | { readonly op: 'cut'; readonly at: number; readonly pos: number };

const line = fc.nat(1_000_000);
const pos = fc.nat(100_000);

const TSAN_LINES = [
  '==================',
  'WARNING: ThreadSanitizer: data race (pid=1)',
  'WARNING: ThreadSanitizer: lock-order-inversion (potential deadlock) (pid=2)',
  'WARNING: ThreadSanitizer: thread leak',
  '  Write of size 8 at 0x7b0c00000000 by thread T1 (mutexes: write M0):',
  '  Previous read of size 4 at 0x7b0c00000000 by main thread:',
  '    #0 main /src/a.c:3:5 (a.out+0x1234) (BuildId: abc)',
  '    #1 <null> <null> (0x7fff0000)',
  '    [failed to restore the stack]',
  "  Location is global 'g' of size 4 at 0x5555 (a.out+0x4054)",
  '  Location is heap block of size 40 at 0x7b0c00000000 allocated by main thread:',
  '  Location is stack of thread T3.',
  '  Location is file descriptor 4 created by main thread at:',
  "  Thread T1 'w (x' (tid=12, running) created by main thread at:",
  '  Mutex M0 (0x5555) created at:',
  '  Mutex M1 acquired here while holding mutex M0 in thread T1:',
  '  Cycle in lock order graph: M0 (0x1) => M1 (0x2) => M0',
  '    Hint: use TSAN_OPTIONS=second_deadlock_stack=1 to get more informative warning message',
  '  And 3 more similar thread leaks.',
  '  and:',
  '  As if synchronized via sleep:',
  '  Signal 14 handler invoked at:',
  'SUMMARY: ThreadSanitizer: data race /src/a.c:3 in main',
  'ThreadSanitizer: reported 2 warnings',
  'ThreadSanitizer:DEADLYSIGNAL',
  '==1==ERROR: ThreadSanitizer: SEGV on unknown address 0x000000000000',
  '',
];

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete' as const, 'duplicate' as const), at: line }),
  fc.record({ op: fc.constant('swap' as const), at: line, other: line }),
  fc.record({
    op: fc.constant('flip' as const),
    at: line,
    pos,
    char: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  }),
  fc.record({
    op: fc.constant('insert' as const),
    at: line,
    pos,
    text: fc.oneof(
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.constantFrom(
        '\u0000',
        '\u0000\u0000\u0000',
        '\ufeff',
        '\u200b',
        '\u00a0',
        '\ud800',
        '🧵',
        '\x1b[',
      ),
    ),
  }),
  fc.record({
    op: fc.constant('huge' as const),
    at: line,
    digits: fc.integer({ min: 7, max: 400 }),
  }),
  fc.record({ op: fc.constant('unclosed-pid' as const), variant: fc.nat(5) }),
  fc.record({
    op: fc.constant('parens' as const),
    at: line,
    pos,
    depth: fc.integer({ min: 1, max: 5000 }),
    closed: fc.boolean(),
  }),
  fc.record({
    op: fc.constant('long-name' as const),
    at: line,
    length: fc.integer({ min: 100, max: 60_000 }),
    unit: fc.constantFrom('A', 'ns::', 'Foo<', '> ', '(', ' ', '#1 ', ':'),
  }),
  fc.record({
    op: fc.constant('insert-line' as const),
    at: line,
    line: fc.oneof(fc.constantFrom(...TSAN_LINES), fc.string({ unit: 'binary', maxLength: 80 })),
  }),
  fc.record({ op: fc.constant('cut' as const), at: line, pos }),
);

function applyMutation(lines: string[], m: Mutation): void {
  if (m.op === 'unclosed-pid') {
    const at = lines.findIndex((l) => l.includes('(pid='));
    if (at === -1) return;
    const replacement = [
      '(pid=123',
      '(pid=',
      '(pid=)',
      '(pid=12a)',
      '(pid=99999999999)',
      '(pid=-1)',
    ];
    lines[at] = (lines[at] ?? '').replace(/\(pid=\d+\)/, replacement[m.variant] ?? '(pid=');
    return;
  }
  if (lines.length === 0) {
    lines.push('');
  }
  const at = m.at % lines.length;
  const current = lines[at] ?? '';
  const p = 'pos' in m ? m.pos % (current.length + 1) : 0;
  switch (m.op) {
    case 'delete':
      lines.splice(at, 1);
      break;
    case 'duplicate':
      lines.splice(at, 0, current);
      break;
    case 'swap': {
      const other = m.other % lines.length;
      lines[at] = lines[other] ?? '';
      lines[other] = current;
      break;
    }
    case 'flip':
      lines[at] = `${current.slice(0, p)}${m.char}${current.slice(p + 1)}`;
      break;
    case 'insert':
      lines[at] = `${current.slice(0, p)}${m.text}${current.slice(p)}`;
      break;
    case 'huge':
      lines[at] = current.replace(/\d+/g, '9'.repeat(m.digits));
      break;
    case 'parens': {
      const inner = `${'('.repeat(m.depth)}${m.closed ? ')'.repeat(m.depth) : ''}`;
      lines[at] = `${current.slice(0, p)}${inner}${current.slice(p)}`;
      break;
    }
    case 'long-name': {
      const name = m.unit.repeat(Math.ceil(m.length / m.unit.length));
      const frame = /^(\s*#\d+ )(\S+)/.exec(current);
      lines[at] = frame
        ? `${frame[1]}${name}${current.slice(frame[0].length)}`
        : `${current.slice(0, p)}${name}${current.slice(p)}`;
      break;
    }
    case 'insert-line':
      lines.splice(at, 0, m.line);
      break;
    case 'cut':
      lines.splice(at + 1);
      lines[at] = current.slice(0, p);
      break;
  }
}

// ---------------------------------------------------------------------------------------------
// Token soup: pieces of the grammar, noise and random text in random order.

const PIECES = [
  '==================',
  'WARNING: ThreadSanitizer: ',
  'data race',
  'heap-use-after-free',
  'lock-order-inversion (potential deadlock)',
  'thread leak',
  'destroy of a locked mutex',
  'race on ',
  ' (pid=',
  ')',
  '(',
  'SUMMARY: ThreadSanitizer: ',
  '  Write of size ',
  'Previous ',
  'atomic ',
  'read of size ',
  'Modifying access of ',
  'Read-only access of ',
  'Swift variable',
  ' at 0x',
  '7b0c0000000c',
  ' by thread T',
  ' by main thread',
  ' (mutexes: write M',
  ', read M',
  ':',
  '    #',
  '0 ',
  '12 ',
  ' /src/a.c:',
  '7:3',
  ' (',
  'race+0x',
  '1229',
  ') (BuildId: ',
  'abcdef',
  '  Location is global ',
  "'",
  'heap block of size ',
  ' allocated by ',
  'stack of ',
  'TLS of ',
  'file descriptor ',
  ' created by ',
  ' created|destroyed by ',
  ' at:',
  '  Thread T',
  ' (tid=',
  ', running)',
  ', finished)',
  ' is a GCD worker thread',
  '  Mutex M',
  ' created at:',
  ' is already destroyed.',
  ' acquired here while holding mutex M',
  ' previously acquired by the same thread here:',
  '  Cycle in lock order graph: ',
  ' => ',
  '  As if synchronized via sleep:',
  '  and:',
  '  Signal ',
  ' handler invoked at:',
  '    Hint: use TSAN_OPTIONS=second_deadlock_stack=1',
  '  And ',
  ' more similar thread leaks.',
  '    [failed to restore the stack]',
  'ThreadSanitizer: reported ',
  ' warnings',
  '==1234==',
  'ERROR: ThreadSanitizer: SEGV',
  'ThreadSanitizer:DEADLYSIGNAL',
  '\x1b[1m\x1b[31m',
  '\x1b[1m\x1b[0m',
  '\x1b]',
  '2026-11-29T07:00:00.1234567Z ',
  'worker_1  | ',
  '<null>',
  '??',
  'operator()',
  '{lambda()#1}',
  '(anonymous namespace)',
  '\t',
  '\r',
  ' ',
  '  ',
  '\n',
  '\n',
  '\n',
  '\n',
  '\r\n',
  '\u0000',
  '\ufffd',
  '日本',
  '🧵',
];

const piece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...PIECES) },
  { weight: 1, arbitrary: fc.nat().map(String) },
  { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 2n ** 80n }).map((n) => n.toString(16)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);

/** Lines of real grammar, lines of pieces, and pieces with no line structure at all. */
const soup = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...TSAN_LINES).map((l) => `${l}\n`) },
      { weight: 3, arbitrary: fc.array(piece, { maxLength: 8 }).map((p) => `${p.join('')}\n`) },
      { weight: 1, arbitrary: piece },
    ),
    { maxLength: 120 },
  )
  .map((parts) => parts.join(''));

// ---------------------------------------------------------------------------------------------
// Well-formed reports with random content: what is printed must be read back exactly.

const ident = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/);
const hex = fc.bigInt({ min: 1n, max: 2n ** 48n }).map((n) => n.toString(16));
const who = fc.oneof(
  fc.constant({ text: 'main thread', ref: 'main' }),
  fc.nat(999).map((n) => ({ text: `thread T${n}`, ref: `T${n}` })),
);

const functionName = fc.oneof(
  ident,
  fc.tuple(ident, ident).map(([a, b]) => `${a}::${b}`),
  fc
    .tuple(ident, ident, ident)
    .map(([a, b, c]) => `${a}<${b}, ${c}>::${b}(int, char const*) const`),
  ident.map((a) => `(anonymous namespace)::${a}()`),
  ident.map((a) => `${a}::{lambda(int)#1}::operator()(int) const`),
  fc.constant('operator new(unsigned long)'),
  fc.constant(
    'std::_Rb_tree<int, std::pair<int const, int>, std::_Select1st<std::pair<int const, int> > >::_M_lower_bound()',
  ),
  fc.tuple(ident, ident).map(([a, b]) => `closure #2 in ${a}.${b}()`),
  fc.constant('<null>'),
);

interface GeneratedFrame {
  readonly text: (index: number) => string;
  readonly expected: (index: number) => Frame;
}

const frame: fc.Arbitrary<GeneratedFrame> = fc
  .record({
    fn: functionName,
    file: fc.oneof(
      fc.tuple(ident, ident).map(([d, f]) => `/src/${d}/${f}.c`),
      ident.map((f) => `../../../../src/libsanitizer/${f}.cpp`),
      fc.constant('csu/../csu/libc-start.c'),
      fc.constant('<null>'),
    ),
    line: fc.option(fc.integer({ min: 1, max: 99_999 })),
    column: fc.option(fc.integer({ min: 1, max: 999 })),
    module: fc.oneof(
      ident,
      ident.map((m) => `lib${m}.so.6`),
    ),
    offset: hex,
    buildId: fc.option(hex),
  })
  .map((f) => {
    const line = f.file === '<null>' ? null : f.line;
    const column = line === null ? null : f.column;
    const location =
      f.file === '<null>'
        ? '<null>'
        : `${f.file}${line === null ? '' : `:${line}`}${column === null ? '' : `:${column}`}`;
    const buildId = f.buildId === null ? '' : ` (BuildId: ${f.buildId})`;
    return {
      text: (index: number) =>
        `    #${index} ${f.fn} ${location} (${f.module}+0x${f.offset})${buildId}`,
      expected: (index: number) => ({
        index,
        function: f.fn === '<null>' ? null : f.fn,
        file: f.file === '<null>' ? null : f.file,
        line,
        column,
        module: f.module,
        offset: `0x${f.offset}`,
        buildId: f.buildId,
        address: null,
      }),
    };
  });

const stack = fc.array(frame, { minLength: 1, maxLength: 6 }).map((frames) => ({
  lines: frames.map((f, i) => f.text(i)),
  frames: frames.map((f, i) => f.expected(i)),
}));

interface Section {
  readonly lines: readonly string[];
  readonly apply: (expected: Expected) => void;
}

interface Expected {
  accesses: unknown[];
  stacks: unknown[];
  locations: unknown[];
  threads: unknown[];
  mutexes: unknown[];
  cycle: unknown;
  similarThreadLeaks: number | null;
}

const SIZES = [1, 2, 4, 8, 16];

function accessSection(first: boolean) {
  return fc
    .record({
      write: fc.boolean(),
      atomic: fc.boolean(),
      size: fc.constantFrom(...SIZES),
      address: hex,
      who,
      mutexes: fc.array(fc.record({ write: fc.boolean(), id: fc.nat(20) }), { maxLength: 3 }),
      restored: fc.boolean(),
      stack,
    })
    .map((a): Section => {
      const op = a.write ? 'write' : 'read';
      const desc = first
        ? `${a.atomic ? 'Atomic ' : ''}${a.atomic ? op : a.write ? 'Write' : 'Read'}`
        : `Previous ${a.atomic ? 'atomic ' : ''}${op}`;
      const set =
        a.mutexes.length === 0
          ? ''
          : ` (mutexes: ${a.mutexes.map((m) => `${m.write ? 'write' : 'read'} M${m.id}`).join(', ')})`;
      const body = a.restored ? a.stack.lines : ['    [failed to restore the stack]'];
      return {
        lines: [
          `  ${desc} of size ${a.size} at 0x${a.address} by ${a.who.text}${set}:`,
          ...body,
          '',
        ],
        apply: (e) => {
          e.accesses.push({
            op,
            atomic: a.atomic,
            previous: !first,
            size: a.size,
            address: `0x${a.address}`,
            thread: a.who.ref,
            mutexes: a.mutexes.map((m) => ({ mode: m.write ? 'write' : 'read', id: `M${m.id}` })),
            stackRestored: a.restored,
            frames: a.restored ? a.stack.frames : [],
          });
        },
      };
    });
}

const locationSection: fc.Arbitrary<Section> = fc.oneof(
  fc
    .record({
      name: ident,
      size: fc.option(fc.nat(1 << 20)),
      address: hex,
      module: ident,
      offset: hex,
    })
    .map((g) => ({
      lines: [
        `  Location is global '${g.name}'${g.size === null ? '' : ` of size ${g.size}`} at 0x${g.address} (${g.module}+0x${g.offset})`,
        '',
      ],
      apply: (e: Expected) => {
        e.locations.push({
          type: 'global',
          name: g.name,
          size: g.size,
          address: `0x${g.address}`,
          module: g.module,
          offset: `0x${g.offset}`,
          artifact: false,
        });
      },
    })),
  fc.record({ size: fc.nat(1 << 20), address: hex, who, stack }).map((h) => ({
    lines: [
      `  Location is heap block of size ${h.size} at 0x${h.address} allocated by ${h.who.text}:`,
      ...h.stack.lines,
      '',
    ],
    apply: (e: Expected) => {
      e.locations.push({
        type: 'heap',
        size: h.size,
        address: `0x${h.address}`,
        thread: h.who.ref,
        frames: h.stack.frames,
      });
    },
  })),
  fc.record({ tls: fc.boolean(), who }).map((s) => ({
    lines: [`  Location is ${s.tls ? 'TLS' : 'stack'} of ${s.who.text}.`, ''],
    apply: (e: Expected) => {
      e.locations.push({ type: s.tls ? 'tls' : 'stack', thread: s.who.ref });
    },
  })),
  fc
    .record({
      fd: fc.nat(1024),
      event: fc.constantFrom('created', 'created|destroyed'),
      who,
      stack,
    })
    .map((f) => ({
      lines: [
        `  Location is file descriptor ${f.fd} ${f.event} by ${f.who.text} at:`,
        ...f.stack.lines,
        '',
      ],
      apply: (e: Expected) => {
        e.locations.push({
          type: 'fd',
          fd: f.fd,
          event: f.event,
          thread: f.who.ref,
          frames: f.stack.frames,
        });
      },
    })),
);

const mutexSection: fc.Arbitrary<Section> = fc
  .record({ id: fc.nat(20), address: hex, stack })
  .map((m) => ({
    lines: [`  Mutex M${m.id} (0x${m.address}) created at:`, ...m.stack.lines, ''],
    apply: (e: Expected) => {
      e.mutexes.push({
        id: `M${m.id}`,
        address: `0x${m.address}`,
        destroyed: false,
        stackRestored: true,
        frames: m.stack.frames,
      });
    },
  }));

const threadName = fc.stringMatching(/^[A-Za-z0-9 ()'._-]{1,16}$/);

const threadSection: fc.Arbitrary<Section> = fc
  .record({
    id: fc.integer({ min: 1, max: 999 }),
    name: fc.option(threadName),
    tid: fc.integer({ min: 1, max: 4_000_000 }),
    running: fc.boolean(),
    by: who,
    stack,
  })
  .map((t) => ({
    lines: [
      `  Thread T${t.id}${t.name === null ? '' : ` '${t.name}'`} (tid=${t.tid}, ${t.running ? 'running' : 'finished'}) created by ${t.by.text} at:`,
      ...t.stack.lines,
      '',
    ],
    apply: (e: Expected) => {
      e.threads.push({
        id: `T${t.id}`,
        name: t.name,
        tid: t.tid,
        state: t.running ? 'running' : 'finished',
        createdBy: t.by.ref,
        stackRestored: true,
        frames: t.stack.frames,
      });
    },
  }));

interface GeneratedReport {
  readonly kind: string;
  readonly pid: number;
  readonly sections: readonly Section[];
  readonly summary: string;
}

const summaryTail = fc
  .tuple(ident, fc.integer({ min: 1, max: 9999 }), ident)
  .map(([f, l, fn]) => `/src/${f}.c:${l} in ${fn}`);

const dataRace: fc.Arbitrary<GeneratedReport> = fc
  .record({
    kind: fc.constantFrom(
      'data race',
      'heap-use-after-free',
      'data race on vptr (ctor/dtor vs virtual call)',
    ),
    pid: fc.integer({ min: 1, max: 4_000_000 }),
    first: accessSection(true),
    previous: accessSection(false),
    sleep: fc.option(stack),
    locations: fc.array(locationSection, { maxLength: 2 }),
    mutexes: fc.array(mutexSection, { maxLength: 2 }),
    threads: fc.array(threadSection, { maxLength: 3 }),
    summary: summaryTail,
  })
  .map((r) => {
    const sleep: Section[] =
      r.sleep === null
        ? []
        : [
            {
              lines: ['  As if synchronized via sleep:', ...r.sleep.lines, ''],
              apply: (e) => {
                e.stacks.push({
                  role: 'sleep',
                  title: 'As if synchronized via sleep',
                  stackRestored: true,
                  frames: r.sleep?.frames,
                });
              },
            },
          ];
    return {
      kind: r.kind,
      pid: r.pid,
      sections: [r.first, r.previous, ...sleep, ...r.locations, ...r.mutexes, ...r.threads],
      summary: `${r.kind} ${r.summary}`,
    };
  });

const threadLeak: fc.Arbitrary<GeneratedReport> = fc
  .record({
    pid: fc.integer({ min: 1, max: 4_000_000 }),
    thread: threadSection,
    more: fc.option(fc.integer({ min: 1, max: 10_000 })),
    summary: summaryTail,
  })
  .map((r) => ({
    kind: 'thread leak',
    pid: r.pid,
    sections: [
      r.thread,
      ...(r.more === null
        ? []
        : [
            {
              lines: [`  And ${r.more} more similar thread leaks.`, ''],
              apply: (e: Expected) => {
                e.similarThreadLeaks = r.more;
              },
            },
          ]),
    ],
    summary: `thread leak ${r.summary}`,
  }));

const mutexMisuse: fc.Arbitrary<GeneratedReport> = fc
  .record({
    kind: fc.constantFrom(
      'destroy of a locked mutex',
      'double lock of a mutex',
      'unlock of an unlocked mutex (or by a wrong thread)',
      'read lock of a write locked mutex',
    ),
    pid: fc.integer({ min: 1, max: 4_000_000 }),
    headline: stack,
    and: fc.option(stack),
    location: fc.option(locationSection),
    mutex: mutexSection,
    summary: summaryTail,
  })
  .map((r) => {
    const sections: Section[] = [
      {
        lines: [...r.headline.lines, ''],
        apply: (e) => {
          e.stacks.push({
            role: 'headline',
            title: null,
            stackRestored: true,
            frames: r.headline.frames,
          });
        },
      },
    ];
    const and = r.and;
    if (and !== null) {
      sections.push({
        lines: ['  and:', ...and.lines, ''],
        apply: (e) => {
          e.stacks.push({ role: 'and', title: 'and', stackRestored: true, frames: and.frames });
        },
      });
    }
    if (r.location !== null) sections.push(r.location);
    sections.push(r.mutex);
    return { kind: r.kind, pid: r.pid, sections, summary: `${r.kind} ${r.summary}` };
  });

const lockOrder: fc.Arbitrary<GeneratedReport> = fc
  .record({
    pid: fc.integer({ min: 1, max: 4_000_000 }),
    mutexes: fc.uniqueArray(fc.nat(30), { minLength: 2, maxLength: 4 }),
    addresses: fc.array(hex, { minLength: 4, maxLength: 4 }),
    edges: fc.array(fc.tuple(who, stack), { minLength: 4, maxLength: 4 }),
    hint: fc.boolean(),
    threads: fc.array(threadSection, { maxLength: 2 }),
    summary: summaryTail,
  })
  .map((r) => {
    const ids = r.mutexes.map((n) => `M${n}`);
    const nodes = ids.map((id, i) => `${id} (0x${r.addresses[i]})`);
    const sections: Section[] = [
      {
        lines: [`  Cycle in lock order graph: ${[...nodes, ids[0]].join(' => ')}`, ''],
        apply: (e) => {
          e.cycle = ids.map((id, i) => ({ id, address: `0x${r.addresses[i]}` }));
        },
      },
    ];
    ids.forEach((held, i) => {
      const acquired = ids[(i + 1) % ids.length] ?? '';
      const [edgeWho, edgeStack] = r.edges[i] ?? [];
      if (!edgeWho || !edgeStack) return;
      const title = `Mutex ${acquired} acquired here while holding mutex ${held} in ${edgeWho.text}`;
      const hint =
        i === 0 && r.hint
          ? [
              '    Hint: use TSAN_OPTIONS=second_deadlock_stack=1 to get more informative warning message',
              '',
            ]
          : [];
      sections.push({
        lines: [`  ${title}:`, ...edgeStack.lines, '', ...hint],
        apply: (e) => {
          e.stacks.push({
            role: 'lock-edge',
            title,
            edge: { acquired, held, thread: edgeWho.ref },
            stackRestored: true,
            frames: edgeStack.frames,
          });
        },
      });
    });
    return {
      kind: 'lock-order-inversion (potential deadlock)',
      pid: r.pid,
      sections: [...sections, ...r.threads],
      summary: `lock-order-inversion (potential deadlock) ${r.summary}`,
    };
  });

const generatedReport = fc.oneof(dataRace, threadLeak, mutexMisuse, lockOrder);

function render(report: GeneratedReport): string[] {
  return [
    '==================',
    `WARNING: ThreadSanitizer: ${report.kind} (pid=${report.pid})`,
    ...report.sections.flatMap((s) => s.lines),
    `SUMMARY: ThreadSanitizer: ${report.summary}`,
    '==================',
  ];
}

function expectedOf(report: GeneratedReport) {
  const e: Expected = {
    accesses: [],
    stacks: [],
    locations: [],
    threads: [],
    mutexes: [],
    cycle: null,
    similarThreadLeaks: null,
  };
  for (const section of report.sections) section.apply(e);
  return {
    kind: report.kind,
    pid: report.pid,
    truncated: false,
    diagnostics: [],
    ...e,
    summary: report.summary,
  };
}

function comparable(report: Report) {
  return {
    kind: report.kind,
    pid: report.pid,
    truncated: report.truncated,
    diagnostics: report.diagnostics,
    accesses: report.accesses,
    stacks: report.stacks,
    locations: report.locations,
    threads: report.threads,
    mutexes: report.mutexes,
    cycle: report.cycle,
    similarThreadLeaks: report.similarThreadLeaks,
    summary: report.summary,
  };
}

// ---------------------------------------------------------------------------------------------

describe('fuzz: the parser never throws and its records keep their shape', () => {
  it('4,000 mutations of real reports', () => {
    let withReports = 0;
    let runs = 0;
    fc.assert(
      fc.property(
        fc.nat(BASES.length - 1),
        fc.array(mutation, { minLength: 1, maxLength: 10 }),
        (base, mutations) => {
          const lines = (BASES[base] ?? '').split('\n');
          for (const m of mutations) applyMutation(lines, m);
          runs++;
          if (reportsOf(parseAndCheck(lines.join('\n'))).length > 0) withReports++;
        },
      ),
      { seed: 42, numRuns: 4000 },
    );
    // The mutants stay close enough to reports to exercise the report builder.
    expect(withReports).toBeGreaterThan(runs / 2);
  });

  it('2,000 token soups of grammar pieces and noise', () => {
    let withReports = 0;
    fc.assert(
      fc.property(soup, (text) => {
        if (reportsOf(parseAndCheck(text)).length > 0) withReports++;
      }),
      { seed: 43, numRuns: 2000 },
    );
    expect(withReports).toBeGreaterThan(100);
  });

  it('1,000 random unicode texts', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 3000 }),
          fc
            .array(fc.string({ unit: 'grapheme', maxLength: 120 }), { maxLength: 60 })
            .map((l) => l.join('\n')),
        ),
        (text) => {
          parseAndCheck(text);
        },
      ),
      { seed: 44, numRuns: 1000 },
    );
  });

  it('500 random byte streams through parseInputs (stdin), gzip magic included', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 4000 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 512 }),
        async (bytes, gzipMagic, chunkSize) => {
          const data = Buffer.from(gzipMagic ? [0x1f, 0x8b, ...bytes] : bytes);
          const chunks: Buffer[] = [];
          for (let i = 0; i < data.length; i += chunkSize)
            chunks.push(data.subarray(i, i + chunkSize));
          const records: ParseRecord[] = [];
          for await (const item of parseInputs(['-'], { stdin: () => Readable.from(chunks) })) {
            if (item instanceof InputError) continue;
            records.push(item);
          }
          checkRecords(records, Math.max(1, data.length + 1));
        },
      ),
      { seed: 45, numRuns: 500 },
    );
  });

  it('2,000 well-formed reports with random content are read back exactly', () => {
    fc.assert(
      fc.property(
        fc.array(generatedReport, { minLength: 1, maxLength: 3 }),
        fc.array(fc.constantFrom('child 1 done', 'Traceback (most recent call last):', 'ok'), {
          maxLength: 3,
        }),
        (reports, noise) => {
          const lines = reports.flatMap((r, i) => [
            ...render(r),
            ...(noise[i] === undefined ? [] : [noise[i]]),
          ]);
          const text = `${lines.join('\n')}\n`;
          const records = parseAndCheck(text);
          expect(records.filter((r) => r.type === 'diagnostic')).toEqual([]);
          expect(reportsOf(records).map(comparable)).toEqual(reports.map(expectedOf));
        },
      ),
      { seed: 46, numRuns: 2000 },
    );
  });
});

describe.concurrent('pathological long lines finish (each parsed in a child process with a deadline)', () => {
  // The longest line the reader keeps is 1 MiB; each of these is about that long. A parser
  // linear in the line reads each in milliseconds; the deadline is generous.
  const DEADLINE_MS = 5000;
  const MIB = 1 << 20;
  const CASES = [
    {
      name: 'global location with many quoted pieces',
      prefix: "  Location is global '",
      unit: "' at 0x1 (x",
    },
    {
      name: 'global location with many size pieces',
      prefix: "  Location is global '",
      unit: "' of size 1 at 0x1 (",
    },
    {
      name: 'external access with many unclosed mutex sets',
      prefix: '  Modifying access of ',
      unit: ' at 0x1 by main thread (mutexes: x',
    },
    {
      name: 'heap location with many allocation pieces',
      prefix: '  Location is ',
      unit: ' of size 1 at 0x1 allocated by x',
    },
    { name: 'thread header with many parentheses', prefix: '  Thread T1 ', unit: '(' },
    { name: 'frame with many module groups', prefix: '    #0 ', unit: '(a+0x1) ' },
    { name: 'frame markers after runs of spaces', prefix: 'x', unit: '  #1 ' },
    {
      name: 'access header with many mutexes',
      prefix: '  Write of size 1 at 0x1 by main thread (mutexes: ',
      unit: 'write M1, ',
    },
    { name: 'lock cycle of many mutexes', prefix: '  Cycle in lock order graph: ', unit: 'M0 => ' },
    { name: 'unterminated OSC escapes', prefix: '', unit: '\x1b]' },
  ];
  for (const c of CASES) {
    it(c.name, async ({ expect }) => {
      const count = Math.floor((MIB - c.prefix.length) / c.unit.length);
      const outcome = await parseLineInChild(
        { prefix: c.prefix, unit: c.unit, count },
        DEADLINE_MS,
      );
      expect(outcome.stderr).toBe('');
      expect(outcome.finished, `not finished within ${DEADLINE_MS} ms`).toBe(true);
    }, 30_000);
  }
});
