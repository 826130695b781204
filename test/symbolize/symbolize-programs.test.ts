/**
 * Issue 8, acceptance 1: a racy program run with `symbolize=0`, symbolized offline by racelens,
 * gives the signatures of the same binary's symbolized run; per toolchain (gcc and clang 19).
 */
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../src/model/frame.js';
import type { ParseRecord, Report } from '../../src/model/report.js';
import { parseText } from '../../src/parse/parse-text.js';
import { readElfInfo } from '../../src/symbolize/elf-file.js';
import { findSymbolizerTool, type SymbolizerTool } from '../../src/symbolize/find-tool.js';
import { symbolizeStream } from '../../src/symbolize/symbolize-stream.js';
import { Symbolizer } from '../../src/symbolize/symbolizer.js';
import { Triage } from '../../src/triage/triage.js';
import { runCli } from '../support/run-cli.js';
import {
  declareToolchainTests,
  detectToolchain,
  type Language,
  requireToolchain,
  runTsan,
  TOOLCHAINS,
  type Toolchain,
  type ToolchainStatus,
  TsanWorkspace,
} from '../support/tsan-toolchains.js';

const SOURCE = fileURLToPath(new URL('./programs/heap_inline.c', import.meta.url));

interface Built {
  readonly binary: string;
  readonly dir: string;
  readonly bare: string;
  readonly symbolized: string;
}

let workspace: TsanWorkspace;
const statuses = new Map<string, ToolchainStatus>();
const built = new Map<string, Built>();

beforeAll(async () => {
  workspace = await TsanWorkspace.create('racelens-symbolize-');
  await Promise.all(
    TOOLCHAINS.map(async (tc) => {
      // C++ is probed too so that declareToolchainTests reports both languages truthfully.
      statuses.set(`${tc.id}:c++`, await detectToolchain(tc, 'c++'));
      const status = await detectToolchain(tc, 'c');
      statuses.set(`${tc.id}:c`, status);
      if (!status.available) return;
      const binary = await workspace.compile(tc, SOURCE, { opt: '-O2' });
      // The race is ordered by a sleep; a run that missed it would make the comparison empty.
      const run = async (symbolize: boolean) => {
        for (let attempt = 0; attempt < 5; attempt++) {
          const result = await runTsan(binary, { tsanOptions: { symbolize } });
          if (result.stderr.includes('WARNING: ThreadSanitizer: data race')) return result.stderr;
        }
        throw new Error(`${binary} never reported its race`);
      };
      built.set(tc.id, {
        binary,
        dir: path.dirname(binary),
        bare: await run(false),
        symbolized: await run(true),
      });
    }),
  );
});

afterAll(async () => {
  await workspace?.cleanup();
});

function statusOf(tc: Toolchain, language: Language): ToolchainStatus {
  return (
    statuses.get(`${tc.id}:${language}`) ?? {
      toolchain: tc,
      language,
      available: false,
      reason: 'not probed',
    }
  );
}

async function symbolize(
  text: string,
  binaries: readonly string[],
  tool?: SymbolizerTool,
): Promise<{ records: ParseRecord[]; symbolizer: Symbolizer }> {
  const symbolizer = new Symbolizer({ binaries, ...(tool ? { tool } : {}) });
  try {
    const records = await symbolizer.symbolize(parseText(text, { file: 'bare.log' }));
    return { records, symbolizer };
  } finally {
    symbolizer.close();
  }
}

function signatures(records: readonly ParseRecord[]): string[] {
  const triage = new Triage();
  for (const record of records) triage.add(record);
  return triage
    .finish()
    .groups.map((g) => g.group.signature.text)
    .sort();
}

function reportsOf(records: readonly ParseRecord[]): Report[] {
  return records.filter((r): r is Report => r.type === 'report');
}

const functions = (frames: readonly Frame[]) => frames.map((f) => f.function);

function available(tc: Toolchain, ctx: { skip(note?: string): void }): Built {
  requireToolchain(statusOf(tc, 'c'), ctx);
  const b = built.get(tc.id);
  if (!b) throw new Error(`${tc.label}: the program was not built`);
  return b;
}

