import { basename } from 'node:path';
import type { Frame } from '../model/frame.js';
import type { ParseRecord, Runtime } from '../model/report.js';
import type { ElfInfo } from './elf-file.js';
import { findSymbolizerTool, type SymbolizerTool } from './find-tool.js';
import { type FoundModule, ModuleLocator } from './module-locator.js';
import {
  type CodeLocation,
  type DataSymbol,
  type ModuleSymbolizer,
  startModuleSymbolizer,
} from './module-symbolizer.js';
import { mapRecordStacks, visitRecordStacks } from './record-stacks.js';

export interface SymbolizerOptions {
  /** `--binaries`: directories (or files) holding the modules and `.build-id/` trees. */
  readonly binaries: readonly string[];
  /** Found on PATH when not given. */
  readonly tool?: SymbolizerTool;
}

/** A module no file was found for, and the first place a frame of it was seen. */
export interface MissingModule {
  readonly module: string;
  readonly buildId: string | null;
  readonly file: string;
  readonly line: number;
}

/** A module whose symbolizer process failed (crashed, unreadable file): its frames stay bare. */
export interface FailedModule {
  readonly path: string;
  readonly message: string;
}

/** A bare frame: a module and offset but no function. Damaged frames lack the rest anyway. */
function isBare(frame: Frame): frame is Frame & { module: string; offset: string } {
  return frame.function === null && frame.module !== null && frame.offset !== null;
}

/** EM_AARCH64 steps back 4 bytes from a return address, EM_ARM 2; x86 and the rest 1. */
function returnStep(elf: ElfInfo): bigint {
  if (elf.machine === 183) return 4n;
  if (elf.machine === 40) return 2n;
  return 1n;
}

/**
 * Fills in function, file, line and column of bare frames (and names of `<null>` globals) from
 * the modules' files, one long-lived symbolizer process per module. Inlined code expands into
 * several frames, numbered as TSan numbers them. Frames that already have a function are never
 * changed; frames of modules not found stay as they were and the module is listed in `missing`.
 */
export class Symbolizer {
  private readonly locator: ModuleLocator;
  private readonly tool: SymbolizerTool;
  /** `module\0buildId` → the file, or null when not found. */
  private readonly modules = new Map<string, FoundModule | null>();
  private readonly processes = new Map<string, ModuleSymbolizer>();
  /** `path\0offset` → inline chain (innermost first); empty when the symbolizer knew nothing. */
  private readonly code = new Map<string, readonly CodeLocation[]>();
  private readonly data = new Map<string, DataSymbol | null>();
  private readonly missingModules = new Map<string, MissingModule>();
  private readonly elves = new Map<string, ElfInfo>();
  private readonly failedModules = new Map<string, FailedModule>();

  constructor(options: SymbolizerOptions) {
    this.locator = new ModuleLocator(options.binaries);
    this.tool = options.tool ?? findSymbolizerTool();
  }

  get missing(): readonly MissingModule[] {
    return [...this.missingModules.values()];
  }

  get failed(): readonly FailedModule[] {
    return [...this.failedModules.values()];
  }

  /** Symbolizes a batch of records: every address of the batch goes to its process at once. */
  async symbolize(records: readonly ParseRecord[]): Promise<ParseRecord[]> {
    const codeWanted = new Map<string, Set<string>>();
    const dataWanted = new Map<string, Set<string>>();
    for (const record of records) {
      const where = whereOf(record);
      // Offsets not in `known` yet, per module file.
      const want = (
        into: Map<string, Set<string>>,
        known: ReadonlyMap<string, unknown>,
        module: string,
        buildId: string | null,
        offset: string,
      ) => {
        const found = this.module(module, buildId, where);
        if (!found || known.has(`${found.path}\0${offset}`)) return;
        const set = into.get(found.path) ?? new Set<string>();
        into.set(found.path, set);
        set.add(offset);
      };
      visitRecordStacks(record, {
        stack: (frames) => {
          for (const frame of frames) {
            if (isBare(frame))
              want(codeWanted, this.code, frame.module, frame.buildId, frame.offset);
          }
        },
        global: (location) => {
          if (location.artifact && location.module !== null && location.offset !== null)
            want(dataWanted, this.data, location.module, null, location.offset);
        },
      });
    }
    await Promise.all([
      ...[...codeWanted].map(([path, offsets]) => this.askCode(path, [...offsets])),
      ...[...dataWanted].map(([path, offsets]) => this.askData(path, [...offsets])),
    ]);
    return records.map((record) => this.rewrite(record));
  }

  close(): void {
    for (const process of this.processes.values()) process.close();
    this.processes.clear();
  }

  private module(module: string, buildId: string | null, where: { file: string; line: number }) {
    const key = `${module}\0${buildId ?? ''}`;
    let found = this.modules.get(key);
    if (found === undefined) {
      found = this.locator.find(module, buildId);
      this.modules.set(key, found);
      if (found) this.elves.set(found.path, found.elf);
      else this.missingModules.set(key, { module, buildId, ...where });
    }
    return found;
  }

  private process(path: string): ModuleSymbolizer {
    let process = this.processes.get(path);
    if (!process) {
      process = startModuleSymbolizer(this.tool, path);
      this.processes.set(path, process);
    }
    return process;
  }

