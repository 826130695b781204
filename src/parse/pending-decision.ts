import { MAX_HELD_HEADERS } from './assembler-limits.js';
import { NOTHING_PENDING, type PendingDecision } from './assembler-state.js';
import type { LineToken } from './line-token.js';
import type { ReportBuilder } from './report-builder.js';
import { headerOwner, opensStack, type PendingHeader } from './report-choice.js';

/** What settling a decision may do to the open reports. */
export interface PendingContext {
  readonly open: readonly ReportBuilder[];
  /** Closes an open report that ended (not cut). */
  closeComplete(report: ReportBuilder): void;
}

/**
 * The decision that still waits once `next` is read, after doing what `next` decided. Runs
 * before `next` itself is placed, so a header held for its first frame is placed before it.
 */
export function settle(
  pending: PendingDecision,
  next: LineToken,
  context: PendingContext,
): PendingDecision {
  switch (pending.kind) {
    case 'none':
      return pending;
    case 'separator':
      // A headline right after the separator: it was that report's opening one.
      if (next.type !== 'headline' && context.open.includes(pending.report)) {
        pending.report.endLine = pending.line;
        context.closeComplete(pending.report);
      }
      return NOTHING_PENDING;
    case 'headers':
      return settleHeaders(pending, next, context.open);
  }
}

/** End of input: every held header goes to its first candidate, a held separator closes. */
export function settleAtEnd(pending: PendingDecision, context: PendingContext): PendingDecision {
  if (pending.kind === 'headers') {
    giveAll(pending.headers, context.open);
    return NOTHING_PENDING;
  }
  return settle(pending, { type: 'other' }, context);
}

/** Holds one more header, or says it cannot (too many held: it goes to its first candidate). */
export function hold(pending: PendingDecision, header: PendingHeader): PendingDecision | null {
  if (pending.kind === 'none') return { kind: 'headers', headers: [header] };
  if (pending.kind !== 'headers' || pending.headers.length >= MAX_HELD_HEADERS) return null;
  pending.headers.push(header);
  return pending;
}

function settleHeaders(
  pending: PendingDecision & { readonly kind: 'headers' },
  next: LineToken,
  open: readonly ReportBuilder[],
): PendingDecision {
  const headers = pending.headers;
  switch (next.type) {
    case 'headline':
    case 'separator':
      giveAll(headers, open);
      return NOTHING_PENDING;
    // Lines that are no report's: the headers keep waiting for their frames.
    case 'runtime-message':
    case 'reported-warnings':
    case 'suppressions-matched':
    case 'other':
      return pending;
    case 'frame': {
      if (next.frame.index !== 0) return pending;
      const first = headers.shift();
      if (first) give(first, open, next);
      return headers.length > 0 ? pending : NOTHING_PENDING;
    }
    default:
      // Another header waits its turn; any other line means no frame is coming.
      if (opensStack(next)) return pending;
      giveAll(headers, open);
      return NOTHING_PENDING;
  }
}

function giveAll(headers: readonly PendingHeader[], open: readonly ReportBuilder[]): void {
  for (const header of headers) give(header, open, { type: 'other' });
}

/** Gives a held header to the report its first frame points at. */
function give(header: PendingHeader, open: readonly ReportBuilder[], next: LineToken): void {
  headerOwner(header, open, next)?.take(header.token, header.line);
}
