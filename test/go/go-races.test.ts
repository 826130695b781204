import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParseRecord, Report } from '../../src/index.js';
import { parseInputs } from '../../src/parse/parse-inputs.js';
import { parseText } from '../../src/parse/parse-text.js';
import { DEFAULT_CONFIG } from '../../src/triage/config.js';
import { FrameRules } from '../../src/triage/normalize-stack.js';
import { signReport } from '../../src/triage/signature.js';
import { CORPUS } from '../support/fixtures.js';
import { GoWorkspace, requireGo } from '../support/go-toolchain.js';

// Racy Go programs of our own (test/go-programs/), built with `go build -race` and run twice:
// every report must parse whole, and a race must keep its signature from run to run.
const PROGRAMS = ['map_race', 'slice_race', 'field_race', 'closure_race'] as const;

const reportsOf = (records: readonly ParseRecord[]): Report[] =>
  records.filter((r): r is Report => r.type === 'report');
const rules = new FrameRules(DEFAULT_CONFIG);
const signatures = (reports: readonly Report[]): string[] =>
  [...new Set(reports.map((r) => signReport(r, rules).text))].sort();

function expectWholeGoReport(report: Report, where: string): void {
  expect(report.runtime, where).toBe('go');
  expect(report.kindId, where).toBe('data-race');
  expect(report.pid, where).toBeNull();
  expect(report.truncated, where).toBe(false);
  expect(report.diagnostics, where).toEqual([]);
  expect(report.accesses, where).toHaveLength(2);
  expect(report.accesses.map((a) => a.previous)).toEqual([false, true]);
  for (const access of report.accesses) {
    expect(access.thread, where).toMatch(/^(main|G\d+)$/);
    expect(access.frames.length, where).toBeGreaterThan(0);
    for (const frame of access.frames) {
      expect(frame.file, where).toMatch(/\.go$/);
      expect(frame.offset, where).toMatch(/^0x[0-9a-f]+$/);
    }
  }
  // Every goroutine an access names, other than main, has its creation stack.
  const goroutines = report.accesses.map((a) => a.thread).filter((t) => t !== 'main');
  for (const id of goroutines) {
    const thread = report.threads.find((t) => t.id === id);
    expect(thread, `${where}: ${id}`).toBeDefined();
    expect(thread!.frames.length, where).toBeGreaterThan(0);
    expect(['running', 'finished']).toContain(thread!.state);
  }
}

