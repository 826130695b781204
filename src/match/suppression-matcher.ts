import type { Frame } from '../model/frame.js';
import type { Report } from '../model/report.js';
import type { SuppressionEntry, SuppressionType } from './suppression-file.js';
import { templateMatches } from './template-match.js';

export interface SuppressionMatcherOptions {
  /**
   * The full path the runtime matched module patterns against, for a module name as printed.
   * TSan prints only a module's base name (`python`, `libtsan.so.2`) but matches `<type>:`
   * patterns against the path it was loaded from; without this, the printed name is used.
   */
  readonly modulePath?: (printed: string) => string | null;
}

/** Indices (file order) of the entries whose pattern matches a frame's function, file, module. */
interface FrameHits {
  readonly function: readonly number[];
  readonly file: readonly number[];
  readonly module: readonly number[];
}

const NO_HITS: readonly number[] = [];

/**
 * Decides which entries of a suppression file suppress a report, as TSan's runtime decides
 * (tsan_suppressions.cpp, OutputReport in tsan_rtl_report.cpp):
 *
 * - the report's family gives the type: races `race`, thread leaks `thread`, mutex misuse
 *   `mutex`, signal reports `signal`, lock-order inversions `deadlock`;
 * - stacks are tried in order: every access stack, then every other stack of the report
 *   (mutex, signal, deadlock edges; never the sleep stack), then, for thread leaks only, the
 *   threads' creation stacks; within a stack every frame top to bottom, and for each frame its
 *   function, then its file, then its module, each against the entries in file order;
 * - for races, when no frame of a stack matched a `race` entry, `race_top` entries are tried
 *   on that stack's top frame before the next stack;
 * - then global locations: the global's name, then its module.
 *
 * The first hit is credited. Heap-allocation, mutex-creation and sleep stacks never count.
 * Frames are shared between reports (the parser caches frame lines), so each distinct frame is
 * matched against the patterns once.
 */
export class SuppressionMatcher {
  private readonly frameHits = new WeakMap<Frame, FrameHits>();
  private readonly subjectHits = new Map<string, readonly number[]>();

  constructor(
    readonly entries: readonly SuppressionEntry[],
    private readonly options: SuppressionMatcherOptions = {},
  ) {}

  /** The entry the runtime would credit with suppressing this report, or null. */
  creditedEntry(report: Report): SuppressionEntry | null {
    const type = suppressionType(report);
    if (type === null) return null;
    for (const frames of consultedStacks(report, type)) {
      for (const frame of frames) {
        const hit = this.firstInFrame(frame, type);
        if (hit) return hit;
      }
      const top = frames[0];
      if (type === 'race' && top) {
        const hit = this.firstInFrame(top, 'race_top');
        if (hit) return hit;
      }
    }
    for (const global of globalsOf(report)) {
      const hit =
        this.firstOfType(this.hitsOf(global.name), type) ??
        this.firstOfType(this.hitsOf(this.modulePathOf(global.module)), type);
      if (hit) return hit;
    }
    return null;
  }

  /** Every entry that would suppress this report were it the file's only entry, in file order. */
  matchingEntries(report: Report): SuppressionEntry[] {
    const type = suppressionType(report);
    if (type === null) return [];
    const found = new Set<number>();
    const take = (indices: readonly number[], wanted: SuppressionType) => {
      for (const i of indices) if (this.entries[i]!.type === wanted) found.add(i);
    };
    for (const frames of consultedStacks(report, type)) {
      for (const frame of frames) {
        const hits = this.hitsOfFrame(frame);
        take(hits.function, type);
        take(hits.file, type);
        take(hits.module, type);
      }
      const top = frames[0];
      if (type === 'race' && top) {
        const hits = this.hitsOfFrame(top);
        take(hits.function, 'race_top');
        take(hits.file, 'race_top');
        take(hits.module, 'race_top');
      }
    }
    for (const global of globalsOf(report)) {
      take(this.hitsOf(global.name), type);
      take(this.hitsOf(this.modulePathOf(global.module)), type);
    }
    return [...found].sort((a, b) => a - b).map((i) => this.entries[i]!);
  }

  private firstInFrame(frame: Frame, type: SuppressionType): SuppressionEntry | null {
    const hits = this.hitsOfFrame(frame);
    return (
      this.firstOfType(hits.function, type) ??
      this.firstOfType(hits.file, type) ??
      this.firstOfType(hits.module, type)
    );
  }

  private firstOfType(indices: readonly number[], type: SuppressionType): SuppressionEntry | null {
    for (const i of indices) {
      const entry = this.entries[i]!;
      if (entry.type === type) return entry;
    }
    return null;
  }

  private hitsOfFrame(frame: Frame): FrameHits {
    let hits = this.frameHits.get(frame);
    if (!hits) {
      hits = {
        function: this.hitsOf(frame.function),
        file: this.hitsOf(frame.file),
        module: this.hitsOf(this.modulePathOf(frame.module)),
      };
      this.frameHits.set(frame, hits);
    }
    return hits;
  }

  /** Entries whose pattern matches a subject string; memoised by subject, bounded. */
  private hitsOf(subject: string | null): readonly number[] {
    if (subject === null || subject.length === 0) return NO_HITS;
    let hits = this.subjectHits.get(subject);
    if (!hits) {
      const found: number[] = [];
      for (let i = 0; i < this.entries.length; i++) {
        if (templateMatches(this.entries[i]!.pattern, subject)) found.push(i);
      }
      hits = found.length === 0 ? NO_HITS : found;
      if (this.subjectHits.size >= SUBJECT_CACHE_ENTRIES) this.subjectHits.clear();
      this.subjectHits.set(subject, hits);
    }
    return hits;
  }

  private modulePathOf(module: string | null): string | null {
    if (module === null) return null;
    return this.options.modulePath?.(module) ?? module;
  }
}

const SUBJECT_CACHE_ENTRIES = 1 << 16;

/** The stacks the runtime consults for a report of this type, in its order. */
function consultedStacks(report: Report, type: SuppressionType): (readonly Frame[])[] {
  const stacks: (readonly Frame[])[] = report.accesses.map((a) => a.frames);
  for (const stack of report.stacks) if (stack.role !== 'sleep') stacks.push(stack.frames);
  if (type === 'thread') for (const thread of report.threads) stacks.push(thread.frames);
  return stacks;
}

function globalsOf(report: Report): { readonly name: string; readonly module: string | null }[] {
  const globals: { name: string; module: string | null }[] = [];
  for (const location of report.locations) {
    if (location.type === 'global') globals.push({ name: location.name, module: location.module });
  }
  return globals;
}

/** The suppression type the runtime consults for a report, or null for kinds it never suppresses. */
export function suppressionType(report: Report): SuppressionType | null {
  switch (report.family) {
    case 'race':
      return 'race';
    case 'thread':
      return 'thread';
    case 'mutex':
      return 'mutex';
    case 'signal':
      return 'signal';
    case 'deadlock':
      return 'deadlock';
    default:
      return null;
  }
}

/** The entry the runtime would credit with suppressing `report`, or null (one-off use). */
export function suppressedBy(
  report: Report,
  entries: readonly SuppressionEntry[],
  options: SuppressionMatcherOptions = {},
): SuppressionEntry | null {
  return new SuppressionMatcher(entries, options).creditedEntry(report);
}
