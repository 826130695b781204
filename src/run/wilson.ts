/** A proportion's confidence interval: both ends between 0 and 1. */
export interface Interval {
  readonly low: number;
  readonly high: number;
}

/** The normal quantile for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

/**
 * The Wilson score interval of `successes` in `trials` (95% by default). Unlike the normal
 * approximation it stays inside [0, 1] and is not empty at 0 or `trials` successes: a race seen
 * in 0 of 20 runs may still show in up to 16% of runs. Null without a trial.
 */
export function wilsonInterval(successes: number, trials: number, z = Z_95): Interval | null {
  if (!Number.isInteger(trials) || trials <= 0) return null;
  if (!Number.isInteger(successes) || successes < 0 || successes > trials)
    throw new RangeError(`successes must be a whole number from 0 to ${trials}, not ${successes}`);
  const p = successes / trials;
  const z2 = z * z;
  const denominator = 1 + z2 / trials;
  const center = (p + z2 / (2 * trials)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  // The ends are exact at 0 and at every trial; rounding must not move them off.
  return {
    low: successes === 0 ? 0 : Math.max(0, center - half),
    high: successes === trials ? 1 : Math.min(1, center + half),
  };
}
