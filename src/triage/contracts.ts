import type { Report } from '../model/report.js';
import type { Comparable } from './comparable.js';

/**
 * What triage needs of `match/`, declared here so that triage imports nothing from it:
 * `match/` implements these (a suppression file's entry, the matcher, a known issue).
 */

/** The suppression entry a group's reports are credited to (match/suppression-file.ts). */
export interface CreditedEntry {
  readonly type: string;
  readonly pattern: string;
  readonly file: string;
  readonly line: number;
}

/** Says which entry, if any, the runtime would credit for suppressing a report. */
export interface SuppressionCredit {
  creditedEntry(report: Report): CreditedEntry | null;
}

/** A known issue as triage matches and relates groups to it (match/known-issues.ts). */
export interface KnownSignatures {
  readonly id: string;
  readonly title: string | null;
  readonly url: string | null;
  readonly state: string | null;
  /** Signature texts and short ids that belong to the issue. */
  readonly signatures: ReadonlySet<string>;
  /** The issue's own reports, to explain how a new group relates to it. */
  readonly reports: readonly Comparable[];
}
