import type { Frame } from '../model/frame.js';
import { simplifyName } from '../triage/simplify-name.js';

/** One frame of one stack, placed on a row of the aligned table. */
export interface AlignedCell {
  readonly frame: Frame;
  /** Where the frame is in its stack (innermost first), to find the anchor and number rows. */
  readonly index: number;
  /** Another stack has the same function on this row. */
  readonly shared: boolean;
}

/** One row of the aligned table: a cell per stack, null where that stack has no frame here. */
export interface AlignedRow {
  readonly cells: readonly (AlignedCell | null)[];
  /** At least two stacks share the function on this row. */
  readonly shared: boolean;
}

/** Above this many comparisons (stacks of ~500 frames each) only the common outer run is aligned. */
const MAX_LCS_CELLS = 250_000;

/**
 * Lays stacks side by side with the frames they share on the same rows. Two threads that race
 * usually share their outer frames (the same caller, the same thread entry point) and part ways
 * further in; a row per shared frame makes the point where they part visible.
 *
 * The stacks are aligned from their outermost frame by a longest common subsequence over
 * simplified function names (the names signatures use: clone suffixes and parameters dropped).
 * Stacks beyond the second are aligned one by one against the rows built so far. Between two
 * shared rows, the frames neither stack shares are zipped top-aligned (innermost first, as TSan
 * prints them), so two stacks with nothing in common read as two plain columns; where one side
 * has more unshared frames than the other, the other side's cells stay empty.
 *
 * Rows are returned innermost first: the first row holds each stack's frame #0.
 */
export function alignStacks(stacks: readonly (readonly Frame[])[]): AlignedRow[] {
  // Columns, outermost first while aligning; each holds one (possibly empty) cell per stack.
  let columns: Column[] = [];
  stacks.forEach((frames, s) => {
    const items = outermostFirst(frames);
    columns =
      s === 0
        ? items.map((item) => column(stacks.length, s, item))
        : merge(columns, items, s, stacks.length);
  });
  return columns.reverse().map((c) => {
    const cells = c.cells.map((cell) =>
      cell === null ? null : { frame: cell.frame, index: cell.index, shared: cell.shared },
    );
    return { cells, shared: cells.filter((cell) => cell?.shared).length >= 2 };
  });
}

/** The name two frames must share to be aligned, or null for a frame that never aligns. */
export function alignKey(frame: Frame): string | null {
  if (frame.function !== null) return simplifyName(frame.function);
  // No symbol: the same module offset is the same code.
  if (frame.module !== null && frame.offset !== null) return `${frame.module}+${frame.offset}`;
  return null;
}

interface Item {
  readonly frame: Frame;
  readonly index: number;
  readonly key: string | null;
}

interface MutableCell {
  readonly frame: Frame;
  readonly index: number;
  readonly key: string | null;
  shared: boolean;
}

interface Column {
  readonly cells: (MutableCell | null)[];
}

function outermostFirst(frames: readonly Frame[]): Item[] {
  const items: Item[] = [];
  for (let i = frames.length - 1; i >= 0; i--) {
    const frame = frames[i]!;
    items.push({ frame, index: i, key: alignKey(frame) });
  }
  return items;
}

function column(width: number, s: number, item: Item | null): Column {
  const cells: (MutableCell | null)[] = new Array<MutableCell | null>(width).fill(null);
  if (item) cells[s] = { ...item, shared: false };
  return { cells };
}

function matches(c: Column, item: Item): boolean {
  if (item.key === null) return false;
  for (const cell of c.cells) if (cell !== null && cell.key === item.key) return true;
  return false;
}

/** Adds stack `s` to the columns: its matched frames join their column, the rest are zipped in. */
function merge(columns: Column[], items: readonly Item[], s: number, width: number): Column[] {
  const pairs = commonSubsequence(columns, items);
  const out: Column[] = [];
  let c = 0;
  let i = 0;
  const gap = (cEnd: number, iEnd: number) => {
    const cols = columns.slice(c, cEnd);
    const rest = items.slice(i, iEnd);
    // Top-aligned when shown innermost first: both runs end together at their inner end.
    const rows = Math.max(cols.length, rest.length);
    for (let r = 0; r < rows; r++) {
      const col = cols[r - (rows - cols.length)] ?? column(width, s, null);
      const item = rest[r - (rows - rest.length)];
      if (item) col.cells[s] = { ...item, shared: false };
      out.push(col);
    }
  };
  for (const [pc, pi] of pairs) {
    gap(pc, pi);
    const col = columns[pc]!;
    const item = items[pi]!;
    for (const cell of col.cells) if (cell !== null && cell.key === item.key) cell.shared = true;
    col.cells[s] = { ...item, shared: true };
    out.push(col);
    c = pc + 1;
    i = pi + 1;
  }
  gap(columns.length, items.length);
  return out;
}

/** Index pairs (column, item) of a longest common subsequence, in order. */
function commonSubsequence(columns: readonly Column[], items: readonly Item[]): [number, number][] {
  const n = columns.length;
  const m = items.length;
  if (n * m > MAX_LCS_CELLS) return commonOuterRun(columns, items);
  // lengths[(a * (m + 1)) + b]: LCS length of columns[a..] and items[b..].
  const lengths = new Uint32Array((n + 1) * (m + 1));
  const at = (a: number, b: number) => a * (m + 1) + b;
  for (let a = n - 1; a >= 0; a--) {
    for (let b = m - 1; b >= 0; b--) {
      lengths[at(a, b)] = matches(columns[a]!, items[b]!)
        ? lengths[at(a + 1, b + 1)]! + 1
        : Math.max(lengths[at(a + 1, b)]!, lengths[at(a, b + 1)]!);
    }
  }
  const pairs: [number, number][] = [];
  let a = 0;
  let b = 0;
  while (a < n && b < m) {
    if (matches(columns[a]!, items[b]!) && lengths[at(a, b)] === lengths[at(a + 1, b + 1)]! + 1) {
      pairs.push([a, b]);
      a++;
      b++;
    } else if (lengths[at(a + 1, b)]! >= lengths[at(a, b + 1)]!) a++;
    else b++;
  }
  return pairs;
}

/** For huge stacks: the frames both have in common from the outermost one until they differ. */
function commonOuterRun(columns: readonly Column[], items: readonly Item[]): [number, number][] {
  const pairs: [number, number][] = [];
  for (let k = 0; k < Math.min(columns.length, items.length); k++) {
    if (!matches(columns[k]!, items[k]!)) break;
    pairs.push([k, k]);
  }
  return pairs;
}
