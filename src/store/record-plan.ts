import type { TriageResult } from '../triage/triage.js';

/** One group of an input, as both engines write it. */
export interface PlannedGroup {
  readonly signature: string;
  readonly shortId: string;
  readonly kind: string;
  readonly title: string;
  /** The group's first report (its parsed form), JSON: kept for a group new to the store. */
  readonly report: string;
  /** The headline line of each occurrence in the input. */
  readonly lines: readonly number[];
}

/** What recording one input writes, whatever the engine. */
export interface RecordPlan {
  /** Reports and fragments of the input: its `inputs.reports`. */
  readonly reports: number;
  /**
   * Sorted by signature, so that concurrent writers take the groups' row locks in one order
   * (on PostgreSQL, two inputs sharing groups would otherwise deadlock).
   */
  readonly groups: readonly PlannedGroup[];
}

export function planRecord(result: TriageResult): RecordPlan {
  const groups = result.groups.map(({ group }): PlannedGroup => {
    const lines: number[] = [];
    for (const occurrence of group.occurrences) lines.push(occurrence.line);
    return {
      signature: group.signature.text,
      shortId: group.signature.id,
      kind: group.report.kind,
      title: group.signature.title,
      report: JSON.stringify(group.report),
      lines,
    };
  });
  groups.sort((a, b) => (a.signature < b.signature ? -1 : a.signature > b.signature ? 1 : 0));
  return { reports: result.totals.reports + result.totals.fragments, groups };
}
