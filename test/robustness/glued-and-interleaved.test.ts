/**
 * Lines glued together by writers that did not end theirs, program output and tracebacks
 * among report lines, and several processes writing to one stream: every report must come out
 * with the same content as when its text is parsed alone.
 */
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type ParseRecord, parseText, type Report } from '../../src/index.js';
import {
  example,
  experiment,
  frameCount,
  joinLines,
  linesOf,
  merge,
  prng,
  randomInt,
  reportsOf,
  seedText,
  shape,
  stacksOf,
} from '../support/robust-helpers.js';

const FRAME_LINE = /^\s*#\d+ /;
const THREAD_WITH_STACK = /^\s*Thread T\d+ .* at:$/;

function parse(text: string): ParseRecord[] {
  return parseText(text, { file: 'log.txt' });
}

function parseReports(text: string): Report[] {
  return reportsOf(parse(text));
}

/** What the report says and which problems were found with it (not where they were). */
function shapeAndDiagnostics(report: Report) {
  return { ...shape(report), diagnostics: report.diagnostics.map((d) => d.code) };
}

const GLUE_SOURCES: readonly { readonly name: string; readonly text: () => string }[] = [
  ...[
    'race.gcc.txt',
    'heap_mutex.clang19.txt',
    'deadlock.gcc.txt',
    'nested.clang19.txt',
    'vptr.gcc.txt',
    'mutexbugs.clang19.txt',
    'fd.gcc.txt',
  ].map((name) => ({ name, text: () => example(name) })),
  { name: 'seed', text: seedText },
];

/** Indices `i` where line i and line i+1 are both frame lines. */
function framePairs(lines: readonly string[]): number[] {
  const pairs: number[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    if (FRAME_LINE.test(lines[i] ?? '') && FRAME_LINE.test(lines[i + 1] ?? '')) pairs.push(i);
  }
  return pairs;
}

/** Line i and line i+1 on one physical line, joined by `joint` (the second line unindented). */
function glue(lines: readonly string[], i: number, joint: string): string[] {
  const out = [...lines];
  out.splice(i, 2, `${lines[i]}${joint}${(lines[i + 1] ?? '').trimStart()}`);
  return out;
}

describe('glued lines are split', () => {
  for (const source of GLUE_SOURCES) {
    describe(source.name, () => {
      const text = source.text();
      const lines = linesOf(text);
      const expected = parseReports(text).map(shapeAndDiagnostics);

      it('two frame lines joined by a run of spaces, at every frame pair', () => {
        const pairs = framePairs(lines);
        expect(pairs.length).toBeGreaterThan(0);
        for (const i of pairs) {
          const joint = ' '.repeat(2 + (i % 11));
          const glued = joinLines(glue(lines, i, joint));
          expect(parseReports(glued).map(shapeAndDiagnostics), `lines ${i + 1}-${i + 2}`).toEqual(
            expected,
          );
        }
      });

      it('two frame lines joined by a single space after the module group', () => {
        for (const i of framePairs(lines)) {
          if (!(lines[i] ?? '').endsWith(')')) continue;
          const glued = joinLines(glue(lines, i, ' '));
          expect(parseReports(glued).map(shapeAndDiagnostics), `lines ${i + 1}-${i + 2}`).toEqual(
            expected,
          );
        }
      });

      it('every stack wrapped onto one physical line (terminal copy/paste)', () => {
        const out: string[] = [];
        for (const line of lines) {
          const previous = out[out.length - 1];
          if (FRAME_LINE.test(line) && previous !== undefined && FRAME_LINE.test(previous)) {
            out[out.length - 1] = `${previous}${'        '}${line.trimStart()}`;
          } else {
            out.push(line);
          }
        }
        expect(out.length).toBeLessThan(lines.length);
        expect(parseReports(joinLines(out)).map(shapeAndDiagnostics)).toEqual(expected);
      });

      it('a thread header with its `#0 pthread_create ...` appended', () => {
        let tested = 0;
        lines.forEach((line, i) => {
          if (!THREAD_WITH_STACK.test(line) || !FRAME_LINE.test(lines[i + 1] ?? '')) return;
          for (const joint of [' ', '    ', ' '.repeat(40)]) {
            const glued = joinLines(glue(lines, i, joint));
            expect(
              parseReports(glued).map(shapeAndDiagnostics),
              `line ${i + 1} joint ${joint.length}`,
            ).toEqual(expected);
            tested++;
          }
        });
        // mutexbugs has no thread sections; the seed's only thread header is glued already.
        const none = ['mutexbugs.clang19.txt', 'seed'].includes(source.name);
        expect(tested > 0).toBe(!none);
      });

      it('program output glued before a frame (the frame keeps its indentation)', () => {
        lines.forEach((line, i) => {
          if (!FRAME_LINE.test(line)) return;
          const out = [...lines];
          out[i] = `worker 3 finished step ${i}${line}`;
          const reports = parseReports(joinLines(out));
          expect(reports.map(shape), `line ${i + 1}`).toEqual(expected.map(withoutDiagnostics));
          // The output itself may be noted as an unexpected line, nothing else.
          for (const report of reports) {
            for (const d of report.diagnostics) expect(d.code).toBe('unrecognized-line');
          }
        });
      });

      it('program output glued before the separators and the headline', () => {
        const out = lines.map((line) =>
          line === '=================='
            ? `child 1 done${line}`
            : line.startsWith('WARNING: ThreadSanitizer:')
              ? `Starting worker...${line}`
              : line,
        );
        expect(out).not.toEqual(lines);
        expect(parseReports(joinLines(out)).map(shapeAndDiagnostics)).toEqual(expected);
      });
    });
  }
});

