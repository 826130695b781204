/**
 * A tracker's export, read into issues: one small file per tracker (github.ts), listed in
 * TRACKERS (index.ts). Adding a tracker is one more file and one line there.
 */
export interface TrackerIssue {
  /** As the tracker names it, e.g. `owner/repo#12` or `#12`. */
  readonly id: string;
  readonly title: string | null;
  readonly url: string | null;
  /** Open or closed, as the tracker says it. */
  readonly state: 'open' | 'closed';
  /** The text that may hold reports (body, and comments when the export has them). */
  readonly text: string;
}

export interface TrackerImporter {
  readonly name: string;
  /** What the export is, for messages: `gh issue list --json ...`. */
  readonly expects: string;
  /** Reads an export; throws TrackerExportError when it is not one. */
  read(data: unknown): TrackerIssue[];
}

/** An export that is not what the tracker writes: the message says what was expected. */
export class TrackerExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrackerExportError';
  }
}
