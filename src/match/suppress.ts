import type { Frame } from '../model/frame.js';
import type { Report } from '../model/report.js';
import type { SuppressionEntry, SuppressionType } from './suppression-file.js';
import { templateMatches } from './template-match.js';

/**
 * Which entry of a suppression file would suppress a report, as TSan decides
 * (tsan_suppressions.cpp):
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
 */
export function suppressedBy(
  report: Report,
  entries: readonly SuppressionEntry[],
): SuppressionEntry | null {
  const type = suppressionType(report);
  if (type === null) return null;
  const typed = entries.filter((e) => e.type === type);
  const top = type === 'race' ? entries.filter((e) => e.type === 'race_top') : [];
  if (typed.length === 0 && top.length === 0) return null;

  const stacks: (readonly Frame[])[] = [
    ...report.accesses.map((a) => a.frames),
    ...report.stacks.filter((s) => s.role !== 'sleep').map((s) => s.frames),
    ...(type === 'thread' ? report.threads.map((t) => t.frames) : []),
  ];
  for (const frames of stacks) {
    for (const frame of frames) {
      const hit = matchFrame(frame, typed);
      if (hit) return hit;
    }
    const first = frames[0];
    if (first && top.length > 0) {
      const hit = matchFrame(first, top);
      if (hit) return hit;
    }
  }
  for (const location of report.locations) {
    if (location.type !== 'global') continue;
    const hit = firstMatch(typed, location.name) ?? firstMatch(typed, location.module);
    if (hit) return hit;
  }
  return null;
}

function matchFrame(frame: Frame, entries: readonly SuppressionEntry[]): SuppressionEntry | null {
  return (
    firstMatch(entries, frame.function) ??
    firstMatch(entries, frame.file) ??
    firstMatch(entries, frame.module)
  );
}

function firstMatch(
  entries: readonly SuppressionEntry[],
  subject: string | null,
): SuppressionEntry | null {
  if (subject === null || subject.length === 0) return null;
  for (const entry of entries) if (templateMatches(entry.pattern, subject)) return entry;
  return null;
}

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
