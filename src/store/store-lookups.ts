/** Group ids and baselines as the user types them: what both engines check and say alike. */
import { MIN_ID_PREFIX } from './history-rows.js';
import { StoreError } from './store.js';

/**
 * A group id as typed (`2079`, `207910509b`): the lower-case hex prefix to look up, or null
 * when it cannot be an id. StoreError when it is hex but too short to name one group.
 */
export function idPrefix(id: string): string | null {
  const prefix = id.trim().toLowerCase();
  if (!/^[0-9a-f]+$/.test(prefix)) return null;
  if (prefix.length < MIN_ID_PREFIX)
    throw new StoreError(
      `'${id}' is too short for a group id: give at least ${MIN_ID_PREFIX} of its characters`,
    );
  return prefix;
}

/**
 * The one group `matches` (up to 6 rows whose short id starts with the prefix) name, or null;
 * StoreError when they are several.
 */
export function onlyMatch<T extends { readonly shortId: string }>(
  id: string,
  matches: readonly T[],
): T | null {
  if (matches.length <= 1) return matches[0] ?? null;
  const shown = matches.slice(0, 5).map((m) => m.shortId);
  throw new StoreError(
    `'${id}' is the start of ${matches.length > 5 ? 'more than 5' : matches.length} group ids (${shown.join(', ')}); give more of the id`,
  );
}

/** Branch names for the message of an unknown baseline: what --baseline could have been. */
export function unknownBaselineMessage(
  baseline: string,
  store: string,
  branches: readonly string[],
): string {
  const known =
    branches.length === 0
      ? 'no run in it has a branch (ingest --branch NAME records one)'
      : `its branches: ${branches.slice(0, 10).join(', ')}${branches.length > 10 ? ', ...' : ''}`;
  return `no run or branch named '${baseline}' in ${store}; --baseline takes a branch or a run name given to 'racelens ingest' (${known})`;
}
