import { normalizeSince } from './since.js';

/** A list's `since` as stored times compare (UTC ISO text); RangeError when it is no date. */
export function browseSince(since: string | undefined): string | null {
  if (since === undefined) return null;
  const normalized = normalizeSince(since);
  // The server checks `since` first; this guards other callers of the library.
  if (normalized === null)
    throw new RangeError(`since: '${since}' is not an ISO date or date-time`);
  return normalized;
}
