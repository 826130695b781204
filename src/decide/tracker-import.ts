import { type KnownIssue, knownIssueFromText } from '../match/known-issues.js';
import type { FrameRules } from '../triage/normalize-stack.js';
import type { TrackerImporter } from './trackers/tracker.js';

export interface TrackerRead {
  /** Issues whose text holds at least one report: known issues with their signatures. */
  readonly known: readonly KnownIssue[];
  /** Issues without a report, by id: counted, and named with --verbose. */
  readonly withoutReport: readonly string[];
}

/** A tracker's export as known issues: each issue's text parsed by racelens's parser. */
export function readTrackerExport(
  importer: TrackerImporter,
  data: unknown,
  source: string,
  rules: FrameRules,
): TrackerRead {
  const known: KnownIssue[] = [];
  const withoutReport: string[] = [];
  for (const issue of importer.read(data)) {
    const read = knownIssueFromText(
      {
        id: issue.id,
        title: issue.title,
        url: issue.url,
        state: issue.state,
        source: `${source} (${issue.id})`,
      },
      issue.text,
      rules,
    );
    if (read) known.push(read);
    else withoutReport.push(issue.id);
  }
  return { known, withoutReport };
}