for (const tc of TOOLCHAINS) {
  describe(`offline symbolization of ${tc.label} builds`, () => {
    declareToolchainTests(it, tc, statusOf);

    it('gives the signatures of the symbolized run of the same binary', async (ctx) => {
      const b = available(tc, ctx);
      const bare = parseText(b.bare, { file: 'bare.log' });
      expect(reportsOf(bare)[0]?.accesses[0]?.frames[0]?.function).toBeNull();
      const { records } = await symbolize(b.bare, [b.dir]);
      const expected = signatures(parseText(b.symbolized, { file: 'symbolized.log' }));
      expect(expected).toEqual(['v2|data-race|bump|bump|heap']);
      expect(signatures(records)).toEqual(expected);
    });

    it('expands the inlined function into its own frame and renumbers the stack', async (ctx) => {
      const b = available(tc, ctx);
      const { records } = await symbolize(b.bare, [b.dir]);
      const report = reportsOf(records)[0];
      const main = report?.accesses.find((a) => a.thread === 'main');
      expect(functions(main?.frames ?? []).slice(0, 3)).toEqual(['bump', 'record_main', 'main']);
      expect(main?.frames.map((f) => f.index)).toEqual(main?.frames.map((_, i) => i));
      const [inner, outer] = main?.frames ?? [];
      // Both frames of the inline group carry the one PC TSan printed.
      expect(outer?.offset).toBe(inner?.offset);
      expect(inner?.file).toBe(SOURCE);
      expect(inner?.line).toBe(13);
      expect(outer?.line).toBe(22);
      expect(inner?.column === null).toBe(tc.id === 'gcc');
    });

    it('leaves frames of modules not found as they were and names the modules', async (ctx) => {
      const b = available(tc, ctx);
      const { records, symbolizer } = await symbolize(b.bare, [b.dir]);
      const missing = symbolizer.missing.map((m) => m.module);
      expect(missing).toContain('libc.so.6');
      expect(symbolizer.missing[0]?.file).toBe('bare.log');
      const libc = reportsOf(records)
        .flatMap((r) => r.accesses.flatMap((a) => a.frames))
        .filter((f) => f.module === 'libc.so.6');
      expect(libc.length).toBeGreaterThan(0);
      for (const frame of libc) expect(frame.function).toBeNull();
    });

    it('never changes frames that already have a function', async (ctx) => {
      const b = available(tc, ctx);
      const parsed = parseText(b.symbolized, { file: 'bare.log' });
      const { records } = await symbolize(b.symbolized, [b.dir]);
      expect(records).toEqual(parsed);
    });

    it('symbolizes with addr2line when llvm-symbolizer is not there', async (ctx) => {
      const b = available(tc, ctx);
      let tool: SymbolizerTool;
      try {
        tool = findSymbolizerTool(process.env, 'addr2line');
      } catch {
        ctx.skip('addr2line (binutils) missing');
        return;
      }
      const { records } = await symbolize(b.bare, [b.dir], tool);
      const expected = signatures(parseText(b.symbolized, { file: 'symbolized.log' }));
      expect(signatures(records)).toEqual(expected);
      const main = reportsOf(records)[0]?.accesses.find((a) => a.thread === 'main');
      expect(functions(main?.frames ?? []).slice(0, 2)).toEqual(['bump', 'record_main']);
    });

    it('racelens symbolize prints a log that parses to the symbolized signatures', async (ctx) => {
      const b = available(tc, ctx);
      const bareLog = path.join(b.dir, 'bare.log');
      await writeFile(bareLog, b.bare);
      const out = await runCli(['symbolize', bareLog, '--binaries', b.dir]);
      expect(out.code).toBe(0);
      expect(out.stderr).toMatch(/module libc\.so\.6.* not found under --binaries/);
      const expected = signatures(parseText(b.symbolized, { file: 'symbolized.log' }));
      expect(signatures(parseText(out.stdout, { file: 'out.log' }))).toEqual(expected);
      const triage = await runCli([
        'triage',
        '--json',
        '--symbolize',
        '--binaries',
        b.dir,
        bareLog,
      ]);
      expect(triage.code).toBe(0);
      const result = JSON.parse(triage.stdout) as { groups: { signature: string }[] };
      expect(result.groups.map((g) => g.signature)).toEqual(expected);
      const parsed = await runCli(['parse', '--json', '--symbolize', '--binaries', b.dir, bareLog]);
      expect(parsed.code).toBe(0);
      const records = parsed.stdout
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as ParseRecord);
      expect(signatures(records)).toEqual(expected);
    });

    it('symbolizes a fixed-address (-no-pie) executable, offsets absolute or from its base', async (ctx) => {
      const b = available(tc, ctx);
      const binary = await workspace.compile(tc, SOURCE, {
        opt: '-O2',
        extraFlags: ['-no-pie'],
        outName: 'heap_inline_nopie',
      });
      const elf = readElfInfo(binary);
      expect(elf?.type).toBe('exec');
      const bare = await runTsan(binary, { tsanOptions: { symbolize: false } });
      const dir = path.dirname(binary);
      const expected = signatures(parseText(b.symbolized, { file: 'symbolized.log' }));
      const { records } = await symbolize(bare.stderr, [dir]);
      expect(signatures(records)).toEqual(expected);
      // The same log with offsets from the image base, as some runtimes print them.
      const base = elf?.loadBase ?? 0n;
      expect(base).toBeGreaterThan(0n);
      const relative = bare.stderr.replace(
        /\(heap_inline_nopie\+0x([0-9a-f]+)\)/g,
        (_, hex: string) => `(heap_inline_nopie+0x${(BigInt(`0x${hex}`) - base).toString(16)})`,
      );
      expect(relative).not.toBe(bare.stderr);
      expect(signatures((await symbolize(relative, [dir])).records)).toEqual(expected);
    });
  });
}

