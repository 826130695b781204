import { legacySignature } from './signature.js';
import type { TriagedGroup, TriageResult } from './triage.js';

/**
 * Why a group does or does not fail the gate. A group that is several is counted once, as
 * the first that applies: suppressed, known, baseline, new. Suppressions and known issues
 * are decisions someone made, and ingest records every group, suppressed ones too, so the
 * baseline would otherwise swallow them.
 */
export type GateStatus = 'suppressed' | 'known' | 'baseline' | 'new';

export const GATE_STATUSES: readonly GateStatus[] = ['new', 'baseline', 'suppressed', 'known'];

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
  /** No group is new. */
  readonly passed: boolean;
}

/** Judges each group of a triage against the signatures of a baseline. */
export function gateVerdict(result: TriageResult, baseline: ReadonlySet<string>): GateVerdict {
  const counts: Record<GateStatus, number> = { new: 0, baseline: 0, suppressed: 0, known: 0 };
  const groups = result.groups.map((triaged): GatedGroup => {
    const status = statusOf(triaged, baseline);
    counts[status]++;
    return { triaged, status };
  });
  return { groups, counts, passed: counts.new === 0 };
}

function statusOf(triaged: TriagedGroup, baseline: ReadonlySet<string>): GateStatus {
  const signature = triaged.group.signature.text;
  if (triaged.group.suppressedBy !== null) return 'suppressed';
  if (triaged.known !== null) return 'known';
  if (baseline.has(signature) || baseline.has(legacySignature(signature).text)) return 'baseline';
  return 'new';
}
