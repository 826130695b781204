import { legacySignature } from '../triage/signature.js';
import type { SeenBefore, Store } from './store.js';

/**
 * "Seen before" for signatures of the current version, also counting runs recorded under the
 * previous signature version: after an upgrade, a store's old groups are the same races, not
 * new ones. Keyed by the current signature text; one look-up for all of them.
 */
export async function seenAcrossVersions(
  store: Store,
  signatures: readonly string[],
): Promise<ReadonlyMap<string, SeenBefore>> {
  const legacy = new Map(signatures.map((text) => [text, legacySignature(text).text]));
  const found = await store.seenBefore([...new Set([...signatures, ...legacy.values()])]);
  const seen = new Map<string, SeenBefore>();
  for (const text of signatures) {
    const now = found.get(text);
    const before = found.get(legacy.get(text) ?? text);
    const merged = mergeSeen(now, text === legacy.get(text) ? undefined : before);
    if (merged) seen.set(text, merged);
  }
  return seen;
}

function mergeSeen(a: SeenBefore | undefined, b: SeenBefore | undefined): SeenBefore | undefined {
  if (!a || !b) return a ?? b;
  // Runs of both versions are disjoint: a run is recorded under one racelens version.
  const [since] = [a.since, b.since].sort(); // ISO 8601: text order is time order
  return { runs: a.runs + b.runs, since: since ?? a.since };
}
