import type { GroupState } from '../decide/group-state.js';
import type { GroupListQuery, GroupSummary, Store } from '../store/store.js';
import { decidedStates, withState } from './group-states.js';

export interface StatedGroup extends GroupSummary {
  readonly state: GroupState;
}

/** One page of groups with each one's state, narrowed to `state` when asked. */
export async function listGroupsWithState(
  store: Store,
  query: GroupListQuery,
  state: GroupState | undefined,
): Promise<{ readonly total: number; readonly groups: readonly StatedGroup[] }> {
  const states = await decidedStates(store);
  const page = await store.listGroups(
    state === undefined ? query : withState(query, state, states),
  );
  return {
    total: page.total,
    groups: page.groups.map((g) => ({ ...g, state: states.get(g.signature) ?? 'new' })),
  };
}
