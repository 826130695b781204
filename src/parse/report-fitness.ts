import type { Frame } from '../model/frame.js';
import type { Location, Runtime } from '../model/report.js';
import type { ReportFamily } from '../model/report-kinds.js';
import { WEIGHT } from './interleave-weights.js';
import type { LineToken, LineTokenType } from './line-token.js';
import { isSharedModule, type ReportMentions } from './report-mentions.js';
import { runtimeAgreement } from './runtime-evidence.js';

/** What the scoring reads of an open report: where it stands, and what it has seen. */
export interface ReportPosition {
  readonly kind: string;
  readonly family: ReportFamily;
  readonly go: boolean;
  readonly lastType: LineTokenType;
  readonly atBoundary: boolean;
  readonly expectsBlank: boolean;
  /** A stack takes frames (a header opened it and no blank line closed it). */
  readonly stackOpen: boolean;
  /** A stack was opened, open or interrupted by a blank line. */
  readonly hasStack: boolean;
  /** The frame number that continues the current stack. */
  readonly nextIndex: number;
  readonly accessCount: number;
  readonly hasCycle: boolean;
  readonly hasSummary: boolean;
  readonly runtime: Runtime;
  /** The racing address, modules, threads and mutexes it named (report-mentions.ts). */
  readonly mentions: Readonly<ReportMentions>;
  /** The frames of the report's first stack that has any. */
  readonly firstFrames: readonly Frame[] | null;
}

/**
 * How well a line fits a report where it stands; the assembler gives the line to the best fit
 * among the open reports (several processes writing to one stream). Weights: WEIGHT.
 */
export function fitness(report: ReportPosition, token: LineToken): number {
  const family = report.family;
  const boundary = report.atBoundary ? WEIGHT.atBoundary : 0;
  switch (token.type) {
    case 'go-call':
      if (!report.go) return WEIGHT.impossible;
      return WEIGHT.goCall + (report.stackOpen ? WEIGHT.goCallInOpenStack : 0);
    case 'go-source':
      return report.go && report.lastType === 'go-call'
        ? WEIGHT.goSourceAfterCall
        : WEIGHT.impossible;
    case 'frame':
      if (report.go) return WEIGHT.impossible;
      return frameScore(report, token.frame) + frameAffinity(report, token.frame, token.arch);
    case 'blank':
      return report.expectsBlank ? WEIGHT.expectedBlank : WEIGHT.otherBlank;
    case 'summary':
      if (report.hasSummary) return WEIGHT.secondSummary;
      return (
        WEIGHT.summary +
        (token.text.startsWith(report.kind) ? WEIGHT.summaryKind : -WEIGHT.summaryKind) +
        summaryAffinity(report, token.text)
      );
    case 'access': {
      if (family !== 'race' && family !== 'unknown') return WEIGHT.impossible;
      const expected = token.header.previous === report.accessCount > 0;
      const order = expected ? WEIGHT.accessOrder : -WEIGHT.accessOrder;
      const address =
        report.mentions.raceAddress === null || token.header.address === null
          ? 0
          : token.header.address === report.mentions.raceAddress
            ? WEIGHT.sameRaceAddress
            : WEIGHT.otherRaceAddress;
      return WEIGHT.access + boundary + order + address;
    }
    // Sections that only some kinds print: a line never goes to a report that cannot hold it.
    case 'cycle':
      return family === 'deadlock' && !report.hasCycle ? WEIGHT.kindOnlySection : WEIGHT.impossible;
    case 'hint':
      return family === 'deadlock' ? WEIGHT.kindOnlySection : WEIGHT.impossible;
    case 'similar-leaks':
      return family === 'thread' ? WEIGHT.kindOnlySection : WEIGHT.impossible;
    case 'sleep':
      return family === 'race' || family === 'unknown'
        ? WEIGHT.section + boundary
        : WEIGHT.impossible;
    case 'and':
      return family === 'mutex' || family === 'unknown'
        ? WEIGHT.section + boundary
        : WEIGHT.impossible;
    case 'signal-handler':
      return family === 'signal' || family === 'unknown'
        ? WEIGHT.kindOnlySection
        : WEIGHT.impossible;
    case 'location':
      if (family === 'deadlock' || family === 'thread') return WEIGHT.impossible;
      return WEIGHT.section + boundary + locationAffinity(report, token.location);
    case 'mutex':
      if (family === 'deadlock' || family === 'thread') return WEIGHT.impossible;
      return WEIGHT.section + boundary + idAffinity(token.header.id, report.mentions.mutexIds);
    case 'thread':
      return WEIGHT.section + boundary + idAffinity(token.header.id, report.mentions.threadIds);
    case 'edge':
      if (family !== 'deadlock') return WEIGHT.impossible;
      return (
        WEIGHT.section + boundary + idAffinity(token.header.edge.acquired, report.mentions.mutexIds)
      );
    case 'failed-restore':
      return report.stackOpen ? WEIGHT.failedRestoreInStack : WEIGHT.failedRestoreOutside;
    default:
      return WEIGHT.other + boundary;
  }
}

