import type { Diagnostic, DiagnosticCode } from '../model/diagnostic.js';
import { PARSE_SCHEMA_VERSION, type ParseRecord } from '../model/report.js';
import { FragmentBuilder } from './fragment.js';
import type { LineToken } from './line-token.js';
import { ReportBuilder } from './report-builder.js';
import { bestFits, opensStack } from './report-choice.js';
import { frameAffinity } from './report-fitness.js';
import { RuntimeMessageBlock, SuppressionHitsBlock } from './runtime-blocks.js';

const OTHER: LineToken = { type: 'other' };

/** Reports open at once (processes interleaving in one stream); more are closed oldest first. */
const MAX_OPEN_REPORTS = 16;
/** A report that took no line for this long is closed as cut short. */
const STALE_AFTER_LINES = 200;
/** A fragment ends after this many lines that are not report-like. */
const FRAGMENT_GAP_LINES = 50;

interface PendingHeader {
  readonly token: LineToken;
  readonly line: number;
  readonly candidates: readonly ReportBuilder[];
}

/** An open `print_suppressions=1` block: its hit lines follow the header. */
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
  /** Reports (and fragments) read since the last `ThreadSanitizer: reported N warnings`. */
  private sinceReportedLine = 0;
  private pidsSinceReportedLine = new Set<number | null>();

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
    // A Go frame line means something only inside a Go report: elsewhere it is program output.
    if ((token.type === 'go-call' || token.type === 'go-source') && !this.open.some((r) => r.go)) {
      this.push(OTHER, line, text);
      return;
    }
    // A hit line means something only inside a print_suppressions=1 block.
    if (token.type === 'suppression-hit' && this.suppressionBlock === null) {
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
    // The closing separator ends the report that is at a boundary, preferring one that has
    // printed its SUMMARY. Otherwise it is the opening separator of the next report.
    let best: ReportBuilder | null = null;
    for (const report of this.open) {
      if (!report.atBoundary && !report.hasSummary) continue;
      if (
        !best ||
        (report.hasSummary && !best.hasSummary) ||
        (report.hasSummary === best.hasSummary && report.lastTouched > best.lastTouched)
      ) {
        best = report;
      }
    }
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
    // or cut; only a single-process stretch can be checked against the count.
    const pids = this.pidsSinceReportedLine;
    if (pids.size === 1 && this.open.length === 0 && this.sinceReportedLine !== count) {
      this.diagnostic(
        'report-count-mismatch',
        `the runtime reported ${count} warnings here, but ${this.sinceReportedLine} reports were read since the previous count; some report lines are missing from this input`,
        line,
      );
    }
    this.sinceReportedLine = 0;
    this.pidsSinceReportedLine = new Set();
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
    const alive = pending.candidates.filter((r) => this.open.includes(r));
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
    chosen?.take(pending.token, pending.line);
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
    this.sinceReportedLine++;
  }

  private closeOpen(report: ReportBuilder, truncated: boolean): void {
    const at = this.open.indexOf(report);
    if (at !== -1) this.open.splice(at, 1);
    this.close(report, truncated);
  }

  private close(report: ReportBuilder, cut: boolean): void {
    this.sinceReportedLine++;
    this.pidsSinceReportedLine.add(report.pid);
    // SUMMARY is the last line of a report's body: one that printed it lost only its separator,
    // unless that line itself was cut at the end of the input.
    this.emit(report.build(report.lastLineCut || (cut && !report.hasSummary)));
  }

  private diagnostic(code: DiagnosticCode, message: string, line: number, endLine?: number): void {
    const diagnostic: Diagnostic = {
      code,
      message,
      file: this.file,
      line,
      ...(endLine !== undefined && endLine !== line ? { endLine } : {}),
    };
    this.emit({ type: 'diagnostic', schemaVersion: PARSE_SCHEMA_VERSION, ...diagnostic });
  }
}
