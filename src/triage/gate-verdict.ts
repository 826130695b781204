import { FAILING_STATUSES, type FailingStatus } from './failing-status.js';
import { legacySignature } from './signature.js';
import type { TriagedGroup, TriageResult } from './triage.js';

/**
 * Why a group does or does not fail the gate. A group that is several is counted once, as
 * the first that applies: ignored, suppressed, regressed, known, baseline, new. Suppressions,
 * known issues and decisions are what someone decided, and ingest records every group,
 * suppressed ones too, so the baseline would otherwise swallow them. Regressed (decided fixed,
 * or its issue closed, and seen again) comes before the baseline: a fixed race is in it.
 */
export type GateStatus = 'ignored' | 'suppressed' | 'regressed' | 'known' | 'baseline' | 'new';

export const GATE_STATUSES: readonly GateStatus[] = [
  'new',
  'regressed',
  'baseline',
  'suppressed',
  'known',
  'ignored',
];

/** The statuses that can fail a gate (`gate --fail-on new,regressed`, both by default). */
export { FAILING_STATUSES, type FailingStatus };

/** The baseline a gate compared against: what the user named, read as a branch or a run. */
export interface GateBaseline {
  readonly name: string;
  readonly kind: 'branch' | 'run';
  readonly runs: number;
}

export interface GatedGroup {
  readonly triaged: TriagedGroup;
  readonly status: GateStatus;
}

export interface GateVerdict {
  /** In the triage's order (most reports first). */
  readonly groups: readonly GatedGroup[];
  readonly counts: Readonly<Record<GateStatus, number>>;
  /** What fails the gate. */
  readonly failOn: readonly FailingStatus[];
  /** No group has a status of `failOn`. */
  readonly passed: boolean;
}

/** Judges each group of a triage against the signatures of a baseline. */
export function gateVerdict(
  result: TriageResult,
  baseline: ReadonlySet<string>,
  failOn: readonly FailingStatus[] = FAILING_STATUSES,
): GateVerdict {
  const counts: Record<GateStatus, number> = {
    new: 0,
    regressed: 0,
    baseline: 0,
    suppressed: 0,
    known: 0,
    ignored: 0,
  };
  const groups = result.groups.map((triaged): GatedGroup => {
    const status = statusOf(triaged, baseline);
    counts[status]++;
    return { triaged, status };
  });
  return { groups, counts, failOn, passed: failOn.every((s) => counts[s] === 0) };
}

function statusOf(triaged: TriagedGroup, baseline: ReadonlySet<string>): GateStatus {
  const signature = triaged.group.signature.text;
  if (triaged.state === 'ignored') return 'ignored';
  if (triaged.group.suppressedBy !== null) return 'suppressed';
  if (triaged.state === 'regressed') return 'regressed';
  if (triaged.state !== 'new') return 'known';
  if (baseline.has(signature) || baseline.has(legacySignature(signature).text)) return 'baseline';
  return 'new';
}
