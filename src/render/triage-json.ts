import type { TriageResult } from '../triage/triage.js';

/** Version of the public JSON of `racelens triage --json` (schemas/triage-result.schema.json). */
export const TRIAGE_SCHEMA_VERSION = 1 as const;

/** The triage result as the public JSON document. */
export function triageToJson(result: TriageResult): object {
  return {
    schemaVersion: TRIAGE_SCHEMA_VERSION,
    totals: result.totals,
    groups: result.groups.map(({ group, known, related }) => ({
      signature: group.signature.text,
      id: group.signature.id,
      kind: group.report.kind,
      kindId: group.report.kindId,
      title: group.signature.title,
      anchors: group.signature.anchors,
      object: group.signature.object,
      degraded: group.signature.degraded,
      count: group.count,
      truncated: group.truncated,
      runtimes: [...group.runtimes].sort(),
      occurrences: [...group.occurrences],
      known,
      related,
    })),
    diagnostics: result.diagnostics,
  };
}
