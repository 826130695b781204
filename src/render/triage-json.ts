import type { SeenBefore } from '../store/store.js';
import type { CreditedEntry } from '../triage/contracts.js';
import type { TriageResult } from '../triage/triage.js';
import { type Why, whySentence } from '../triage/why.js';

/**
 * Version of the public JSON of `racelens triage --json` (schemas/triage-result.schema.json).
 * 2: related links say `kind` (same-object, same-code, similar-paths) and `score` instead of
 * `rule` and `similarity`; groups have `why` (why.ts).
 */
export const TRIAGE_SCHEMA_VERSION = 2 as const;

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
    groups: result.groups.map(({ group, known, related, why, state, decisions }) => ({
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
      related: related.map((r) => ({
        to: r.to,
        id: r.id,
        title: r.title,
        url: r.url,
        kind: r.kind,
        score: r.score,
        explanation: r.explanation,
      })),
      why: whyJson(why),
      state,
      decisions,
      suppressedBy: group.suppressedBy ? entryRef(group.suppressedBy) : null,
      suppressedReports: group.suppressedReports,
      ...(seenBefore ? { seenBefore: seenBeforeJson(seenBefore.get(group.signature.text)) } : {}),
    })),
    diagnostics: result.diagnostics,
  };
}

/** The why of a race: its patterns and the sentence (names in backticks); null otherwise. */
export function whyJson(why: Why | null): object | null {
  return why ? { version: why.version, patterns: why.patterns, sentence: whySentence(why) } : null;
}

function seenBeforeJson(seen: SeenBefore | undefined): object | null {
  return seen ? { runs: seen.runs, since: seen.since } : null;
}

/** A suppression entry as the JSON outputs name it. */
export function entryRef(entry: CreditedEntry): object {
  return { file: entry.file, line: entry.line, type: entry.type, pattern: entry.pattern };
}
