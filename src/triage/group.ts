import type { Report, Runtime } from '../model/report.js';
import type { NormalFrame } from './normalize-stack.js';
import { type FileTable, OccurrenceList } from './occurrences.js';
import type { Signature } from './signature.js';

/** Reports with one signature: the unit of triage. Memory: one report kept, 8 bytes per occurrence. */
export class Group {
  readonly occurrences: OccurrenceList;
  readonly runtimes = new Set<Runtime>();
  truncated = 0;

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

  add(report: Report): void {
    this.occurrences.add(report.source.file, report.source.line);
    this.runtimes.add(report.runtime);
    if (report.truncated) this.truncated++;
  }
}
