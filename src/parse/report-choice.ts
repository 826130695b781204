import { WEIGHT } from './interleave-weights.js';
import type { LineToken } from './line-token.js';
import type { ReportBuilder } from './report-builder.js';
import { fitness, frameAffinity } from './report-fitness.js';
import type { RuntimeMessageBlock } from './runtime-blocks.js';

/** Reports touched within this many lines are being written now. */
const RECENT_LINES = 8;

/**
 * Ties between reports that fit a line equally well. A report that has taken no line since
 * the newest report began, while that one has taken two, is presumed cut (its process died)
 * and loses. Otherwise the report that waited longest wins (processes that share a stream
 * alternate line by line), except for blank lines, which go to the latest writer.
 */
function winsTie(
  token: LineToken,
  candidate: ReportBuilder,
  best: ReportBuilder,
  newest: ReportBuilder,
): boolean {
  const candidateCut = presumedCut(candidate, newest);
  const bestCut = presumedCut(best, newest);
  if (candidateCut !== bestCut) return bestCut;
  // A blank line most often ends what its own process just wrote.
  if (token.type === 'blank') return candidate.lastTouched > best.lastTouched;
  return candidate.lastTouched < best.lastTouched;
}

/** Section headers that a stack follows. */
export function opensStack(token: LineToken): boolean {
  switch (token.type) {
    case 'access':
    case 'mutex':
    case 'edge':
    case 'sleep':
    case 'and':
    case 'signal-handler':
      return true;
    case 'thread':
      return token.header.hasStack;
    case 'location':
      return token.location.type === 'heap' || token.location.type === 'fd';
    default:
      return false;
  }
}

function presumedCut(report: ReportBuilder, newest: ReportBuilder): boolean {
  if (report === newest || report.lastTouched >= newest.line) return false;
  // Nothing since the newest report's own opening separator: that process began a report
  // after this one stopped. (Interleaved processes print both separators before the headlines.)
  if (newest.openingSeparator !== null && report.lastTouched < newest.openingSeparator) return true;
  return newest.linesTaken >= 2;
}

/** The open reports that fit a line best, the tie-break's winner first. */
export function bestFits(
  open: readonly ReportBuilder[],
  token: LineToken,
  line: number,
): ReportBuilder[] {
  if (open.length <= 1) return open.slice();
  const newest = open.reduce((a, b) => (a.line >= b.line ? a : b));
  let best: ReportBuilder[] = [];
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const report of open) {
    // A report that has been silent for a while (a process that died mid-report) loses
    // to the ones being written now.
    // A report that has taken nothing since a newer one began is likely cut: it keeps only
    // the lines that fit it clearly better.
    const score =
      fitness(report, token) +
      (line - report.lastTouched > RECENT_LINES ? WEIGHT.silent : 0) +
      (presumedCut(report, newest) ? WEIGHT.presumedCut : 0);
    if (score > bestScore) {
      best = [report];
      bestScore = score;
    } else if (score === bestScore) {
      best.push(report);
    }
  }
  return best.sort((a, b) =>
    winsTie(token, a, b, newest) ? -1 : winsTie(token, b, a, newest) ? 1 : 0,
  );
}

/** A section header held until the first frame under it says which report it belongs to. */
export interface PendingHeader {
  readonly token: LineToken;
  readonly line: number;
  readonly candidates: readonly ReportBuilder[];
}

/** The report, still open, whose frames the header's first frame looks most like. */
export function headerOwner(
  pending: PendingHeader,
  open: readonly ReportBuilder[],
  next: LineToken,
): ReportBuilder | undefined {
  const alive = pending.candidates.filter((r) => open.includes(r));
  let chosen = alive[0];
  if (next.type === 'frame') {
    let bestAffinity = Number.NEGATIVE_INFINITY;
    for (const report of alive) {
      const affinity = frameAffinity(report, next.frame, next.arch);
      if (affinity > bestAffinity) {
        bestAffinity = affinity;
        chosen = report;
      }
    }
  }
  return chosen;
}

/**
 * The report a separator closes: one at a section boundary, preferring one that has printed
 * its SUMMARY, then the latest written. None: it is the opening separator of the next report.
 */
export function separatorOwner(open: readonly ReportBuilder[]): ReportBuilder | null {
  let best: ReportBuilder | null = null;
  for (const report of open) {
    if (!report.atBoundary && !report.hasSummary) continue;
    if (
      !best ||
      (report.hasSummary && !best.hasSummary) ||
      (report.hasSummary === best.hasSummary && report.lastTouched > best.lastTouched)
    ) {
      best = report;
    }
  }
  return best;
}

/**
 * Whether a runtime error's block takes a frame, blank line or SUMMARY that an open report of
 * another process (the pids say so) could own instead: the block must fit it better, or as
 * well and have waited longer (processes that share a stream alternate line by line).
 */
export function blockWins(
  block: RuntimeMessageBlock,
  open: readonly ReportBuilder[],
  token: LineToken,
): boolean {
  const score = block.fitness(token);
  for (const report of open) {
    if (report.pid === null || report.pid === block.pid) continue;
    const theirs = fitness(report, token);
    if (theirs > score || (theirs === score && report.lastTouched < block.lastTouched)) {
      return false;
    }
  }
  return true;
}
