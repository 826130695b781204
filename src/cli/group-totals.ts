import { FRAGMENT_KIND, type TriagedGroup, type TriageTotals, totalsOf } from '../triage/triage.js';

/**
 * The totals of some groups alone (`triage --group ID`): a footer that counts the groups not
 * shown would say "9 reports in 5 groups" under one group of 3.
 */
export function totalsOfGroups(groups: readonly TriagedGroup[]): TriageTotals {
  let reports = 0;
  let fragments = 0;
  let truncated = 0;
  let diagnostics = 0;
  for (const { group } of groups) {
    if (group.report.kind === FRAGMENT_KIND) {
      fragments += group.count;
      continue;
    }
    reports += group.count;
    truncated += group.truncated;
    diagnostics += group.report.diagnostics.length;
  }
  // The counts that follow from the groups' states are counted where they are for every group.
  return totalsOf({ reports, fragments }, groups, { truncated, diagnostics });
}
