/**
 * The statuses `gate` can fail on (`--fail-on`). On its own so that the CLI can check the
 * option without loading triage.
 */
export type FailingStatus = 'new' | 'regressed';

export const FAILING_STATUSES: readonly FailingStatus[] = ['new', 'regressed'];
