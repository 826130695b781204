import type { SuppressionEntry } from '../match/suppression-file.js';
import type { SeenBefore } from '../store/store.js';
import type { TriageResult } from '../triage/triage.js';

/** Version of the public JSON of `racelens triage --json` (schemas/triage-result.schema.json). */
export const TRIAGE_SCHEMA_VERSION = 1 as const;

/**
 * The triage result as the public JSON document. With `seenBefore` (a history store exists),
 * each group gets `seenBefore`: {runs, since}, or null when no recorded run saw it; without a
 * store the field is left out, so that "no history" and "never seen" read differently.
 */
export function triageToJson(
  result: TriageResult,
  seenBefore?: ReadonlyMap<string, SeenBefore>,
): object {
  return {
    schemaVersion: TRIAGE_SCHEMA_VERSION,
    totals: result.totals,
    groups: result.groups.map(({ group, known, related, state, decisions }) => ({
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
      state,
      decisions,
      suppressedBy: group.suppressedBy ? entryRef(group.suppressedBy) : null,
      suppressedReports: group.suppressedReports,
      ...(seenBefore ? { seenBefore: seenBeforeJson(seenBefore.get(group.signature.text)) } : {}),
    })),
    diagnostics: result.diagnostics,
  };
}

function seenBeforeJson(seen: SeenBefore | undefined): object | null {
  return seen ? { runs: seen.runs, since: seen.since } : null;
}

/** A suppression entry as the JSON outputs name it. */
export function entryRef(entry: SuppressionEntry): object {
  return { file: entry.file, line: entry.line, type: entry.type, pattern: entry.pattern };
}