function withoutDiagnostics(s: ReturnType<typeof shapeAndDiagnostics>) {
  const { diagnostics: _diagnostics, ...rest } = s;
  return rest;
}

describe('names that contain `#N` are not split', () => {
  const SWIFT = [
    '==================',
    'WARNING: ThreadSanitizer: Swift access race (pid=4242)',
    '  Modifying access of Swift variable at 0x7b0800001234 by thread T1:',
    '    #0 closure #3 in Foo.bar() /src/App/Foo.swift:42 (App+0x10a4) (BuildId: 0a1b2c)',
    '    #1 implicit closure #1 () throws -> Swift.Bool in closure #2 (Swift.Int) -> () in App.run() /src/App/main.swift:10 (App+0x2000)',
    '    #2 partial apply for closure #3 in Foo.bar() <compiler-generated> (App+0x3000)',
    '',
    '  Previous read-only access of Swift variable at 0x7b0800001234 by main thread:',
    '    #0 main::{lambda()#1}::operator()() const /src/a.cpp:5 (App+0x12)',
    '    #1 std::thread::_State_impl<std::thread::_Invoker<std::tuple<main::{lambda()#1}> > >::_M_run() /usr/include/c++/12/bits/std_thread.h:211 (App+0x34)',
    '    #2 (Local #1 in App.f()).run() /src/App/f.swift:9 (App+0x56)',
    '',
    'SUMMARY: ThreadSanitizer: Swift access race /src/App/Foo.swift:42 in closure #3 in Foo.bar()',
    '==================',
  ];

  it('reads every frame whole', () => {
    const [report, ...others] = parseReports(joinLines(SWIFT));
    expect(others).toHaveLength(0);
    expect(report?.kindId).toBe('swift-access-race');
    expect(report?.diagnostics).toEqual([]);
    expect(report?.accesses.map((a) => a.frames.map((f) => [f.index, f.function]))).toEqual([
      [
        [0, 'closure #3 in Foo.bar()'],
        [
          1,
          'implicit closure #1 () throws -> Swift.Bool in closure #2 (Swift.Int) -> () in App.run()',
        ],
        [2, 'partial apply for closure #3 in Foo.bar()'],
      ],
      [
        [0, 'main::{lambda()#1}::operator()() const'],
        [
          1,
          'std::thread::_State_impl<std::thread::_Invoker<std::tuple<main::{lambda()#1}> > >::_M_run()',
        ],
        [2, '(Local #1 in App.f()).run()'],
      ],
    ]);
    expect(report?.summaryFunction).toBe('closure #3 in Foo.bar()');
  });

  it('still splits a real glued frame after such a name', () => {
    const lines = [...SWIFT];
    lines.splice(3, 2, `${SWIFT[3]}          ${(SWIFT[4] ?? '').trimStart()}`);
    expect(parseReports(joinLines(lines)).map(shapeAndDiagnostics)).toEqual(
      parseReports(joinLines(SWIFT)).map(shapeAndDiagnostics),
    );
  });
});

