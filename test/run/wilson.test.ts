import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../../src/run/wilson.js';

describe('wilsonInterval (95%)', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", table I,
  // method 3 (score interval without continuity correction), and values for the sizes racelens
  // shows, worked out by hand from the formula's other form ((x + z²/2) / (n + z²) ± …).
  const known: readonly [number, number, number, number][] = [
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
    [0, 10, 0, 0.2775],
    [5, 10, 0.2366, 0.7634],
    [10, 10, 0.7225, 1],
    [20, 60, 0.2273, 0.4594],
    [1, 20, 0.0089, 0.2361],
    [0, 60, 0, 0.0602],
  ];
  for (const [successes, trials, low, high] of known) {
    it(`${successes}/${trials} is [${low}, ${high}]`, () => {
      const interval = wilsonInterval(successes, trials);
      expect(interval).not.toBeNull();
      expect(interval!.low).toBeCloseTo(low, 4);
      expect(interval!.high).toBeCloseTo(high, 4);
    });
  }

  it('is exact at the ends: 0 at no success, 1 at every trial', () => {
    expect(wilsonInterval(0, 7)!.low).toBe(0);
    expect(wilsonInterval(7, 7)!.high).toBe(1);
  });

  it('holds the observed rate, and narrows as trials grow', () => {
    for (const n of [1, 3, 10, 60, 1000]) {
      for (let x = 0; x <= n; x += Math.max(1, Math.floor(n / 7))) {
        const { low, high } = wilsonInterval(x, n)!;
        expect(low).toBeLessThanOrEqual(x / n);
        expect(high).toBeGreaterThanOrEqual(x / n);
      }
    }
    const width = (x: number, n: number) => {
      const i = wilsonInterval(x, n)!;
      return i.high - i.low;
    };
    expect(width(30, 100)).toBeLessThan(width(3, 10));
  });

  it('has no interval without a trial, and refuses impossible counts', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 10)).toThrow(RangeError);
  });
});
