import type { Informativeness } from './informativeness.js';
import { anchorOf, type NormalFrame } from './normalize-stack.js';

/** How many meaningful frames from the top of a stack similarity looks at. */
export const SIMILARITY_DEPTH = 12;

/** Stacks at least this similar (over informative frames) may be similar paths. */
export const SIMILARITY_THRESHOLD = 0.5;

/**
 * Two paths "meet at the top" when their anchors are one function, or one's anchor is among
 * the first MEET_DEPTH frames of the other (a callee inlined into its caller, a wrapper).
 * Races reached through one deep dispatcher differ at the top and share only callers: they
 * never meet, however many frames they share below.
 */
export const MEET_DEPTH = 3;

/**
 * Position- and information-weighted overlap of two stacks (in the spirit of TraceSim): a
 * frame weighs 1 / (1 + position) times its informativeness (informativeness.ts), so frames
 * near the top and frames of few groups count, plumbing does not. The score is the weight of
 * the frames both stacks hold, each at its own position, over the weight of all their frames:
 * 1 for the same informative frames, 0 for nothing informative in common.
 */
export function stackSimilarity(
  a: readonly NormalFrame[],
  b: readonly NormalFrame[],
  info: Informativeness,
): number {
  const left = a.slice(0, SIMILARITY_DEPTH).map((f) => f.name);
  const right = b.slice(0, SIMILARITY_DEPTH).map((f) => f.name);
  const position = new Map<string, number>();
  right.forEach((name, i) => {
    if (!position.has(name)) position.set(name, i);
  });
  let shared = 0;
  let total = 0;
  left.forEach((name, i) => {
    const weight = info.frameWeight(name);
    total += weight / (1 + i);
    const j = position.get(name);
    if (j !== undefined) shared += weight / (1 + i) + weight / (1 + j);
  });
  right.forEach((name, j) => {
    total += info.frameWeight(name) / (1 + j);
  });
  return total === 0 ? 0 : shared / total;
}

/** Whether two stacks meet at the top (see MEET_DEPTH). */
export function meetAtTop(a: readonly NormalFrame[], b: readonly NormalFrame[]): boolean {
  const [x, y] = [anchorOf(a), anchorOf(b)];
  if (x === undefined || y === undefined) return false;
  if (x.name === y.name) return true;
  const near = (stack: readonly NormalFrame[], anchor: NormalFrame) =>
    stack.slice(stack.indexOf(anchor), stack.indexOf(anchor) + MEET_DEPTH).map((f) => f.name);
  return near(b, y).includes(x.name) || near(a, x).includes(y.name);
}
