import type { BaselineResult, RunGroups, Store } from '../store/store.js';

export interface GateOfRun {
  readonly run: string;
  readonly baseline: {
    readonly name: string;
    readonly kind: 'branch' | 'run';
    readonly runs: number;
  };
  readonly passed: boolean;
  readonly counts: { readonly new: number; readonly baseline: number };
  readonly groups: readonly {
    readonly id: string;
    readonly signature: string;
    readonly kind: string;
    readonly title: string;
    readonly status: 'new' | 'baseline';
  }[];
}

/**
 * A stored run judged against a baseline (a branch's runs, or one run), the run itself left
 * out of it: a group is new when no other run of the baseline saw it.
 */
export async function gateRun(
  store: Store,
  run: RunGroups,
  name: string,
  baseline: BaselineResult,
): Promise<GateOfRun> {
  const inBaseline = baseline.kind === 'branch' ? run.run.branch === name : run.run.name === name;
  const groups = [];
  for (const group of run.groups) {
    let seen = baseline.signatures.has(group.signature);
    // The run is part of its baseline: seen only when another of the baseline's runs saw it.
    if (seen && inBaseline) {
      const runs = (await store.groupRuns(group.signature))?.runs ?? [];
      seen = runs.some(
        (r) =>
          r.name !== run.run.name &&
          (baseline.kind === 'branch' ? r.branch === name : r.name === name),
      );
    }
    groups.push({
      id: group.id,
      signature: group.signature,
      kind: group.kind,
      title: group.title,
      status: seen ? ('baseline' as const) : ('new' as const),
    });
  }
  const fresh = groups.filter((g) => g.status === 'new').length;
  return {
    run: run.run.name,
    baseline: { name, kind: baseline.kind, runs: baseline.runs - (inBaseline ? 1 : 0) },
    passed: fresh === 0,
    counts: { new: fresh, baseline: groups.length - fresh },
    groups,
  };
}