/** Where a frame would land in the report's stacks. */
function frameScore(report: ReportPosition, frame: Frame): number {
  if (report.stackOpen) {
    return frame.index === report.nextIndex ? WEIGHT.nextFrameInOpenStack : WEIGHT.frameInOpenStack;
  }
  if (report.hasStack && frame.index > 0 && frame.index === report.nextIndex) {
    return WEIGHT.stackResumed;
  }
  return frame.index === 0 && report.lastType !== 'blank'
    ? WEIGHT.firstFrameAfterHeader
    : WEIGHT.strayFrame;
}

/** How much a frame looks like the report's process: its modules and its runtime's style. */
export function frameAffinity(report: ReportPosition, frame: Frame, arch = false): number {
  return moduleAndStyleAffinity(report.mentions.modules, report.runtime, frame, arch);
}

/** The same, for any stack's modules and runtime (a runtime error's block has them too). */
export function moduleAndStyleAffinity(
  modules: ReadonlySet<string>,
  runtime: Runtime,
  frame: Frame,
  arch: boolean,
): number {
  let score = 0;
  if (frame.module !== null && modules.size > 0 && !isSharedModule(frame.module)) {
    score += modules.has(frame.module) ? WEIGHT.knownModule : WEIGHT.unknownModule;
  }
  return score + WEIGHT.runtimeStyle * runtimeAgreement(frame, arch, runtime);
}

/** SUMMARY names a frame of the report (the first user frame of its first stack). */
function summaryAffinity(report: ReportPosition, text: string): number {
  const first = report.firstFrames;
  if (!first) return 0;
  for (const frame of first.slice(0, 8)) {
    if (frame.function !== null && text.endsWith(` in ${frame.function}`)) {
      return WEIGHT.summaryNamesFrame;
    }
  }
  return WEIGHT.summaryNamesOtherFrame;
}

/** An id the report mentioned and has not described yet fits; one it described does not. */
function idAffinity(id: string, ids: ReadonlyMap<string, boolean>): number {
  const described = ids.get(id);
  if (described === undefined) return ids.size > 0 ? WEIGHT.unmentionedId : 0;
  return described ? WEIGHT.describedId : WEIGHT.mentionedId;
}

/** A location that holds the racing address fits. */
function locationAffinity(report: ReportPosition, location: Location): number {
  if (report.mentions.raceAddress === null || location.type === 'stack' || location.type === 'tls')
    return 0;
  if (location.type === 'fd' || location.address === null) return 0;
  const race = BigInt(report.mentions.raceAddress);
  const start = BigInt(location.address);
  const size = BigInt(location.size ?? 1);
  return race >= start && race < start + (size > 0n ? size : 1n)
    ? WEIGHT.locationHoldsAddress
    : WEIGHT.locationElsewhere;
}
