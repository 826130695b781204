import { type ActiveDecision, activeDecisions, type DecisionEntry } from '../decide/decision.js';
import { type GroupState, groupState } from '../decide/group-state.js';
import type { Report } from '../model/report.js';
import type { GroupRuns, Store } from '../store/store.js';

/** One group as the API and the group page show it. */
export interface GroupDetail {
  readonly group: GroupRuns['group'];
  readonly totalRuns: number;
  /** The runs that saw it, newest first, with commit and branch. */
  readonly runs: GroupRuns['runs'];
  /** Its first report as stored (the parsed form), null when the store has none. */
  readonly report: Report | null;
  readonly state: GroupState;
  /** Decisions that hold now. */
  readonly decisions: readonly ActiveDecision[];
  /** Every entry, undos too, oldest first. */
  readonly history: readonly DecisionEntry[];
}

/** Ids: a short id or a prefix of one (hex), or a full signature. */
const ID = /^[0-9a-f]{4,64}$/;

/** The group `id` names, or null when none (or the id is malformed or names several). */
export async function groupDetail(store: Store, id: string): Promise<GroupDetail | null> {
  if (!ID.test(id) && !id.includes('|')) return null;
  let found: GroupRuns | null;
  try {
    found = await store.groupRuns(id);
  } catch (error) {
    // A prefix too short or naming several groups: no one group has that id.
    if (error instanceof Error && /too short for a group id|is the start of/.test(error.message))
      return null;
    throw error;
  }
  if (found === null) return null;
  const stored = await store.groupReport(found.group.signature);
  const history = await store.decisionHistory([found.group.signature]);
  const decisions = activeDecisions(history);
  const now = new Date().toISOString();
  return {
    state: groupState({ decisions, known: null, lastSeen: found.group.lastSeen, now }),
    decisions,
    history,
    group: found.group,
    totalRuns: found.totalRuns,
    runs: found.runs,
    report: stored === null ? null : (JSON.parse(stored) as Report),
  };
}
