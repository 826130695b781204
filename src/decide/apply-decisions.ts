import { type TriagedGroup, type TriageResult, totalsOf } from '../triage/triage.js';
import { activeDecisions, type DecisionEntry } from './decision.js';
import { groupState } from './group-state.js';

/**
 * A triage with the store's decisions attached: each group gets the decisions that hold for
 * its signature and its state recomputed (groups in the triage are seen now), and the totals
 * follow. `history` is what Store.decisionHistory gave for the triage's signatures.
 */
export function withDecisions(
  result: TriageResult,
  history: readonly DecisionEntry[],
  now: Date = new Date(),
): TriageResult {
  const bySignature = new Map<string, DecisionEntry[]>();
  for (const entry of history) {
    const list = bySignature.get(entry.signature) ?? [];
    list.push(entry);
    bySignature.set(entry.signature, list);
  }
  const at = now.toISOString();
  const groups = result.groups.map((triaged): TriagedGroup => {
    const decisions = activeDecisions(bySignature.get(triaged.group.signature.text) ?? []);
    const state = groupState({ decisions, known: triaged.known, lastSeen: at, now: at });
    return { ...triaged, decisions, state };
  });
  return { ...result, groups, totals: totalsOf(result.totals, groups, result.totals) };
}