const TRACEBACK = [
  'Traceback (most recent call last):',
  '  File "/home/dev/bug.py", line 18, in <module>',
  '    for t in threads: t.start()',
  '  File "/usr/lib/python3.13/threading.py", line 1126, in join',
  'KeyboardInterrupt',
];

const OUTPUT_LINES = [
  'child 0 done',
  'make[3]: *** [Makefile:12: test] Error 66',
  '[ RUN      ] RaceTest.Counter',
  'Segmentation fault (core dumped)',
  '    at com.example.Worker.run(Worker.java:42)',
  'Terminated',
];

describe('program output among report lines', () => {
  const sources = [
    'race.gcc.txt',
    'heap_mutex.clang19.txt',
    'deadlock.clang19.txt',
    'leak.gcc.txt',
    'mutexbugs.gcc.txt',
    'signal.clang19.txt',
  ];
  for (const name of sources) {
    const text = example(name);
    const lines = linesOf(text);
    const expected = parseReports(text).map(shape);

    it(`${name}: a Python traceback inserted before every line`, () => {
      for (let i = 0; i <= lines.length; i++) {
        const out = [...lines];
        out.splice(i, 0, ...TRACEBACK);
        expect(parseReports(joinLines(out)).map(shape), `before line ${i + 1}`).toEqual(expected);
      }
    });

    it(`${name}: other program output at random places (fixed seeds)`, () => {
      for (const seed of [11, 12, 13, 14, 15, 16, 17, 18, 19, 20]) {
        const random = prng(seed);
        const out: string[] = [];
        for (const line of lines) {
          while (random() < 0.25) {
            out.push(OUTPUT_LINES[randomInt(random, OUTPUT_LINES.length)] ?? '');
          }
          out.push(line);
        }
        expect(parseReports(joinLines(out)).map(shape), `seed ${seed}`).toEqual(expected);
      }
    });
  }

  it('the seed: its own traceback and page text around the report, and a traceback inside', () => {
    const text = seedText();
    const lines = linesOf(text);
    const expected = parseReports(text).map(shape);
    expect(expected).toHaveLength(1);
    const headline = lines.findIndex((l) => l.startsWith('WARNING: ThreadSanitizer:'));
    const closing = lines.indexOf('==================', headline);
    for (let i = headline + 1; i <= closing; i++) {
      const out = [...lines];
      out.splice(i, 0, ...TRACEBACK);
      expect(parseReports(joinLines(out)).map(shape), `before line ${i + 1}`).toEqual(expected);
    }
  });
});

/** A report text from its opening separator to its closing one. */
interface Block {
  readonly lines: readonly string[];
}

