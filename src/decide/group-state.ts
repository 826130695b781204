import type { ActiveDecision } from './decision.js';

/**
 * The state of a group, computed here and nowhere else (triage, gate, every view, the
 * server):
 * - `ignored`: an ignore holds (not past its `until` date);
 * - `regressed`: decided fixed, or its filed issue (or known issue) is closed, and seen again
 *   after that decision;
 * - `fixed`: as regressed, but not seen since;
 * - `known`: filed (open), a duplicate of or related to something, or in the `--known` file;
 * - `new`: nothing decided or known.
 */
export type GroupState = 'new' | 'known' | 'ignored' | 'fixed' | 'regressed';

export const GROUP_STATES: readonly GroupState[] = [
  'new',
  'regressed',
  'known',
  'ignored',
  'fixed',
];

export interface GroupStateInput {
  readonly decisions: readonly ActiveDecision[];
  /** The matching `--known` issue (its state as its file says: open, closed, ...), or null. */
  readonly known: { readonly state: string | null } | null;
  /**
   * When the group was last seen (ISO 8601); a triage of logs passes now, since the logs are
   * being looked at now. Null: not seen after any decision could be made.
   */
  readonly lastSeen: string | null;
  /** Today (ISO date or date-time), for `ignored --until`. */
  readonly now: string;
}

export function groupState(input: GroupStateInput): GroupState {
  const today = input.now.slice(0, 10);
  // An ignore past its date no longer holds: the group is what it would be without it.
  const decisions = input.decisions.filter(
    (d) => d.decision.kind !== 'ignored' || holds(d.decision.until, today),
  );
  if (decisions.some((d) => d.decision.kind === 'ignored')) return 'ignored';
  const closedAt = closingTime(decisions);
  const knownClosed = isClosed(input.known?.state);
  if (closedAt !== null || knownClosed) {
    // A known issue closed in a file has no time: any sighting is after it.
    const after = closedAt ?? '';
    return input.lastSeen !== null && input.lastSeen > after ? 'regressed' : 'fixed';
  }
  if (decisions.length > 0 || input.known !== null) return 'known';
  return 'new';
}

/** A state a tracker calls closed: GitHub's CLOSED/closed, and the usual synonyms. */
export function isClosed(state: string | null | undefined): boolean {
  return (
    state !== null && state !== undefined && /^(closed|fixed|resolved|done)$/i.test(state.trim())
  );
}

/** When the newest decision that says "fixed" was made (a fix, or a filed issue closed). */
function closingTime(decisions: readonly ActiveDecision[]): string | null {
  let newest: string | null = null;
  for (const d of decisions) {
    const closes =
      d.decision.kind === 'fixed' || (d.decision.kind === 'filed' && d.decision.state === 'closed');
    if (closes && (newest === null || d.at > newest)) newest = d.at;
  }
  return newest;
}

function holds(until: string | null, today: string): boolean {
  return until === null || today <= until;
}
