/**
 * What a triager decides about a group, kept in the store keyed by the group's signature. A
 * group carries several (filed, later fixed). History is append-only: an undo is an entry of
 * its own that names the entry it takes back, so nothing is overwritten and two people
 * deciding at once both stay in the history.
 */
export type IssueState = 'open' | 'closed';

export type Decision =
  | {
      readonly kind: 'filed';
      /** A URL or `owner/repo#N`, as given. */
      readonly ref: string;
      readonly title: string | null;
      readonly state: IssueState;
    }
  | { readonly kind: 'duplicate-of'; readonly group: string }
  | {
      readonly kind: 'related-to';
      /** A group id or signature, or an issue reference. */
      readonly target: string;
    }
  | {
      readonly kind: 'ignored';
      readonly reason: string;
      /** ISO date (YYYY-MM-DD) after which the ignore no longer holds; null: for good. */
      readonly until: string | null;
    }
  | {
      readonly kind: 'fixed';
      /** The commit or version the fix is in, when known. */
      readonly in: string | null;
    }
  | {
      readonly kind: 'undo';
      /** The id of the entry taken back. */
      readonly undoes: number;
    };

export type DecisionKind = Decision['kind'];

export const DECISION_KINDS: readonly Exclude<DecisionKind, 'undo'>[] = [
  'filed',
  'duplicate-of',
  'related-to',
  'ignored',
  'fixed',
];

/** A decision to record: on which signature, by whom. The store adds id and time. */
export interface NewDecision {
  readonly signature: string;
  /** The group's short id, kept so decisions of groups the store never saw can be named. */
  readonly shortId: string;
  readonly title: string | null;
  readonly decision: Decision;
  readonly by: string;
  /** When it was decided, for imports that keep the original time; the store's clock else. */
  readonly at?: string;
}

/** One entry of a group's decision history, as the store keeps it. */
export interface DecisionEntry extends Omit<NewDecision, 'at'> {
  /** Increasing in the order the store recorded the entries. */
  readonly id: number;
  /** ISO 8601, from the store's clock. */
  readonly at: string;
}

/** A decision that holds now: made, and not taken back. */
export type ActiveDecision = DecisionEntry & {
  readonly decision: Exclude<Decision, { kind: 'undo' }>;
};

/**
 * The entries that hold: every entry that is not an undo and not undone, in history order.
 * (An undo of an undo is not supported: `decide --undo` takes back the newest that holds.)
 */
export function activeDecisions(history: readonly DecisionEntry[]): ActiveDecision[] {
  const undone = new Set<number>();
  for (const entry of history)
    if (entry.decision.kind === 'undo') undone.add(entry.decision.undoes);
  return history.filter(
    (entry): entry is ActiveDecision => entry.decision.kind !== 'undo' && !undone.has(entry.id),
  );
}

/** One line for terminals and lists: `filed python/cpython#1 (open)`. */
export function describeDecision(decision: Decision): string {
  switch (decision.kind) {
    case 'filed':
      return `filed ${decision.ref} (${decision.state})${decision.title ? `: ${decision.title}` : ''}`;
    case 'duplicate-of':
      return `duplicate of ${decision.group}`;
    case 'related-to':
      return `related to ${decision.target}`;
    case 'ignored':
      return `ignored: ${decision.reason}${decision.until ? ` (until ${decision.until})` : ''}`;
    case 'fixed':
      return decision.in ? `fixed in ${decision.in}` : 'fixed';
    case 'undo':
      return `undo of #${decision.undoes}`;
  }
}
