import { describe, expect, it } from 'vitest';
import type { Frame } from '../../src/index.js';
import { type AlignedRow, alignKey, alignStacks } from '../../src/render/html-align.js';
import { makeFrame } from '../support/fixtures.js';

/** A stack from names, innermost first, numbered as TSan numbers them. */
function stack(...names: (string | null)[]): Frame[] {
  return names.map((name, index) => makeFrame({ index, function: name }));
}

/** Rows as text: `a|b` per row, `-` for an empty cell, `*` after a shared frame. */
function layout(rows: readonly AlignedRow[]): string[] {
  return rows.map((row) =>
    row.cells
      .map((cell) => (cell === null ? '-' : `${cell.frame.function}${cell.shared ? '*' : ''}`))
      .join('|'),
  );
}

describe('alignStacks', () => {
  it('puts the frames two stacks share on one row, from the outermost frame', () => {
    const rows = alignStacks([
      stack('write', 'helper', 'worker', 'thread_main'),
      stack('read', 'worker', 'thread_main'),
    ]);
    expect(layout(rows)).toEqual([
      'write|read',
      'helper|-',
      'worker*|worker*',
      'thread_main*|thread_main*',
    ]);
    expect(rows.map((r) => r.shared)).toEqual([false, false, true, true]);
  });

  it('keeps where each frame was in its stack', () => {
    const rows = alignStacks([stack('a', 'b', 'main'), stack('c', 'main')]);
    expect(rows.map((r) => r.cells.map((c) => c?.index ?? null))).toEqual([
      [0, 0],
      [1, null],
      [2, 1],
    ]);
  });

  it('lays stacks with nothing in common side by side, frame #0 on the first row', () => {
    const rows = alignStacks([stack('a0', 'a1', 'a2'), stack('b0')]);
    expect(layout(rows)).toEqual(['a0|b0', 'a1|-', 'a2|-']);
    expect(rows.some((r) => r.shared)).toBe(false);
  });

  it('matches names as signatures do: parameters and clone suffixes do not count', () => {
    const rows = alignStacks([
      stack('f', 'g(int) [clone .isra.0]', 'main'),
      stack('h', 'g(int)', 'main'),
    ]);
    expect(rows.map((r) => r.shared)).toEqual([false, true, true]);
  });

  it('never aligns frames without a name, but the same module offset is the same code', () => {
    expect(alignKey(makeFrame({ function: null }))).toBeNull();
    const a = makeFrame({ index: 0, module: 'libx.so', offset: '0x10' });
    const b = makeFrame({ index: 0, module: 'libx.so', offset: '0x10' });
    const rows = alignStacks([[a], [b]]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.shared).toBe(true);
    expect(alignStacks([stack(null), stack(null)])[0]!.shared).toBe(false);
  });

  it('aligns a third stack against the rows of the first two', () => {
    const rows = alignStacks([
      stack('lock', 'f', 'main'),
      stack('lock', 'g', 'worker', 'main'),
      stack('lock', 'h', 'worker'),
    ]);
    expect(layout(rows)).toEqual([
      'lock*|lock*|lock*',
      'f|g|h',
      '-|worker*|worker*',
      'main*|main*|-',
    ]);
  });

  it('shows one stack as one column and nothing for no stacks', () => {
    expect(layout(alignStacks([stack('a', 'b')]))).toEqual(['a', 'b']);
    expect(alignStacks([])).toEqual([]);
    expect(alignStacks([[], []])).toEqual([]);
  });

  it('aligns huge stacks by their common outer run, quickly', () => {
    const deep = (leaf: string) => [
      leaf,
      ...Array.from({ length: 999 }, (_, i) => `recurse_${999 - i}`),
    ];
    const started = Date.now();
    const rows = alignStacks([stack(...deep('x')), stack(...deep('y'))]);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(rows).toHaveLength(1000);
    expect(layout(rows)[0]).toBe('x|y');
    expect(rows.slice(1).every((r) => r.shared)).toBe(true);
  });
});
