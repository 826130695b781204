import { activeDecisions, type DecisionEntry } from '../decide/decision.js';
import { type GroupState, groupState } from '../decide/group-state.js';
import type { GroupListQuery, Store } from '../store/store.js';

/** Decided groups are few next to all groups: the state filter is made from them. */
const DECIDED_LIMIT = 100_000;

/** Each decided signature's state now (groups without decisions are `new`). */
export async function decidedStates(
  store: Store,
  now: Date = new Date(),
): Promise<ReadonlyMap<string, GroupState>> {
  const history = await store.decisionHistory();
  const bySignature = groupBySignature(history);
  if (bySignature.size === 0) return new Map();
  const seen = await store.listGroups({
    only: [...bySignature.keys()],
    limit: DECIDED_LIMIT,
    offset: 0,
  });
  const lastSeen = new Map(seen.groups.map((g) => [g.signature, g.lastSeen]));
  const at = now.toISOString();
  const states = new Map<string, GroupState>();
  for (const [signature, entries] of bySignature)
    states.set(
      signature,
      groupState({
        decisions: activeDecisions(entries),
        known: null,
        lastSeen: lastSeen.get(signature) ?? null,
        now: at,
      }),
    );
  return states;
}

/** The list query narrowed to groups in `state`. */
export function withState(
  query: GroupListQuery,
  state: GroupState,
  states: ReadonlyMap<string, GroupState>,
): GroupListQuery {
  const matching = [...states].filter(([, s]) => s === state).map(([signature]) => signature);
  if (state === 'new') {
    const notNew = [...states].filter(([, s]) => s !== 'new').map(([signature]) => signature);
    return { ...query, except: notNew };
  }
  return { ...query, only: matching };
}

export function groupBySignature(history: readonly DecisionEntry[]): Map<string, DecisionEntry[]> {
  const bySignature = new Map<string, DecisionEntry[]>();
  for (const entry of history) {
    const list = bySignature.get(entry.signature) ?? [];
    list.push(entry);
    bySignature.set(entry.signature, list);
  }
  return bySignature;
}
