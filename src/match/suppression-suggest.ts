import type { Frame } from '../model/frame.js';
import type { Report } from '../model/report.js';
import { isRuntimeFrame } from '../triage/runtime-frames.js';
import type { SuppressionEntry, SuppressionType } from './suppression-file.js';
import { SuppressionMatcher, suppressionType } from './suppression-matcher.js';
import { templateMatches } from './template-match.js';

/** Names a suggested pattern must never match: suppressing them hides a whole program. */
const NEVER_SUPPRESSED = ['main'];

export interface SuggestOptions {
  /** Suggest lines for use-after-free reports too (off: those are memory errors to fix). */
  readonly allowUseAfterFree?: boolean;
}

/** Distinct report shapes kept per group to verify candidates against. */
const MAX_SHAPES_PER_GROUP = 256;

/** The group a suggestion is for, as the caller knows it. */
export interface SuggestionTarget {
  readonly id: string;
  readonly title: string;
  readonly count: number;
  /** Function names of the group's anchor frames, most telling first. */
  readonly anchorFunctions: readonly string[];
}

export type Suggestion =
  | {
      readonly found: true;
      readonly target: SuggestionTarget;
      readonly type: SuppressionType;
      readonly pattern: string;
      /** Ready to append to a suppression file: a comment line and the entry. */
      readonly text: string;
      /** Distinct report shapes of the group the line was verified against. */
      readonly verifiedShapes: number;
      /** Some shapes of a large group were not kept: verification covered the ones kept. */
      readonly partial: boolean;
    }
  | {
      readonly found: false;
      readonly target: SuggestionTarget;
      readonly reason: string;
    };

interface GroupShapes {
  readonly reports: Report[];
  readonly keys: Set<string>;
  overflow: boolean;
}

/**
 * Proposes, per group, the narrowest suppression line that suppresses every report seen in the
 * group and no report of any other group. Each candidate is checked with the runtime's exact
 * matching against every distinct report shape seen (frames the runtime would consult), so a
 * proposal is a fact about these logs, not a guess.
 */
export class SuppressionSuggester {
  private readonly shapes = new Map<string, GroupShapes>();
  private readonly frameIds = new WeakMap<Frame, number>();
  private nextFrameId = 0;

  add(report: Report, groupId: string): void {
    let group = this.shapes.get(groupId);
    if (!group) {
      group = { reports: [], keys: new Set(), overflow: false };
      this.shapes.set(groupId, group);
    }
    const key = this.shapeKey(report);
    if (group.keys.has(key)) return;
    if (group.reports.length >= MAX_SHAPES_PER_GROUP) {
      group.overflow = true;
      return;
    }
    group.keys.add(key);
    group.reports.push(report);
  }

  suggest(target: SuggestionTarget, options: SuggestOptions = {}): Suggestion {
    const own = this.shapes.get(target.id);
    const sample = own?.reports[0];
    if (!own || !sample)
      return { found: false, target, reason: 'no report of this group was seen' };
    if (sample.kindId.startsWith('heap-use-after-free') && options.allowUseAfterFree !== true)
      return {
        found: false,
        target,
        reason:
          'a heap-use-after-free is a memory error, not a benign race: fix it rather than suppress it (--allow-use-after-free suggests a line anyway)',
      };
    const type = suppressionType(sample);
    if (type === null) {
      return {
        found: false,
        target,
        reason: `TSan has no suppression type for "${sample.kind}" reports`,
      };
    }
    const others: Report[] = [];
    for (const [id, group] of this.shapes) if (id !== target.id) others.push(...group.reports);
    for (const [candidateType, pattern] of candidates(sample, type, target.anchorFunctions)) {
      // `race_top:^main$` would hide every race whose stack tops out in main.
      if (NEVER_SUPPRESSED.some((name) => templateMatches(pattern, name))) continue;
      const entry: SuppressionEntry = {
        type: candidateType,
        pattern,
        file: '<suggested>',
        line: 1,
      };
      const matcher = new SuppressionMatcher([entry]);
      if (!own.reports.every((r) => matcher.creditedEntry(r) !== null)) continue;
      if (others.some((r) => matcher.creditedEntry(r) !== null)) continue;
      return {
        found: true,
        target,
        type: candidateType,
        pattern,
        text: `# racelens ${target.id}: ${target.title} (${target.count} report${target.count === 1 ? '' : 's'})\n${candidateType}:${pattern}\n`,
        verifiedShapes: own.reports.length,
        partial: own.overflow,
      };
    }
    return {
      found: false,
      target,
      reason:
        'every candidate line (the functions, files and globals of its stacks) also suppresses a report of another group, or misses one of its own',
    };
  }

