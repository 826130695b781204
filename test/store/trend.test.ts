import { describe, expect, it } from 'vitest';
import { newerHalf, type Sightings, trendOf } from '../../src/store/trend.js';

/** The sightings of a group seen at these positions of a window of `runs` runs. */
function at(runs: number, positions: readonly number[], seenBeforeWindow = false): Sightings {
  const newerFrom = runs - newerHalf(runs);
  return {
    runs,
    seen: positions.length,
    firstPos: Math.min(...positions),
    lastPos: Math.max(...positions),
    newerSeen: positions.filter((p) => p >= newerFrom).length,
    seenBeforeWindow,
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('trendOf', () => {
  it('is new when first seen in the newest run, even in a window of one run', () => {
    expect(trendOf(at(1, [0]))).toBe('new');
    expect(trendOf(at(10, [9]))).toBe('new');
  });

  it('is not new when a run before the window saw it', () => {
    expect(trendOf(at(10, [9], true))).not.toBe('new');
  });

  it('is steady when seen in every run', () => {
    expect(trendOf(at(20, range(0, 20)))).toBe('steady');
  });

  it('is gone after 3 quiet runs when it showed in every run, not after 2', () => {
    expect(trendOf(at(13, range(0, 10)))).toBe('gone');
    expect(trendOf(at(12, range(0, 10)))).not.toBe('gone');
  });

  it('waits longer for a flaky race: k = ceil(3 / rate while it was around)', () => {
    // Seen at 0, 2, 4, 6, 8: rate 5/9, k = ceil(5.4) = 6 quiet runs.
    const everyOther = [0, 2, 4, 6, 8];
    expect(trendOf(at(14, everyOther))).not.toBe('gone');
    expect(trendOf(at(15, everyOther))).toBe('gone');
    // One run in ten (10 sightings over runs 0-90): k = ceil(3 * 91 / 10) = 28 quiet runs.
    const rare = range(0, 10).map((i) => i * 10);
    expect(trendOf(at(91 + 27, rare))).not.toBe('gone');
    expect(trendOf(at(91 + 28, rare))).toBe('gone');
  });

  it('can call a race seen once gone (its rate is all we know)', () => {
    expect(trendOf(at(4, [0]))).toBe('gone');
  });

  it('is rising when the newer half sees it clearly more often', () => {
    expect(trendOf(at(8, [4, 5, 6, 7]))).toBe('rising');
    expect(trendOf(at(8, [1, 4, 5, 7]))).toBe('rising');
  });

  it('is falling when the newer half sees it clearly less often', () => {
    // Older half 4 of 4, newer half 3 of 4: -0.25.
    expect(trendOf(at(8, [0, 1, 2, 3, 4, 5, 7]))).toBe('falling');
  });

  it('is steady for a change below 0.25, and with fewer than 4 runs', () => {
    // Older 3 of 5 (0.6), newer 2 of 5 (0.4): -0.2.
    expect(trendOf(at(10, [0, 2, 4, 6, 8]))).toBe('steady');
    expect(trendOf(at(3, [1, 2]))).toBe('steady');
  });

  it('gives the older half the odd run', () => {
    expect(newerHalf(7)).toBe(3);
    expect(newerHalf(1)).toBe(0);
  });
});
