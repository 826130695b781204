import { describe, expect, it } from 'vitest';
import type { Frame } from '../../src/index.js';
import type { NormalFrame } from '../../src/triage/normalize-stack.js';
import {
  SIMILARITY_THRESHOLD,
  sidesSimilarity,
  stackSimilarity,
} from '../../src/triage/similarity.js';
import { makeFrame } from '../support/fixtures.js';

const FRAME: Frame = makeFrame();
const stack = (...names: string[]): NormalFrame[] =>
  names.map((name) => ({ name, frame: FRAME, system: false }));

describe('stack similarity', () => {
  it('is 1 for the same frames and 0 for nothing in common', () => {
    expect(stackSimilarity(stack('a', 'b', 'c'), stack('a', 'b', 'c'))).toBe(1);
    expect(stackSimilarity(stack('a', 'b', 'c'), stack('x', 'y', 'z'))).toBe(0);
  });

  it('weighs frames near the top more', () => {
    const top = stackSimilarity(stack('a', 'b', 'c', 'd'), stack('a', 'b', 'x', 'y'));
    const bottom = stackSimilarity(stack('a', 'b', 'c', 'd'), stack('x', 'y', 'c', 'd'));
    expect(top).toBeGreaterThan(bottom);
  });

  it('says nothing from a single shared frame (short stacks would all look alike)', () => {
    expect(stackSimilarity(stack('handler', 'main'), stack('T', 'main'))).toBe(0);
  });

  it('puts the threshold between a changed leaf and a different stack', () => {
    // The same path to a different leaf function: a near-duplicate.
    const leafChanged = stackSimilarity(
      stack('set_a', 'update', 'process', 'worker', 'run'),
      stack('set_b', 'update', 'process', 'worker', 'run'),
    );
    expect(leafChanged).toBeGreaterThanOrEqual(SIMILARITY_THRESHOLD);
    // Only the thread start-up in common: not one.
    const different = stackSimilarity(
      stack('parse_header', 'read_config', 'load', 'worker', 'run'),
      stack('flush_cache', 'evict', 'gc', 'worker', 'run'),
    );
    expect(different).toBeLessThan(SIMILARITY_THRESHOLD);
  });

  it('compares reports whichever access TSan printed first', () => {
    const a = [stack('w', 'x1', 'x2'), stack('r', 'y1', 'y2')];
    const b = [stack('r', 'y1', 'y2'), stack('w', 'x1', 'x2')];
    expect(sidesSimilarity(a, b)).toBe(1);
    expect(sidesSimilarity(a, [stack('w', 'x1', 'x2')])).toBe(0); // a different number of sides
  });
});
