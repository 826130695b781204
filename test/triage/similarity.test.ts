import { describe, expect, it } from 'vitest';
import type { Frame } from '../../src/index.js';
import type { Comparable } from '../../src/triage/comparable.js';
import { Informativeness, PLUMBING_SHARE } from '../../src/triage/informativeness.js';
import type { NormalFrame } from '../../src/triage/normalize-stack.js';
import type { Signature } from '../../src/triage/signature.js';
import { meetAtTop, stackSimilarity } from '../../src/triage/similarity.js';
import { makeFrame } from '../support/fixtures.js';

const FRAME: Frame = makeFrame();
const stack = (...names: string[]): NormalFrame[] =>
  names.map((name) => ({ name, frame: FRAME, system: false }));

/** A population of groups, one per stack: what informativeness counts. */
function population(stacks: readonly NormalFrame[][]): Informativeness {
  return new Informativeness(
    stacks.map(
      (s, i): Comparable => ({
        signature: { text: `g${i}` } as Signature,
        kindId: 'data-race',
        sides: [s],
        facts: [],
        object: null,
        incomplete: false,
        why: null,
      }),
    ),
  );
}

const NOTHING_KNOWN = population([]);

describe('stack similarity', () => {
  it('is 1 for the same frames and 0 for nothing in common', () => {
    expect(stackSimilarity(stack('a', 'b', 'c'), stack('a', 'b', 'c'), NOTHING_KNOWN)).toBe(1);
    expect(stackSimilarity(stack('a', 'b', 'c'), stack('x', 'y', 'z'), NOTHING_KNOWN)).toBe(0);
  });

  it('weighs frames near the top more', () => {
    const top = stackSimilarity(
      stack('a', 'b', 'c', 'd'),
      stack('a', 'b', 'x', 'y'),
      NOTHING_KNOWN,
    );
    const bottom = stackSimilarity(
      stack('a', 'b', 'c', 'd'),
      stack('x', 'y', 'c', 'd'),
      NOTHING_KNOWN,
    );
    expect(top).toBeGreaterThan(bottom);
  });

  it('gives plumbing (frames in a quarter of the groups or more) no weight', () => {
    // 24 groups, 6 of them (a quarter) through `eval_loop` and `dispatch`.
    const groups = Array.from({ length: 24 }, (_, i) =>
      i < 6 ? stack(`leaf${i}`, 'eval_loop', 'dispatch') : stack(`other${i}`, `caller${i}`),
    );
    const info = population(groups);
    expect(info.frameShare('eval_loop')).toBe(PLUMBING_SHARE);
    expect(info.frameWeight('eval_loop')).toBe(0);
    expect(info.isInformativeFrame('leaf0')).toBe(true);
    expect(stackSimilarity(groups[0]!, groups[1]!, info)).toBe(0);
    // With nothing known, the same two stacks share two of three frames by weight.
    expect(stackSimilarity(groups[0]!, groups[1]!, NOTHING_KNOWN)).toBeCloseTo(0.45, 2);
  });

  it('counts shares over at least 20 groups, so a few groups are not all plumbing', () => {
    const info = population([stack('a', 'shared'), stack('b', 'shared'), stack('c', 'shared')]);
    expect(info.frameShare('shared')).toBe(0.15);
    expect(info.isInformativeFrame('shared')).toBe(true);
  });
});

describe('paths that meet at the top', () => {
  it('meet when the anchors are one function or one is a near caller of the other', () => {
    expect(meetAtTop(stack('f', 'g'), stack('f', 'h'))).toBe(true);
    // gcc -O2 inlined the callee: its caller anchors the other report.
    expect(meetAtTop(stack('callee', 'caller', 'main'), stack('caller', 'main'))).toBe(true);
  });

  it('do not meet when only callers are shared (a deep dispatcher, a common caller)', () => {
    const dispatcher = Array.from({ length: 20 }, (_, i) => `dispatch_${i}`);
    expect(meetAtTop(stack('handler_a', ...dispatcher), stack('handler_b', ...dispatcher))).toBe(
      false,
    );
    expect(
      meetAtTop(stack('set_a', 'update', 'process', 'worker'), stack('set_b', 'update', 'process')),
    ).toBe(false);
  });
});