  /** Identity of the frames and globals the runtime would consult, by shared frame objects. */
  private shapeKey(report: Report): string {
    const parts: string[] = [report.family];
    const stacks = [
      ...report.accesses.map((a) => a.frames),
      ...report.stacks.map((s) => s.frames),
      ...report.threads.map((t) => t.frames),
    ];
    for (const frames of stacks) {
      parts.push('|');
      for (const frame of frames) parts.push(String(this.frameId(frame)));
    }
    for (const location of report.locations) {
      if (location.type === 'global') parts.push(`g${location.name}`);
    }
    return parts.join(',');
  }

  private frameId(frame: Frame): number {
    let id = this.frameIds.get(frame);
    if (id === undefined) {
      id = this.nextFrameId++;
      this.frameIds.set(frame, id);
    }
    return id;
  }
}

/**
 * Candidate lines, narrowest and most telling first: `race_top:` on the anchor function when
 * it tops a stack, then exact names of the anchor and other program frames of the consulted
 * stacks, then the raced-on global.
 */
function* candidates(
  report: Report,
  type: SuppressionType,
  anchorFunctions: readonly string[],
): Generator<[SuppressionType, string]> {
  const stacks = consulted(report, type);
  const programFunctions = (frames: readonly Frame[]) =>
    frames.filter((f) => f.function !== null && !isRuntimeFrame(f)).map((f) => f.function!);
  const tops = stacks.map((frames) => frames[0]?.function ?? null).filter((f) => f !== null);
  const all = stacks.flatMap(programFunctions);
  const ordered = unique([...anchorFunctions.filter((f) => all.includes(f)), ...all]);
  const patterns = ordered
    .map((fn) => [fn, exactName(fn)] as const)
    .filter((p): p is readonly [string, string] => p[1] !== null);
  if (type === 'race') {
    for (const [fn, pattern] of patterns) if (tops.includes(fn)) yield ['race_top', pattern];
  }
  for (const [, pattern] of patterns) yield [type, pattern];
  for (const location of report.locations) {
    if (location.type === 'global' && !location.artifact) yield [type, `^${location.name}$`];
  }
}

function consulted(report: Report, type: SuppressionType): (readonly Frame[])[] {
  return [
    ...report.accesses.map((a) => a.frames),
    ...report.stacks.filter((s) => s.role !== 'sleep').map((s) => s.frames),
    ...(type === 'thread' ? report.threads.map((t) => t.frames) : []),
  ];
}

/**
 * The narrowest pattern for a function: the exact name, except that a C++ name stops after
 * its opening parenthesis, so a change of parameter types keeps it working. A name holding
 * `*` or `$` (which the runtime cannot escape) is cut before them.
 */
function exactName(fn: string): string | null {
  const paren = fn.indexOf('(');
  const meta = fn.search(/[*$]/);
  if (meta === 0) return null;
  if (meta !== -1 && (paren === -1 || meta < paren)) return `^${fn.slice(0, meta)}`;
  if (paren > 0) return `^${fn.slice(0, paren + 1)}`;
  return `^${fn}$`;
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
