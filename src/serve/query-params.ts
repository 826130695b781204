import { normalizeSince } from '../store/since.js';

/** A query parameter that failed its check: answered 400 with this message. */
export class ParamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ParamError';
  }
}

/** `limit`/`offset`: whole numbers in range, or the default. */
export function intParam(
  value: string | undefined,
  name: string,
  fallback: number,
  max: number,
): number {
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value) || Number(value) > max)
    throw new ParamError(`${name} must be a whole number from 0 to ${max}, not '${value}'`);
  return Number(value);
}

/** `since`: an ISO date or date-time, kept as given (the store normalises it). */
export function sinceParam(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (normalizeSince(value) === null)
    throw new ParamError(
      `since must be an ISO date or date-time (2024-05-01, 2024-05-01T12:00Z), not '${value}'`,
    );
  return value;
}

/** A free-text parameter: absent when empty, refused when absurdly long. */
export function textParam(value: string | undefined, name: string, max = 200): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length > max) throw new ParamError(`${name} is longer than ${max} characters`);
  return value;
}
