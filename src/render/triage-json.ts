import type { SuppressionEntry } from '../match/suppression-file.js';
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
      suppressedBy: group.suppressedBy ? entryRef(group.suppressedBy) : null,
      suppressedReports: group.suppressedReports,
    })),
    diagnostics: result.diagnostics,
  };
}

/** A suppression entry as the JSON outputs name it. */
export function entryRef(entry: SuppressionEntry): object {
  return { file: entry.file, line: entry.line, type: entry.type, pattern: entry.pattern };
}
