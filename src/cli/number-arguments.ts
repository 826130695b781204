import { InvalidArgumentError } from 'commander';

/** Commander argument parser for counts (`-n 20`): a whole number of at least 1. */
export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError('give a whole number of at least 1.');
  return n;
}

/** Commander argument parser for durations in seconds (`--timeout 2.5`): more than 0. */
export function positiveSeconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError('give a number of seconds above 0, e.g. 30 or 0.5.');
  return n;
}