describe('Go race detector output', () => {
  let ws: GoWorkspace;
  let problem: string | null = null;
  const binaries = new Map<string, string>();

  beforeAll(async () => {
    ws = await GoWorkspace.create();
    problem = await ws.probe();
    if (problem !== null) return;
    for (const program of PROGRAMS) binaries.set(program, await ws.build(program));
  }, 600_000);

  afterAll(() => ws?.dispose());

  it.for(PROGRAMS)(
    '%s: every report parses whole; two runs give one signature',
    async (name, ctx) => {
      requireGo(problem, ctx);
      const binary = binaries.get(name)!;
      const runs = [await ws.run(binary), await ws.run(binary)];
      const signed: string[][] = [];
      for (const [i, run] of runs.entries()) {
        expect(run.exitCode, run.stderr).toBe(66);
        const records = parseText(run.stderr, { file: `${name}.${i}` });
        const reports = reportsOf(records);
        expect(reports.length, run.stderr).toBeGreaterThan(0);
        // `Found N data race(s)` is checked against the reports read.
        expect(records.filter((r) => r.type === 'diagnostic')).toEqual([]);
        expect(run.stderr).toContain(`Found ${reports.length} data race(s)`);
        for (const report of reports) expectWholeGoReport(report, `${name} run ${i}`);
        signed.push(signatures(reports));
      }
      expect(signed[0]).toHaveLength(1);
      expect(signed[1]).toEqual(signed[0]);
    },
  );

  it('names Go functions as the normalisation rules say', async (ctx) => {
    requireGo(problem, ctx);
    const field = await ws.run(binaries.get('field_race')!);
    const [report] = reportsOf(parseText(field.stderr));
    expect(signatures([report!])).toEqual(['v2|data-race|main.Counter.Inc|main.Counter.Inc|']);
    const slice = await ws.run(binaries.get('slice_race')!);
    expect(signatures(reportsOf(parseText(slice.stderr)))).toEqual([
      'v2|data-race|main.fill|main.main|',
    ]);
    // The map's own code is the standard library's: the anchor is the program's caller.
    const map = await ws.run(binaries.get('map_race')!);
    const [mapReport] = reportsOf(parseText(map.stderr));
    expect(mapReport!.accesses[0]!.frames[0]!.function).toMatch(/^runtime\.map/);
    expect(signatures([mapReport!])).toEqual(['v2|data-race|main.main|main.main.func1|']);
  });

  it('reads GORACE log_path files as TSan log_path files, with the pid of their name', async (ctx) => {
    requireGo(problem, ctx);
    const prefix = path.join(ws.dir, 'logs', 'race');
    await mkdir(path.dirname(prefix), { recursive: true });
    const run = await ws.run(binaries.get('closure_race')!, `log_path=${prefix}`);
    expect(run.exitCode).toBe(66);
    expect(run.stderr).not.toContain('DATA RACE');
    const records: ParseRecord[] = [];
    for await (const record of parseInputs([prefix])) {
      if (record instanceof Error) throw record;
      records.push(record);
    }
    const reports = reportsOf(records);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.source.file).toMatch(/race\.\d+$/);
    expect(reports[0]!.pid).toBe(Number(reports[0]!.source.file.split('.').pop()));
    expect(signatures(reports)).toEqual(['v2|data-race|main.main|main.main.func1|']);
  });

  it('reads a race inside `go test`, plain and `-json`, as the same groups', async (ctx) => {
    requireGo(problem, ctx);
    const plain = await ws.test('testrace', false);
    const json = await ws.test('testrace', true);
    expect(plain.stdout).toContain('race detected during execution of test');
    expect(json.stdout).toContain('"Action":"output"');
    const plainReports = reportsOf(parseText(plain.stdout + plain.stderr, { file: 'plain' }));
    const jsonRecords = parseText(json.stdout + json.stderr, { file: 'json' });
    const jsonReports = reportsOf(jsonRecords);
    expect(plainReports.length).toBeGreaterThan(0);
    expect(jsonReports).toHaveLength(plainReports.length);
    for (const report of [...plainReports, ...jsonReports]) {
      expectWholeGoReport(report, report.source.file);
      // The creation stacks run through the testing package.
      expect(report.threads[0]!.frames.map((f) => f.function)).toContain('testing.tRunner');
    }
    expect(signatures(jsonReports)).toEqual(signatures(plainReports));
    expect(signatures(plainReports)).toEqual([
      'v2|data-race|testrace.Cache.Get|testrace.Cache.Get|',
    ]);
    // Line numbers are the JSON file's own: one event per line.
    const lines = (json.stdout + json.stderr).split('\n');
    expect(lines[jsonReports[0]!.source.line - 1]).toContain('WARNING: DATA RACE');
  });
});

describe('the corpus sample of Go 1.19 (examples/out/go.txt)', () => {
  const text = readFileSync(`${CORPUS}/examples/out/go.txt`, 'utf8');
  const records = parseText(text, { file: 'go.txt' });
  const reports = reportsOf(records);

  it('parses its three races whole, with the count it ends with', () => {
    expect(reports).toHaveLength(3);
    expect(records.filter((r) => r.type === 'diagnostic')).toEqual([]);
    for (const report of reports) expectWholeGoReport(report, 'go.txt');
    expect(reports[0]!.accesses[0]!.frames[0]).toEqual({
      index: 0,
      function: 'main.main.func1',
      file: '/home/dev/src/goprog/main.go',
      line: 16,
      column: null,
      module: null,
      offset: '0x3b',
      buildId: null,
      address: null,
    });
    expect(reports[0]!.threads).toEqual([
      expect.objectContaining({ id: 'G7', state: 'running', createdBy: null }),
    ]);
  });

  it('anchors the map race in the program, not in the runtime', () => {
    expect(signatures(reports)).toEqual([
      'v2|data-race|main.main|main.main.func1|',
      'v2|data-race|main.main|main.main.func2|',
    ]);
  });
});
