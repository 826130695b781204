import { SKIP_LINES_WASM } from './skip-lines-wasm.js';

type SkipFunction = (
  tables: number,
  data: number,
  from: number,
  end: number,
  result: number,
  scratch: number,
) => number;

const PAGE_BYTES = 65_536;
/** Room for a LineFilter's tables: 112 bytes and 40 a needle (64 needles). */
const TABLE_BYTES = 4096;
/** The kernel reads up to 18 bytes past the end of the data. */
const PADDING_BYTES = 32;

let compiled: WebAssembly.Module | null | undefined;

/** The compiled kernel, or null where this Node has no WebAssembly SIMD (the regex then works alone). */
function kernel(): WebAssembly.Module | null {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Buffer.from(SKIP_LINES_WASM, 'base64'));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/**
 * One instance of skip-lines.c with its own memory: a LineFilter's tables, a copy of the chunk
 * being split, and as much room again where lines with colour codes are stripped. Each line
 * splitter has its own, so splitters never see each other's data.
 */
export class LineSkipper {
  /** After skip(): newlines skipped, and whether a line holding a needle or an escape was found. */
  newlines = 0;
  found = false;
  private bytes: Uint8Array;
  private loadedTables: Uint8Array | null = null;
  private length = 0;
  private scratchAt = 0;
  private readonly tablesAt: number;
  private readonly resultAt: number;
  private readonly dataAt: number;

  private constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly skipLines: SkipFunction,
    heapBase: number,
  ) {
    this.tablesAt = align16(heapBase);
    this.resultAt = this.tablesAt + TABLE_BYTES;
    this.dataAt = this.resultAt + 16;
    this.bytes = new Uint8Array(memory.buffer);
  }

  /** A new skipper, or null where WebAssembly SIMD is missing. */
  static create(): LineSkipper | null {
    const module = kernel();
    if (module === null) return null;
    const { memory, skip, __heap_base: heapBase } = new WebAssembly.Instance(module).exports;
    if (!(memory instanceof WebAssembly.Memory) || !(heapBase instanceof WebAssembly.Global))
      return null;
    if (typeof skip !== 'function') return null;
    return new LineSkipper(memory, skip as SkipFunction, Number(heapBase.value));
  }

  /** Copies `chunk` in for the next skip() calls; `tables` come from a LineFilter. */
  load(chunk: Uint8Array, tables: Uint8Array): void {
    if (tables !== this.loadedTables) {
      if (tables.length > TABLE_BYTES)
        throw new Error('line filter: too many needles for the skipper');
      this.bytes.set(tables, this.tablesAt);
      this.loadedTables = tables;
    }
    this.scratchAt = align16(this.dataAt + chunk.length + PADDING_BYTES);
    const needed = this.scratchAt + chunk.length + PADDING_BYTES;
    if (needed > this.memory.buffer.byteLength) {
      this.memory.grow(Math.ceil((needed - this.memory.buffer.byteLength) / PAGE_BYTES));
      this.bytes = new Uint8Array(this.memory.buffer);
    }
    this.bytes.set(chunk, this.dataAt);
    this.length = chunk.length;
  }

  /**
   * From `from`, a line start in the loaded chunk, skips the lines that hold no needle once
   * their colour codes are stripped. Returns where the first line that does starts (`found`),
   * or where the chunk's last, unfinished line starts (the chunk's length if it ends with a
   * newline).
   */
  skip(from: number): number {
    const next = this.skipLines(
      this.tablesAt,
      this.dataAt,
      from,
      this.length,
      this.resultAt,
      this.scratchAt,
    );
    const bytes = this.bytes;
    const at = this.resultAt;
    this.newlines =
      (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
    this.found = bytes[at + 4] !== 0;
    return next;
  }
}

function align16(address: number): number {
  return (address + 15) & ~15;
}
