import { PARSE_SCHEMA_VERSION, type ParseRecord } from '../model/report.js';
import { FRAGMENT_GAP_LINES, MAX_OPEN_REPORTS, STALE_AFTER_LINES } from './assembler-limits.js';
import { FragmentBuilder } from './fragment.js';
import type { LineToken } from './line-token.js';
import { ReportBuilder } from './report-builder.js';
import {
  bestFits,
  headerOwner,
  opensStack,
  type PendingHeader,
  separatorOwner,
} from './report-choice.js';
import { RuntimeMessageBlock, SuppressionHitsBlock } from './runtime-blocks.js';
import { WarningCount } from './warning-count.js';

const OTHER: LineToken = { type: 'other' };

/**
 * Turns the token stream of one input into records. Several reports can be open at once:
 * processes sharing a stream interleave their lines, so each line goes to the open report it
 * fits best (frame numbering, modules, the section expected next). Nothing is dropped: a report
 * cut short is emitted with `truncated`, report-like lines with no headline become a
 * `fragment` diagnostic.
 */
export class StreamAssembler {
  private readonly open: ReportBuilder[] = [];
  private fragment: FragmentBuilder | null = null;
  private runtimeBlock: RuntimeMessageBlock | null = null;
  private suppressionBlock: SuppressionHitsBlock | null = null;
  private pendingSeparator: { readonly report: ReportBuilder; readonly line: number } | null = null;
  private readonly pendingHeaders: PendingHeader[] = [];
  private lastSeparator: number | null = null;
  private lastReportLike = 0;
  private readonly warningCount = new WarningCount();

  constructor(
    private readonly file: string,
    private readonly emit: (record: ParseRecord) => void,
    private readonly pidFromName: number | null = null,
  ) {}

  /** Nothing open: only lines that can start something (INTERESTING_LINE) matter. */
  get idle(): boolean {
    return (
      this.open.length === 0 &&
      this.fragment === null &&
      this.runtimeBlock === null &&
      this.suppressionBlock === null &&
      this.pendingSeparator === null &&
      this.pendingHeaders.length === 0
    );
  }

  /** `text` is the cleaned line, kept only for diagnostics. */
  push(token: LineToken, line: number, text: string): void {
    if (this.outOfPlace(token)) {
      this.push(OTHER, line, text);
      return;
    }
    if (this.suppressionBlock && this.takenBySuppressionBlock(token, line)) return;
    if (this.pendingSeparator) this.settleSeparator(token);
    if (
      this.pendingHeaders.length > 0 &&
      (token.type === 'headline' || token.type === 'separator')
    ) {
      this.settleHeaders();
    }
    switch (token.type) {
      case 'headline':
        this.headline(token.kind, token.pid, line, token.go === true);
        return;
      case 'separator':
        this.separator(line);
        return;
      case 'runtime-message':
        this.endRuntimeBlock();
        this.runtimeBlock = new RuntimeMessageBlock(line, token.text);
        return;
      case 'reported-warnings':
        this.reportedWarnings(token.count, line);
        return;
      case 'suppressions-matched':
        this.endRuntimeBlock();
        this.suppressionBlock = new SuppressionHitsBlock(
          token.pid ?? this.pidFromName,
          token.total,
          line,
        );
        return;
      case 'other':
        this.other(line, text);
        return;
      default:
        break;
    }
    if (this.runtimeBlock && this.takenByRuntimeBlock(token)) return;
    if (this.pendingHeaders.length > 0) {
      if (token.type === 'frame' && token.frame.index === 0) {
        this.settleHeader(this.pendingHeaders.shift()!, token);
      } else if (token.type !== 'frame' && !opensStack(token)) {
        this.settleHeaders();
      }
    }
    const candidates = bestFits(this.open, token, line);
    if (candidates.length > 1 && opensStack(token) && this.pendingHeaders.length < 8) {
      // Headers carry no process identity: the first frame under a header (its module, its
      // runtime's style) says which report it belongs to, so the header waits for it.
      // Processes alternate, so held headers meet first frames in order.
      this.pendingHeaders.push({ token, line, candidates });
      return;
    }
    const target = candidates[0];
    if (target) {
      target.take(token, line);
      return;
    }
    if (token.type === 'blank') return;
    this.addToFragment(token, line);
  }

  /** Go frame lines mean something only in a Go report, hit lines only in a suppressions block. */
  private outOfPlace(token: LineToken): boolean {
    if (token.type === 'go-call' || token.type === 'go-source') return !this.open.some((r) => r.go);
    return token.type === 'suppression-hit' && this.suppressionBlock === null;
  }

  /** End of input: whatever is still open was cut short. */
  finish(): void {
    this.endSuppressionBlock();
    this.settleHeaders();
    if (this.pendingSeparator) this.settleSeparator({ type: 'other' });
    this.endRuntimeBlock();
    this.endFragment();
    for (const report of this.open.splice(0)) this.close(report, true);
  }