describe('two processes interleaved line by line', () => {
  // Different pids, different programs (modules), and gcc beside clang or clang beside clang.
  const PAIRS: readonly (readonly [string, string])[] = [
    ['race.gcc.txt', 'heap_mutex.clang19.txt'],
    ['deadlock.gcc.txt', 'leak.clang19.txt'],
    ['uaf.gcc.txt', 'race.clang19.txt'],
    ['race.clang19.txt', 'deadlock.clang19.txt'],
  ];
  const MERGES: readonly {
    readonly name: string;
    readonly pick: () => (available: readonly number[], step: number) => number;
  }[] = [
    { name: 'round-robin, first process first', pick: () => (_available, step) => step },
    { name: 'round-robin, second process first', pick: () => (_available, step) => step + 1 },
    ...[101, 102, 103].map((seed) => ({
      name: `random merge (seed ${seed})`,
      pick: () => {
        const random = prng(seed);
        return (available: readonly number[]) => randomInt(random, available.length);
      },
    })),
  ];

  for (const [a, b] of PAIRS) {
    for (const mergeMode of MERGES) {
      it(`${a} + ${b}: ${mergeMode.name}`, () => {
        const texts = [example(a), example(b)];
        const alone = texts.map((t) => parseReports(t));
        const merged = merge(
          texts.map((t) => linesOf(t)),
          mergeMode.pick(),
        );
        const reports = parseReports(joinLines(merged));
        expect(reports).toHaveLength(alone.flat().length);
        if (mergeMode.name.startsWith('round-robin')) {
          // Line by line in turn, as processes writing at once do: every report exactly.
          for (const report of alone.flat()) {
            const mine = reports.filter((r) => r.pid === report.pid);
            expect(mine.map(shape), `pid ${report.pid}`).toContainEqual(shape(report));
          }
        } else {
          // A random merge can put a header of one process right before a header of the other
          // with nothing that tells them apart; what must hold is that no frame is lost and
          // no frame crosses into the other process's report.
          for (const report of alone.flat()) {
            const mine = reports.find((r) => r.pid === report.pid);
            expect(mine?.kind, `pid ${report.pid}`).toBe(report.kind);
            const own = new Set(
              stacksOf(report)
                .flat()
                .map((f) => f.module),
            );
            for (const frame of mine ? stacksOf(mine).flat() : []) {
              expect(
                own.has(frame.module),
                `pid ${report.pid}: ${frame.function} (${frame.module})`,
              ).toBe(true);
            }
          }
          const frames = (list: readonly Report[]) => list.reduce((n, r) => n + frameCount(r), 0);
          expect(frames(reports)).toBe(frames(alone.flat()));
        }
        // Each report starts at its own headline in the merged stream.
        for (const report of reports) {
          expect(merged[report.source.line - 1]).toBe(
            `WARNING: ThreadSanitizer: ${report.kind} (pid=${report.pid})`,
          );
        }
      });
    }
  }

  it('minimal case: two one-access reports, round-robin', () => {
    // Reduced from the cases above. Each access header must go to its own process's report.
    const merged = [
      '==================',
      '==================',
      'WARNING: ThreadSanitizer: data race (pid=100)',
      'WARNING: ThreadSanitizer: data race (pid=200)',
      '  Read of size 4 at 0x555555558054 by thread T2:',
      '  Write of size 4 at 0x720c0000000c by thread T1:',
      '    #0 Thread2 /home/dev/src/race.c:7 (race+0x1229)',
      '    #0 Thread1 /home/dev/src/heap_mutex.c:12:8 (heap_mutex+0xe4674) (BuildId: c11f)',
      '',
      '',
      'SUMMARY: ThreadSanitizer: data race /home/dev/src/race.c:7 in Thread2',
      'SUMMARY: ThreadSanitizer: data race /home/dev/src/heap_mutex.c:12:8 in Thread1',
      '==================',
      '==================',
    ];
    const reports = parseReports(joinLines(merged));
    const byPid = (pid: number) =>
      reports
        .filter((r) => r.pid === pid)
        .map((r) => ({
          summary: r.summary,
          accesses: r.accesses.map((x) => [x.address, x.frames.map((f) => f.function)]),
        }));
    expect(byPid(100)).toEqual([
      {
        summary: 'data race /home/dev/src/race.c:7 in Thread2',
        accesses: [['0x555555558054', ['Thread2']]],
      },
    ]);
    expect(byPid(200)).toEqual([
      {
        summary: 'data race /home/dev/src/heap_mutex.c:12:8 in Thread1',
        accesses: [['0x720c0000000c', ['Thread1']]],
      },
    ]);
  });
});

