import type { JsonValue, SarifNotification } from './sarif-types.js';

/**
 * What GitHub code scanning accepts in one uploaded SARIF file ("SARIF results exceed one or
 * more limits" and "SARIF file is too large" in GitHub's code scanning docs; docs/reports.md).
 * Above these GitHub rejects the whole upload, so the renderer stays within them and says what
 * it left out. Rules (25,000 a run), tags (20 a rule) and runs (20 a file) are far above what
 * racelens writes (one rule per report kind, four tags, one run) and need no cap.
 */
export interface SarifLimits {
  /** Results in a run (GitHub shows the top 5,000 by severity). */
  readonly results: number;
  /** Locations of a result, its related locations counted (GitHub shows 100). */
  readonly locationsPerResult: number;
  /** Thread flow locations of a result, over all its thread flows (GitHub shows 1,000). */
  readonly threadFlowLocationsPerResult: number;
  /** Size of the file once gzip-compressed. */
  readonly gzipBytes: number;
}

export const GITHUB_SARIF_LIMITS: SarifLimits = {
  results: 25_000,
  locationsPerResult: 1_000,
  threadFlowLocationsPerResult: 10_000,
  gzipBytes: 10_000_000,
};

/** What the renderer left out to stay within the limits, or because it could not place it. */
export interface Truncation {
  /** Results over the results limit (lowest priority first: suppressed, known, then warnings). */
  resultsOverLimit: number;
  /** Results left out so that the gzip-compressed file stays under its limit. */
  resultsOverSize: number;
  /** Code flows removed from every result so that the file stays under its size limit. */
  codeFlowsOverSize: number;
  relatedLocations: number;
  threadFlowLocations: number;
  /** Groups with no project frame to show them at, left out (`unlocated: 'drop'`). */
  readonly unlocated: { readonly groupId: string; readonly title: string }[];
}

export function emptyTruncation(): Truncation {
  return {
    resultsOverLimit: 0,
    resultsOverSize: 0,
    codeFlowsOverSize: 0,
    relatedLocations: 0,
    threadFlowLocations: 0,
    unlocated: [],
  };
}

/** `run.properties["racelens/truncated"]`: the non-zero counts, or null when nothing was cut. */
export function truncationProperty(t: Truncation): JsonValue {
  const counts: Record<string, number> = {};
  if (t.resultsOverLimit + t.resultsOverSize > 0)
    counts.results = t.resultsOverLimit + t.resultsOverSize;
  if (t.codeFlowsOverSize > 0) counts.codeFlows = t.codeFlowsOverSize;
  if (t.relatedLocations > 0) counts.relatedLocations = t.relatedLocations;
  if (t.threadFlowLocations > 0) counts.threadFlowLocations = t.threadFlowLocations;
  return Object.keys(counts).length > 0 ? counts : null;
}

const SOURCE = "GitHub code scanning's SARIF upload limits";
const SHOWN_UNLOCATED = 20;

/** One notification per kind of cut, for the run's invocation. */
export function truncationNotifications(t: Truncation, limits: SarifLimits): SarifNotification[] {
  const notes: SarifNotification[] = [];
  const note = (id: string, text: string) =>
    notes.push({ level: 'warning', message: { text }, descriptor: { id: `racelens/${id}` } });
  if (t.resultsOverLimit > 0)
    note(
      'results-limit',
      `${t.resultsOverLimit} results left out: a run may hold at most ${limits.results} (${SOURCE}). Suppressed and known groups went first, then warnings, then the least frequent.`,
    );
  if (t.codeFlowsOverSize > 0)
    note(
      'size-limit-code-flows',
      `Code flows removed from ${t.codeFlowsOverSize} results to keep the gzip-compressed file under ${limits.gzipBytes} bytes (${SOURCE}).`,
    );
  if (t.resultsOverSize > 0)
    note(
      'size-limit-results',
      `${t.resultsOverSize} results left out to keep the gzip-compressed file under ${limits.gzipBytes} bytes (${SOURCE}).`,
    );
  if (t.relatedLocations > 0)
    note(
      'locations-limit',
      `${t.relatedLocations} related locations left out: a result may have at most ${limits.locationsPerResult} locations (${SOURCE}).`,
    );
  if (t.threadFlowLocations > 0)
    note(
      'thread-flow-locations-limit',
      `${t.threadFlowLocations} outermost stack frames left out of code flows: a result may have at most ${limits.threadFlowLocationsPerResult} thread flow locations (${SOURCE}).`,
    );
  if (t.unlocated.length > 0) {
    const shown = t.unlocated.slice(0, SHOWN_UNLOCATED).map((u) => `${u.groupId} (${u.title})`);
    const more =
      t.unlocated.length > SHOWN_UNLOCATED
        ? `, and ${t.unlocated.length - SHOWN_UNLOCATED} more`
        : '';
    note(
      'unlocated',
      `${t.unlocated.length} groups left out: none of their stacks has a project frame with a file and a line (under the source root, when one is given) to show them at, and GitHub code scanning rejects a file with a result it cannot place. run.properties["racelens/unlocated"] lists them; the other report formats show them: ${shown.join(', ')}${more}.`,
    );
  }
  return notes;
}