describe("gcc's unnamed globals", () => {
  it('get their names, so the signature keeps its object', async (ctx) => {
    const tc = TOOLCHAINS.find((t) => t.id === 'gcc');
    if (!tc) throw new Error('no gcc toolchain');
    available(tc, ctx);
    // inline_o2.c races on a global; gcc prints `Location is global '<null>'` unsymbolized.
    const source = fileURLToPath(new URL('../programs/inline_o2.c', import.meta.url));
    const binary = await workspace.compile(tc, source, { opt: '-O2' });
    const bare = await runTsan(binary, { tsanOptions: { symbolize: false } });
    const symbolized = await runTsan(binary);
    expect(bare.stderr).toContain("Location is global '<null>'");
    const { records } = await symbolize(bare.stderr, [path.dirname(binary)]);
    const expected = signatures(parseText(symbolized.stderr, { file: 'symbolized.log' }));
    expect(expected[0]).toMatch(/\|global:level$/);
    expect(signatures(records)).toEqual(expected);
  });
});

describe('module lookup by BuildId', () => {
  it('finds a renamed module in a .build-id/xx/yyyy.debug tree by the BuildId of its frames', async (ctx) => {
    const tc = TOOLCHAINS.find((t) => t.id === 'clang');
    if (!tc) throw new Error('no clang toolchain');
    const b = available(tc, ctx);
    const id = readElfInfo(b.binary)?.buildId;
    expect(id).toMatch(/^[0-9a-f]{40}$/);
    if (!id) return;
    const tree = path.join(b.dir, 'debug-root');
    await mkdir(path.join(tree, '.build-id', id.slice(0, 2)), { recursive: true });
    await copyFile(b.binary, path.join(tree, '.build-id', id.slice(0, 2), `${id.slice(2)}.debug`));
    // Under another name in the log, so only the BuildId can find it.
    const renamed = b.bare.replaceAll(`(${path.basename(b.binary)}+`, '(renamed-bin+');
    expect(renamed).not.toBe(b.bare);
    const { records, symbolizer } = await symbolize(renamed, [tree]);
    expect(symbolizer.missing.map((m) => m.module)).not.toContain('renamed-bin');
    const main = reportsOf(records)[0]?.accesses.find((a) => a.thread === 'main');
    expect(functions(main?.frames ?? []).slice(0, 2)).toEqual(['bump', 'record_main']);
    await rm(tree, { recursive: true, force: true });
  });

  it('does not take a file of the right name whose BuildId differs', async (ctx) => {
    const tc = TOOLCHAINS.find((t) => t.id === 'clang');
    if (!tc) throw new Error('no clang toolchain');
    const b = available(tc, ctx);
    const other = b.bare.replace(/BuildId: [0-9a-f]+/g, `BuildId: ${'ab'.repeat(20)}`);
    const { records, symbolizer } = await symbolize(other, [b.dir]);
    expect(symbolizer.missing.map((m) => m.module)).toContain(path.basename(b.binary));
    const main = reportsOf(records)[0]?.accesses.find((a) => a.thread === 'main');
    expect(main?.frames[0]?.function).toBeNull();
  });
});

describe('the streaming transform', () => {
  it('keeps the order of records and of what is not a record, in small batches', async (ctx) => {
    const tc = TOOLCHAINS[0];
    if (!tc) throw new Error('no toolchain');
    const b = available(tc, ctx);
    const records = parseText(b.bare.repeat(5), { file: 'bare.log' });
    const marker = { marker: true } as const;
    async function* source() {
      for (const record of records) {
        yield record;
        yield marker;
      }
    }
    const symbolizer = new Symbolizer({ binaries: [b.dir] });
    const out: unknown[] = [];
    try {
      const isRecord = (item: ParseRecord | typeof marker): item is ParseRecord =>
        !('marker' in item);
      for await (const item of symbolizeStream(source(), symbolizer, isRecord, 3)) out.push(item);
    } finally {
      symbolizer.close();
    }
    expect(out).toHaveLength(records.length * 2);
    out.forEach((item, i) => {
      if (i % 2 === 1) expect(item).toBe(marker);
      else expect((item as ParseRecord).type).toBe(records[i / 2]?.type);
    });
    const reports = out.filter((i): i is Report => (i as ParseRecord).type === 'report');
    for (const r of reports) expect(r.accesses[0]?.frames[0]?.function).toBe('bump');
  });
});