describe('forked children of one binary, in whole-report blocks', () => {
  const text = experiment('forky.txt');
  const lines = linesOf(text);
  // Each child prints: separator, report, separator, `reported 1 warnings`, `child N done`.
  const blocks: Block[] = [];
  lines.forEach((line, i) => {
    if (line === '==================' && lines[i + 1]?.startsWith('WARNING: ThreadSanitizer:')) {
      const end = lines.findIndex((l, j) => j > i && l.startsWith('child '));
      blocks.push({ lines: lines.slice(i, end + 1) });
    }
  });
  const alone = blocks.map((block) => parseReports(joinLines(block.lines)));

  it('has three children, each a complete report alone', () => {
    expect(blocks).toHaveLength(3);
    for (const reports of alone) {
      expect(reports).toHaveLength(1);
      expect(reports[0]?.truncated).toBe(false);
    }
    expect(alone.map((r) => r[0]?.pid)).toEqual([13710, 13712, 13711]);
  });

  it('the captured stream gives the three reports exactly, and no diagnostics', () => {
    const records = parse(text);
    expect(records.filter((r) => r.type === 'diagnostic')).toEqual([]);
    expect(reportsOf(records).map(shape)).toEqual(alone.flat().map(shape));
  });

  it('in every order of the blocks', () => {
    const orders = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ];
    for (const order of orders) {
      const stream = order.flatMap((i) => blocks[i]?.lines ?? []);
      const records = parse(joinLines(stream));
      expect(
        records.filter((r) => r.type === 'diagnostic'),
        `order ${order}`,
      ).toEqual([]);
      expect(reportsOf(records).map(shape), `order ${order}`).toEqual(
        order.map((i) => shape(alone[i]?.[0] as Report)),
      );
    }
  });
});

describe('a report cut short (its process killed), then another process writes a whole report', () => {
  /** Whether B's report still reads as alone after A's report is cut after each of its lines. */
  function check(a: readonly string[], b: readonly string[]): void {
    const aloneB = parseReports(joinLines(b));
    expect(aloneB).toHaveLength(1);
    const expectedB = aloneB[0] as Report;
    const headline = a.findIndex((l) => l.startsWith('WARNING: ThreadSanitizer:'));
    const summary = a.findIndex((l) => l.startsWith('SUMMARY: '));
    const wrong: string[] = [];
    for (let cut = headline + 1; cut < summary; cut++) {
      const reports = parseReports(joinLines([...a.slice(0, cut), ...b]));
      const cutA = reports.filter((r) => r.pid !== expectedB.pid);
      const wholeB = reports.filter((r) => r.pid === expectedB.pid);
      if (cutA.length !== 1 || cutA[0]?.truncated !== true) wrong.push(`${cut}: cut report`);
      if (wholeB.length !== 1 || !isDeepStrictEqual(shape(wholeB[0] as Report), shape(expectedB))) {
        wrong.push(`${cut}: whole report`);
      }
    }
    // `n: ...` = the cut after line n of the first report spoiled that report.
    expect(wrong).toEqual([]);
  }

  // (Other programs' reports after a cut one: truncation.test.ts, `then another whole report`.)
  it('forky.txt: the first child cut, then the second child (same binary)', () => {
    const lines = linesOf(experiment('forky.txt'));
    const starts = lines
      .map((l, i) =>
        l === '==================' && lines[i + 1]?.startsWith('WARNING: ThreadSanitizer:')
          ? i
          : -1,
      )
      .filter((i) => i >= 0);
    expect(starts).toHaveLength(3);
    check(lines.slice(starts[0], starts[1]), lines.slice(starts[1], starts[2]));
  });

  it('minimal case: a cut race report, then a lock-order inversion of another process', () => {
    const a = linesOf(example('race.clang19.txt')).slice(0, 4); // cut after its first frame
    const b = linesOf(example('deadlock.clang19.txt'));
    const reports = parseReports(joinLines([...a, ...b]));
    const race = reports.find((r) => r.pid === 12831);
    const inversion = reports.find((r) => r.pid === 12848);
    expect(race?.stacks).toEqual([]);
    expect(inversion?.stacks.map((s) => s.edge)).toEqual([
      { acquired: 'M1', held: 'M0', thread: 'main' },
      { acquired: 'M0', held: 'M1', thread: 'T1' },
    ]);
  });
});
