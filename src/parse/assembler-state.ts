import type { FragmentBuilder } from './fragment.js';
import type { ReportBuilder } from './report-builder.js';
import type { PendingHeader } from './report-choice.js';
import type { RuntimeMessageBlock, SuppressionHitsBlock } from './runtime-blocks.js';

/*
 * What the stream assembler is in the middle of, besides its open reports. Three machines that
 * can be in any state at once (a fragment can run on around a runtime block; held headers can
 * outlive the reports they fit), each in exactly one state of its own.
 */

/**
 * A block the runtime prints that is not a report. At most one is open: the head of either kind
 * ends the other, and any line but a hit line ends a suppressions block.
 */
export type BlockState =
  /** No block open. */
  | { readonly kind: 'none' }
  /**
   * A runtime error (`==PID==ERROR: ThreadSanitizer: SEGV ...`, `CHECK failed`). Waits for its
   * frames and blank lines; its SUMMARY ends it, and so does the head of another block or
   * FRAGMENT_GAP_LINES lines of other output. A headline, separator or `reported N warnings`
   * ends it too, unless its process is known and the line is not that process's (open-block.ts).
   */
  | { readonly kind: 'runtime-message'; readonly block: RuntimeMessageBlock }
  /**
   * `ThreadSanitizer: Matched N suppressions (pid=N):`. Waits for hit lines until their counts
   * add up to N; any other line ends it.
   */
  | { readonly kind: 'suppressions'; readonly block: SuppressionHitsBlock };

/**
 * A decision about lines already read that the next lines make. At most one at a time: a
 * separator is decided by the very next line, and headers are held only after that.
 */
export type PendingDecision =
  /** Nothing waits. */
  | { readonly kind: 'none' }
  /**
   * A separator after a report with no SUMMARY (print_summary=0, or cut after a blank line):
   * it closes that report unless the next line is a headline, whose opening it then is. The
   * next line, whatever it is, ends the wait.
   */
  | { readonly kind: 'separator'; readonly report: ReportBuilder; readonly line: number }
  /**
   * Section headers that fit several open reports equally well (headers carry no process
   * identity). Each waits for the first frame under it (`#0`), whose module and style say whose
   * it is; processes alternate, so held headers meet first frames in order. A headline, a
   * separator, or a line no stack holds gives the rest to their first candidates.
   */
  | { readonly kind: 'headers'; readonly headers: PendingHeader[] };

/**
 * Report-like lines with no headline before them (an input that starts part-way through a
 * report). Only while no report is open: a headline ends it, and so does a separator or
 * FRAGMENT_GAP_LINES lines that are not report-like.
 */
export type FragmentState =
  | { readonly kind: 'none' }
  | { readonly kind: 'open'; readonly builder: FragmentBuilder };

export const NO_BLOCK: BlockState = { kind: 'none' };
export const NOTHING_PENDING: PendingDecision = { kind: 'none' };
export const NO_FRAGMENT: FragmentState = { kind: 'none' };
