import type { NormalFrame } from './normalize-stack.js';

/** How many meaningful frames from the top of a stack similarity looks at. */
export const SIMILARITY_DEPTH = 12;

/** Stacks sharing fewer frames than this are not compared at all. */
export const MIN_SHARED_FRAMES = 2;

/** Stacks at least this similar are near-duplicates (tested in test/triage/similarity.test.ts). */
export const SIMILARITY_THRESHOLD = 0.5;

/**
 * Position-weighted overlap of two stacks (in the spirit of TraceSim): a frame near the top
 * weighs more (1 / (1 + position)). The score is the weight of the frames both stacks hold,
 * each at its own position, over the weight of all frames, so 1 means the same frames and 0
 * nothing in common. Names are the simplified ones, so lines and inlining do not matter.
 */
export function stackSimilarity(a: readonly NormalFrame[], b: readonly NormalFrame[]): number {
  const top = (stack: readonly NormalFrame[]) =>
    stack.slice(0, SIMILARITY_DEPTH).map((f) => f.name);
  const left = top(a);
  const right = top(b);
  if (left.length === 0 || right.length === 0) return 0;
  const position = new Map<string, number>();
  right.forEach((name, i) => {
    if (!position.has(name)) position.set(name, i);
  });
  let shared = 0;
  let total = 0;
  let common = 0;
  left.forEach((name, i) => {
    total += weight(i);
    const j = position.get(name);
    if (j !== undefined) {
      shared += weight(i) + weight(j);
      common++;
    }
  });
  // One frame in common (`main`) says nothing: short stacks would all look alike.
  if (common < MIN_SHARED_FRAMES) return 0;
  right.forEach((_, j) => {
    total += weight(j);
  });
  return total === 0 ? 0 : shared / total;
}

function weight(position: number): number {
  return 1 / (1 + position);
}

/**
 * Similarity of two reports by their sides (one stack per access): the better of the direct
 * and crossed pairings, averaged over the sides, so which access TSan printed first does not
 * matter.
 */
export function sidesSimilarity(a: readonly NormalFrame[][], b: readonly NormalFrame[][]): number {
  if (a.length === 0 || a.length !== b.length) return 0;
  if (a.length === 1) return stackSimilarity(a[0]!, b[0]!);
  const [a0, a1] = [a[0]!, a[1]!];
  const [b0, b1] = [b[0]!, b[1]!];
  const direct = (stackSimilarity(a0, b0) + stackSimilarity(a1, b1)) / 2;
  const crossed = (stackSimilarity(a0, b1) + stackSimilarity(a1, b0)) / 2;
  return Math.max(direct, crossed);
}