  private headline(kind: string, pid: number | null, line: number, go: boolean): void {
    this.endFragment();
    this.endRuntimeBlock();
    const effectivePid = pid ?? this.pidFromName;
    // TSan serialises the reports of one process, so a new headline of the same process means
    // the open one was cut (halt, kill, or a log that lost lines).
    for (const report of [...this.open]) {
      if (report.pid === effectivePid || report.pid === null || effectivePid === null) {
        this.closeOpen(report, true);
      }
    }
    if (this.open.length >= MAX_OPEN_REPORTS) {
      const oldest = this.open.reduce((a, b) => (a.lastTouched <= b.lastTouched ? a : b));
      oldest.diagnose('limit-reached', `more than ${MAX_OPEN_REPORTS} reports open at once`, line);
      this.closeOpen(oldest, true);
    }
    const report = new ReportBuilder(kind, effectivePid, this.file, line, go);
    if (this.lastSeparator !== null && line - this.lastSeparator <= 2) {
      report.openingSeparator = this.lastSeparator;
    }
    this.open.push(report);
  }

  private separator(line: number): void {
    this.lastSeparator = line;
    this.endRuntimeBlock();
    if (this.fragment) {
      this.fragment.end = line;
      this.endFragment();
      return;
    }
    const best = separatorOwner(this.open);
    if (!best) return;
    if (best.hasSummary) {
      best.endLine = line;
      this.closeOpen(best, false);
      return;
    }
    // No SUMMARY (print_summary=0, or a report cut after a blank line): this separator closes
    // the report unless a headline follows at once, which makes it the next report's opening.
    this.pendingSeparator = { report: best, line };
  }

  private settleSeparator(next: LineToken): void {
    const pending = this.pendingSeparator!;
    this.pendingSeparator = null;
    if (next.type === 'headline') return;
    if (this.open.includes(pending.report)) {
      pending.report.endLine = pending.line;
      this.closeOpen(pending.report, false);
    }
  }

  /** The input's last line had no newline: the report that took it may have been cut there. */
  lastLineUnterminated(line: number): void {
    for (const report of this.open) if (report.lastTouched === line) report.lastLineCut = true;
  }

  private reportedWarnings(count: number, line: number): void {
    this.endFragment();
    this.endRuntimeBlock();
    // Printed at process exit, after its last report: that process's open report is complete
    // or cut.
    const mismatch = this.warningCount.check(count, this.open.length, this.file, line);
    if (mismatch)
      this.emit({ type: 'diagnostic', schemaVersion: PARSE_SCHEMA_VERSION, ...mismatch });
  }

  private other(line: number, text: string): void {
    // A header announced a stack and the next line is not a frame: a frame format we cannot
    // read (a custom stack_trace_format) or a damaged stream. Say so rather than lose it.
    for (const report of this.open) {
      if (report.awaitsFirstFrame) {
        report.take({ type: 'unrecognized', text }, line);
        report.noteUnexpected(line);
        break;
      }
    }
    if (this.fragment && line - this.lastReportLike > FRAGMENT_GAP_LINES) this.endFragment();
    if (this.runtimeBlock && line - this.runtimeBlock.line > FRAGMENT_GAP_LINES) {
      this.endRuntimeBlock();
    }
    for (const report of [...this.open]) {
      if (line - report.lastTouched > STALE_AFTER_LINES) this.closeOpen(report, true);
    }
  }

  /** Gives every held header to its first candidate. */
  private settleHeaders(): void {
    for (const pending of this.pendingHeaders.splice(0))
      this.settleHeader(pending, { type: 'other' });
  }

  /** Gives a held header to the report its first frame points at. */
  private settleHeader(pending: PendingHeader, next: LineToken): void {
    headerOwner(pending, this.open, next)?.take(pending.token, pending.line);
  }

  /** Hit lines (`<hits> <type>:<pattern>`) belong to the open block until their sum is read. */
  private takenBySuppressionBlock(token: LineToken, line: number): boolean {
    const block = this.suppressionBlock!;
    if (!block.take(token, line)) {
      this.endSuppressionBlock();
      return false;
    }
    if (block.complete) this.endSuppressionBlock();
    return true;
  }

  private endSuppressionBlock(): void {
    const block = this.suppressionBlock;
    if (!block) return;
    this.suppressionBlock = null;
    this.emit(block.record(this.file));
  }

  /** Frames, blank lines and the SUMMARY after a runtime error (e.g. a TSan SEGV) are its own. */
  private takenByRuntimeBlock(token: LineToken): boolean {
    if (token.type === 'summary') {
      this.endRuntimeBlock();
      return true;
    }
    return this.runtimeBlock!.take(token);
  }

  private endRuntimeBlock(): void {
    const block = this.runtimeBlock;
    if (!block) return;
    this.runtimeBlock = null;
    this.emit({
      type: 'diagnostic',
      schemaVersion: PARSE_SCHEMA_VERSION,
      ...block.diagnostic(this.file),
    });
  }

  private addToFragment(token: LineToken, line: number): void {
    this.lastReportLike = line;
    if (!this.fragment) this.fragment = new FragmentBuilder(line);
    this.fragment.add(token, line);
  }

  private endFragment(): void {
    const fragment = this.fragment;
    if (!fragment) return;
    this.fragment = null;
    this.emit(fragment.record(this.file));
    this.warningCount.noteReport();
  }

  private closeOpen(report: ReportBuilder, truncated: boolean): void {
    const at = this.open.indexOf(report);
    if (at !== -1) this.open.splice(at, 1);
    this.close(report, truncated);
  }

  private close(report: ReportBuilder, cut: boolean): void {
    this.warningCount.noteReport(report.pid);
    // SUMMARY is the last line of a report's body: one that printed it lost only its separator,
    // unless that line itself was cut at the end of the input.
    this.emit(report.build(report.lastLineCut || (cut && !report.hasSummary)));
  }
}