  private async askCode(path: string, offsets: readonly string[]): Promise<void> {
    const elf = this.elfOf(path);
    const step = returnStep(elf);
    // TSan prints return addresses; the call is the instruction before (as TSan symbolizes).
    const addresses = offsets.map((o) => fileAddress(elf, o) - step);
    const answers = await this.process(path)
      .code(addresses)
      .catch((error: unknown) => this.fail(path, error, []));
    offsets.forEach((offset, i) => {
      this.code.set(`${path}\0${offset}`, answers[i] ?? []);
    });
  }

  private async askData(path: string, offsets: readonly string[]): Promise<void> {
    const elf = this.elfOf(path);
    const answers = await this.process(path)
      .data(offsets.map((o) => fileAddress(elf, o)))
      .catch((error: unknown) => this.fail(path, error, []));
    offsets.forEach((offset, i) => {
      this.data.set(`${path}\0${offset}`, answers[i] ?? null);
    });
  }

  /** One module's process failing leaves its frames bare; the others go on. */
  private fail<T>(path: string, error: unknown, answer: T): T {
    const message = error instanceof Error ? error.message : String(error);
    if (!this.failedModules.has(path)) this.failedModules.set(path, { path, message });
    return answer;
  }

  private elfOf(path: string): ElfInfo {
    const elf = this.elves.get(path);
    if (!elf) throw new Error(`internal: no module for ${path}`);
    return elf;
  }

  private rewrite(record: ParseRecord): ParseRecord {
    const runtime: Runtime = record.type === 'report' ? record.runtime : 'unknown';
    const lookup = (module: string, buildId: string | null) =>
      this.modules.get(`${module}\0${buildId ?? ''}`) ?? null;
    const rewritten = mapRecordStacks(record, {
      stack: (frames) => {
        let changed = false;
        let shift = 0;
        const out: Frame[] = [];
        for (const frame of frames) {
          // Bare frames each carry their BuildId (only symbolized inline groups drop it).
          const found = isBare(frame) ? lookup(frame.module, frame.buildId) : null;
          const chain =
            found && frame.offset ? this.code.get(`${found.path}\0${frame.offset}`) : undefined;
          if (!chain || chain.length === 0) {
            out.push(shift === 0 ? frame : { ...frame, index: frame.index + shift });
            continue;
          }
          changed = true;
          chain.forEach((location, i) => {
            out.push({
              ...frame,
              index: frame.index + shift + i,
              function: location.function,
              file: location.file,
              line: location.line,
              // gcc's runtime (libbacktrace) prints no columns; the re-printed log matches it.
              column: runtime === 'gcc' ? null : location.column,
              buildId: i === 0 ? frame.buildId : null,
            });
          });
          shift += chain.length - 1;
        }
        return changed ? out : frames;
      },
      global: (location) => {
        if (!location.artifact || location.module === null || location.offset === null)
          return location;
        const found = lookup(location.module, null);
        const symbol = found ? this.data.get(`${found.path}\0${location.offset}`) : null;
        if (!symbol) return location;
        return {
          ...location,
          name: symbol.name,
          size: location.size ?? symbol.size,
          artifact: false,
        };
      },
    });
    return rewritten.type === 'report' ? this.rewriteSummary(rewritten) : rewritten;
  }

  /** `data race (/path/bin+0x10ff)` becomes `data race file.c:10 in fn`, as TSan prints it. */
  private rewriteSummary<R extends Extract<ParseRecord, { type: 'report' }>>(report: R): R {
    if (report.summary === null || report.summaryFunction !== null) return report;
    const match = /^(.*?) \((\S+)\+(0x[0-9a-f]+)\)(?: \(BuildId: ([0-9a-f]+)\))?\s*$/.exec(
      report.summary,
    );
    if (!match) return report;
    const [, kind = '', modulePath = '', offset = '', buildId] = match;
    const found = this.modules.get(`${basename(modulePath)}\0${buildId ?? ''}`);
    const top = found ? this.code.get(`${found.path}\0${offset}`)?.[0] : undefined;
    if (!top || top.function === null) return report;
    let place = top.file ?? '<null>';
    if (top.line !== null) place += `:${top.line}`;
    if (top.line !== null && top.column !== null && report.runtime !== 'gcc')
      place += `:${top.column}`;
    return {
      ...report,
      summary: `${kind} ${place} in ${top.function}`,
      summaryFunction: top.function,
    };
  }
}

/**
 * The address in the ELF file of a module offset. TSan prints offsets from the load bias, which
 * equal file addresses for PIE/shared objects and for executables too (bias 0); an executable
 * offset below its first PT_LOAD can only be relative to that image base, so it is added.
 */
function fileAddress(elf: ElfInfo, offset: string): bigint {
  const value = BigInt(offset);
  return elf.type === 'exec' && value < elf.loadBase ? value + elf.loadBase : value;
}

function whereOf(record: ParseRecord): { file: string; line: number } {
  if (record.type === 'diagnostic') return { file: record.file, line: record.line };
  return { file: record.source.file, line: record.source.line };
}
