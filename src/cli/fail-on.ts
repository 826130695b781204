import type { TriagedGroup, TriageResult } from '../triage/triage.js';

/** `triage --fail-on`: which groups make the command exit 1 (a gate without a store). */
export const FAIL_ON = ['new', 'regressed', 'any'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/**
 * The groups that fail the run, suppressed ones never:
 * - `new`: nothing known or decided of it (state `new`);
 * - `regressed`: decided fixed, or its known or filed issue closed, and seen again (state
 *   `regressed`, from decide/group-state.ts);
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
      return triaged.state === 'new';
    case 'regressed':
      return isRegressed(triaged);
    case 'any':
      return true;
  }
}

/** Regressed as decide/group-state.ts says: decided fixed, or its issue closed, and seen again. */
export function isRegressed(triaged: TriagedGroup): boolean {
  return triaged.state === 'regressed';
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
