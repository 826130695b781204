import type { Report, Runtime } from '../model/report.js';
import type { CreditedEntry } from './contracts.js';
import type { NormalFrame } from './normalize-stack.js';
import { type FileTable, OccurrenceList } from './occurrences.js';
import type { Signature } from './signature.js';

/** Reports with one signature: the unit of triage. Memory: one report kept, 8 bytes per occurrence. */
export class Group {
  readonly occurrences: OccurrenceList;
  readonly runtimes = new Set<Runtime>();
  truncated = 0;
  /** Reports a suppression entry would suppress, per crediting entry (empty without a file). */
  readonly suppressions = new Map<CreditedEntry, number>();

  constructor(
    readonly signature: Signature,
    /** The first report seen: what renderers show and explanations compare. */
    readonly report: Report,
    /** The representative's meaningful frames, one stack per anchor. */
    readonly sides: readonly NormalFrame[][],
    files: FileTable,
  ) {
    this.occurrences = new OccurrenceList(files);
  }

  get count(): number {
    return this.occurrences.length;
  }

  add(report: Report, suppressedBy: CreditedEntry | null): void {
    this.occurrences.add(report.source.file, report.source.line);
    this.runtimes.add(report.runtime);
    if (report.truncated) this.truncated++;
    if (suppressedBy)
      this.suppressions.set(suppressedBy, (this.suppressions.get(suppressedBy) ?? 0) + 1);
  }

  get suppressedReports(): number {
    let total = 0;
    for (const count of this.suppressions.values()) total += count;
    return total;
  }

  /** The entry credited most often, when every report of the group is suppressed; else null. */
  get suppressedBy(): CreditedEntry | null {
    if (this.suppressions.size === 0 || this.suppressedReports < this.count) return null;
    let best: CreditedEntry | null = null;
    let bestCount = 0;
    for (const [entry, count] of this.suppressions) {
      if (count > bestCount) {
        best = entry;
        bestCount = count;
      }
    }
    return best;
  }
}
