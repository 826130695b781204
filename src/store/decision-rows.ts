import type { Decision, DecisionEntry, NewDecision } from '../decide/decision.js';

/**
 * How a decision is kept by both engines: one row per history entry, the decision itself as
 * JSON (its kind also a column, for queries), so that a new field of a kind needs no
 * migration. Rows are never updated or deleted.
 */
export interface DecisionRow {
  readonly id: number;
  readonly signature: string;
  readonly short_id: string;
  readonly title: string | null;
  readonly kind: string;
  readonly body: string;
  readonly by_name: string;
  readonly at: string;
}

/** The columns of a new row, in the order the INSERTs of both engines list them. */
export function decisionValues(entry: NewDecision, at: string): (string | null)[] {
  return [
    entry.signature,
    entry.shortId,
    entry.title,
    entry.decision.kind,
    JSON.stringify(entry.decision),
    entry.by,
    at,
  ];
}

/**
 * A row as an entry; `signature` replaces the stored one when the row was found through an
 * alias (an older signature version), so callers match it to the group they asked for.
 */
export function decisionEntry(row: DecisionRow, signature = row.signature): DecisionEntry {
  return {
    id: Number(row.id),
    signature,
    shortId: row.short_id,
    title: row.title,
    decision: JSON.parse(row.body) as Decision,
    by: row.by_name,
    at: row.at,
  };
}

/** A group an id names: one the store saw, or one only decided about (imported). */
export interface GroupRef {
  readonly signature: string;
  readonly shortId: string;
  readonly title: string | null;
}
