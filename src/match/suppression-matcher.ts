import type { Frame } from '../model/frame.js';
import type { Report } from '../model/report.js';
import { isInterceptorFrame } from '../triage/runtime-frames.js';
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
  /**
   * Entries that match the function only under some of the names the runtime may have used:
   * clang's interceptors have two aliases and the log does not say which one was symbolized.
   */
  readonly functionMaybe: readonly number[];
  readonly file: readonly number[];
  readonly module: readonly number[];
}

/** What the runtime would do with a report, as far as the printed text decides it. */
export interface SuppressionVerdict {
  /** The entry credited; null when no entry surely suppresses the report. */
  readonly entry: SuppressionEntry | null;
  /**
   * Entries the runtime may have credited first, or at all, depending on which alias of an
   * interceptor it symbolized (clang); empty when the text decides the verdict.
   */
  readonly uncertain: readonly SuppressionEntry[];
}

/** The names under which the runtime matches an interceptor frame, per runtime. */
type AliasSet = 'gcc' | 'llvm';

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
  private readonly frameHits: Record<AliasSet, WeakMap<Frame, FrameHits>> = {
    gcc: new WeakMap(),
    llvm: new WeakMap(),
  };
  private readonly subjectHits = new Map<string, readonly number[]>();

  constructor(
    readonly entries: readonly SuppressionEntry[],
    private readonly options: SuppressionMatcherOptions = {},
  ) {}

  /** The entry the runtime would surely credit with suppressing this report, or null. */
  creditedEntry(report: Report): SuppressionEntry | null {
    return this.verdict(report).entry;
  }

  /**
   * The runtime's walk: stacks in order, each frame's function, file, module against the
   * entries in file order; `race_top:` on each stack's top frame; then globals. An entry that
   * matches an interceptor under only one of its aliases makes the verdict uncertain when it
   * would be met before the surely credited entry (or when none is).
   */
  verdict(report: Report): SuppressionVerdict {
    const type = suppressionType(report);
    if (type === null) return { entry: null, uncertain: [] };
    const aliases = aliasSetOf(report);
    const uncertain: SuppressionEntry[] = [];
    const inFrame = (frame: Frame, wanted: SuppressionType): SuppressionEntry | null => {
      const hits = this.hitsOfFrame(frame, aliases);
      const sure = this.firstOfType(hits.function, wanted);
      const maybe = this.firstOfType(hits.functionMaybe, wanted);
      // Lists are in file order: a maybe before the sure entry might have been credited instead.
      if (maybe && (!sure || this.entries.indexOf(maybe) < this.entries.indexOf(sure))) {
        uncertain.push(maybe);
      }
      return sure ?? this.firstOfType(hits.file, wanted) ?? this.firstOfType(hits.module, wanted);
    };
    for (const frames of consultedStacks(report, type)) {
      for (const frame of frames) {
        const hit = inFrame(frame, type);
        if (hit) return { entry: hit, uncertain };
      }
      const top = frames[0];
      if (type === 'race' && top) {
        const hit = inFrame(top, 'race_top');
        if (hit) return { entry: hit, uncertain };
      }
    }
    for (const global of globalsOf(report)) {
      const hit =
        this.firstOfType(this.hitsOf(global.name), type) ??
        this.firstOfType(this.hitsOf(this.modulePathOf(global.module)), type);
      if (hit) return { entry: hit, uncertain };
    }
    return { entry: null, uncertain };
  }

  /** Every entry that would suppress this report were it the file's only entry, in file order. */
  matchingEntries(report: Report): SuppressionEntry[] {
    const type = suppressionType(report);
    if (type === null) return [];
    return this.collect(report, type, false);
  }

  /**
   * Entries that would suppress this report alone under one alias of an interceptor but not
   * the other (clang): the printed text cannot decide them. Never in matchingEntries.
   */
  uncertainEntries(report: Report): SuppressionEntry[] {
    const type = suppressionType(report);
    if (type === null) return [];
    const sure = new Set(this.collect(report, type, false));
    return this.collect(report, type, true).filter((e) => !sure.has(e));
  }

  private collect(report: Report, type: SuppressionType, maybe: boolean): SuppressionEntry[] {
    const aliases = aliasSetOf(report);
    const found = new Set<number>();
    const take = (indices: readonly number[], wanted: SuppressionType) => {
      for (const i of indices) if (this.entries[i]!.type === wanted) found.add(i);
    };
    const takeFrame = (frame: Frame, wanted: SuppressionType) => {
      const hits = this.hitsOfFrame(frame, aliases);
      take(maybe ? hits.functionMaybe : hits.function, wanted);
      if (maybe) return;
      take(hits.file, wanted);
      take(hits.module, wanted);
    };
    for (const frames of consultedStacks(report, type)) {
      for (const frame of frames) takeFrame(frame, type);
      const top = frames[0];
      if (type === 'race' && top) takeFrame(top, 'race_top');
    }
    if (!maybe) {
      for (const global of globalsOf(report)) {
        take(this.hitsOf(global.name), type);
        take(this.hitsOf(this.modulePathOf(global.module)), type);
      }
    }
    return [...found].sort((a, b) => a - b).map((i) => this.entries[i]!);
  }

  private firstOfType(indices: readonly number[], type: SuppressionType): SuppressionEntry | null {
    for (const i of indices) {
      const entry = this.entries[i]!;
      if (entry.type === type) return entry;
    }
    return null;
  }

  private hitsOfFrame(frame: Frame, aliases: AliasSet): FrameHits {
    const cache = this.frameHits[aliases];
    let hits = cache.get(frame);
    if (!hits) {
      const [first, ...others] = functionSubjects(frame, aliases);
      const sure = this.hitsOf(first ?? null);
      let all = sure;
      let both = sure;
      for (const other of others) {
        const more = this.hitsOf(other);
        both = both.filter((i) => more.includes(i));
        all = [...new Set([...all, ...more])].sort((a, b) => a - b);
      }
      hits = {
        function: both,
        functionMaybe: all.length === both.length ? NO_HITS : all.filter((i) => !both.includes(i)),
        file: this.hitsOf(frame.file),
        module: this.hitsOf(this.modulePathOf(frame.module)),
      };
      cache.set(frame, hits);
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

/**
 * gcc's libtsan symbolizes an interceptor as `__interceptor_<name>`; clang 19's runtime has
 * both `__interceptor_<name>` and `___interceptor_<name>` at the same address, and which one
 * its symbolizer reports differs from function to function (seen: `__interceptor_free`,
 * `___interceptor_pthread_create`). Both runtimes print the bare name.
 */
function aliasSetOf(report: Report): AliasSet {
  return report.runtime === 'gcc' ? 'gcc' : 'llvm';
}

function functionSubjects(frame: Frame, aliases: AliasSet): string[] {
  const fn = frame.function;
  if (fn === null) return [];
  if (!isInterceptorFrame(frame)) return [fn];
  if (aliases === 'gcc') return [`__interceptor_${fn}`];
  return [`__interceptor_${fn}`, `___interceptor_${fn}`];
}

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
