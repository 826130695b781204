import type { TriagedGroup, TriageResult } from '../triage/triage.js';

/** `triage --fail-on`: which groups make the command exit 1 (a gate without a store). */
export const FAIL_ON = ['new', 'regressed', 'any'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** Tracker states that say an issue was fixed: seeing its reports again is a regression. */
const CLOSED_STATES = new Set(['closed', 'fixed', 'resolved', 'done', 'completed', 'merged']);

/**
 * The groups that fail the run, suppressed ones never:
 * - `new`: not matched to any known issue;
 * - `regressed`: matched to a known issue whose state (`--known` entries' `state`) says closed
 *   or fixed; until decisions are stored this is the only "fixed" knowledge there is;
 * - `any`: every group not suppressed.
 */
export function failingGroups(result: TriageResult, failOn: FailOn): TriagedGroup[] {
  return result.groups.filter(
    (triaged) => triaged.group.suppressedBy === null && fails(triaged, failOn),
  );
}

function fails(triaged: TriagedGroup, failOn: FailOn): boolean {
  switch (failOn) {
    case 'new':
      return triaged.known === null;
    case 'regressed':
      return isRegressed(triaged);
    case 'any':
      return true;
  }
}

export function isRegressed(triaged: TriagedGroup): boolean {
  const state = triaged.known?.state?.trim().toLowerCase();
  return state !== undefined && CLOSED_STATES.has(state);
}

/** One stderr line naming why the run fails. */
export function failOnMessage(failing: readonly TriagedGroup[], failOn: FailOn): string {
  const what = failOn === 'any' ? 'unsuppressed' : failOn;
  const ids = failing
    .slice(0, 5)
    .map((t) => t.group.signature.id)
    .join(', ');
  const more = failing.length > 5 ? `, and ${failing.length - 5} more` : '';
  return `racelens: --fail-on ${failOn}: ${failing.length} ${what} group${failing.length === 1 ? '' : 's'} (${ids}${more}); exit 1`;
}
