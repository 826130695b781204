import type { GateBaseline, GateVerdict } from '../triage/gate-verdict.js';
import { entryRef } from './triage-json.js';

/** Version of the public JSON of `racelens gate --json` (schemas/gate-result.schema.json). */
export const GATE_SCHEMA_VERSION = 1 as const;

/** `gate --json`: the verdict, the baseline, counts, and every group with its status. */
export function gateToJson(verdict: GateVerdict, baseline: GateBaseline): object {
  return {
    schemaVersion: GATE_SCHEMA_VERSION,
    passed: verdict.passed,
    failOn: verdict.failOn,
    baseline: { name: baseline.name, kind: baseline.kind, runs: baseline.runs },
    totals: { groups: verdict.groups.length, ...verdict.counts },
    groups: verdict.groups.map(({ triaged, status }) => {
      const { group, known } = triaged;
      const first = group.occurrences[Symbol.iterator]().next().value;
      return {
        id: group.signature.id,
        signature: group.signature.text,
        kind: group.report.kind,
        title: group.signature.title,
        status,
        count: group.count,
        first: first ? { file: first.file, line: first.line } : null,
        known,
        state: triaged.state,
        decisions: triaged.decisions,
        suppressedBy: group.suppressedBy ? entryRef(group.suppressedBy) : null,
      };
    }),
  };
}
