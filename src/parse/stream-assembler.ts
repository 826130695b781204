import { PARSE_SCHEMA_VERSION, type ParseRecord } from '../model/report.js';
import { FRAGMENT_GAP_LINES, MAX_OPEN_REPORTS, STALE_AFTER_LINES } from './assembler-limits.js';
import {
  type FragmentState,
  NO_FRAGMENT,
  NOTHING_PENDING,
  type PendingDecision,
} from './assembler-state.js';
import { FragmentBuilder } from './fragment.js';
import type { LineToken } from './line-token.js';
import { OpenBlock } from './open-block.js';
import { hold, type PendingContext, settle, settleAtEnd } from './pending-decision.js';
import { ReportBuilder } from './report-builder.js';
import { bestFits, opensStack, separatorOwner } from './report-choice.js';
import { WarningCount, type WarningCounter } from './warning-count.js';

const OTHER: LineToken = { type: 'other' };

/**
 * Turns the token stream of one input into records. Several reports can be open at once:
 * processes sharing a stream interleave their lines, so each line goes to the open report it
 * fits best (frame numbering, modules, the section expected next). Nothing is dropped: a report
 * cut short is emitted with `truncated`, report-like lines with no headline become a
 * `fragment` diagnostic.
 *
 * Each line passes four steps in this order (`push`): the open block takes its own lines; the
 * pending decision is settled; a line that starts or ends something does so; any other line
 * goes to the report it fits best, or is held, or joins a fragment. The states: assembler-state.ts.
 */
export class StreamAssembler implements PendingContext {
  readonly open: ReportBuilder[] = [];
  private readonly block: OpenBlock;
  private pending: PendingDecision = NOTHING_PENDING;
  private fragment: FragmentState = NO_FRAGMENT;
  private lastSeparator: number | null = null;
  private lastReportLike = 0;

  /**
   * `warningCount` checks the runtime's `reported N warnings`; a segment of a log parsed in a
   * worker passes one that records the counts instead, for the thread that sees the whole log.
   */
  constructor(
    private readonly file: string,
    private readonly emit: (record: ParseRecord) => void,
    private readonly pidFromName: number | null = null,
    private readonly warningCount: WarningCounter = new WarningCount(),
  ) {
    this.block = new OpenBlock(file, emit);
  }

  /** Nothing open: only lines that can start something (INTERESTING_LINE) matter. */
  get idle(): boolean {
    return (
      this.open.length === 0 &&
      this.block.kind === 'none' &&
      this.pending.kind === 'none' &&
      this.fragment.kind === 'none'
    );
  }

  /**
   * Equal for two assemblers after `line` when they will treat every later line alike: both
   * idle, with the same separator for a headline right after to claim (see headline()); null
   * when not idle. Segments of a log parsed apart are stitched where their keys agree.
   */
  syncKey(line: number): number | null {
    if (!this.idle) return null;
    const separator = this.lastSeparator;
    return separator !== null && separator >= line - 1 ? separator : -1;
  }

  /**
   * `text` is the cleaned line, kept only for diagnostics; `pid` is from its `==PID==` prefix,
   * which the runtime prints on its own messages (never on report bodies).
   */
  push(token: LineToken, line: number, text: string, pid: number | null = null): void {
    const placed = this.outOfPlace(token) ? OTHER : token;
    if (this.block.kind !== 'none' && this.block.takes(placed, line, this.open)) return;
    if (this.pending.kind !== 'none') this.pending = settle(this.pending, placed, this);
    if (this.startsOrEnds(placed, line, text, pid)) return;
    this.place(placed, line);
  }

  /** End of input: whatever is still open was cut short. */
  finish(): void {
    if (this.block.kind === 'suppressions') this.block.end();
    this.pending = settleAtEnd(this.pending, this);
    this.block.end();
    this.endFragment();
    for (const report of this.open.splice(0)) this.close(report, true);
  }

  /** The input's last line had no newline: the report that took it may have been cut there. */
  lastLineUnterminated(line: number): void {
    for (const report of this.open) if (report.lastTouched === line) report.lastLineCut = true;
  }

  closeComplete(report: ReportBuilder): void {
    this.closeOpen(report, false);
  }

  /** Go frame lines mean something only in a Go report, hit lines only in a suppressions block. */
  private outOfPlace(token: LineToken): boolean {
    if (token.type === 'go-call' || token.type === 'go-source') return !this.open.some((r) => r.go);
    return token.type === 'suppression-hit' && this.block.kind !== 'suppressions';
  }

  /** Step 3: lines that start or end a report or a block. False for every other line. */
  private startsOrEnds(token: LineToken, line: number, text: string, pid: number | null): boolean {
    switch (token.type) {
      case 'headline':
        this.headline(token.kind, token.pid, line, token.go === true);
        return true;
      case 'separator':
        this.separator(line);
        return true;
      case 'runtime-message':
        this.block.startRuntimeError(line, token.text, pid ?? this.pidFromName);
        return true;
      case 'suppressions-matched':
        this.block.startSuppressions(line, token.total, token.pid ?? this.pidFromName);
        return true;
      case 'reported-warnings':
        this.reportedWarnings(token.count, line);
        return true;
      case 'other':
        this.other(line, text, pid);
        return true;
      default:
        return false;
    }
  }

  /** Step 4: the report the line fits best takes it, or it waits, or it joins a fragment. */
  private place(token: LineToken, line: number): void {
    const candidates = bestFits(this.open, token, line);
    if (candidates.length > 1 && opensStack(token)) {
      const held = hold(this.pending, { token, line, candidates });
      if (held) {
        this.pending = held;
        return;
      }
    }
    const target = candidates[0];
    if (target) {
      target.take(token, line);
      return;
    }
    if (token.type === 'blank') return;
    this.addToFragment(token, line);
  }

  private headline(kind: string, pid: number | null, line: number, go: boolean): void {
    const effectivePid = pid ?? this.pidFromName;
    this.endFragment();
    this.block.endBefore(effectivePid);
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
    this.block.endBefore(null);
    if (this.fragment.kind === 'open') {
      this.fragment.builder.end = line;
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
    this.pending = { kind: 'separator', report: best, line };
  }

  private reportedWarnings(count: number, line: number): void {
    this.endFragment();
    this.block.endBefore(null);
    // Printed at process exit, after its last report: that process's open report is complete
    // or cut.
    const mismatch = this.warningCount.check(count, this.open.length, this.file, line);
    if (mismatch)
      this.emit({ type: 'diagnostic', schemaVersion: PARSE_SCHEMA_VERSION, ...mismatch });
  }

  private other(line: number, text: string, pid: number | null): void {
    // A header announced a stack and the next line is not a frame: a frame format we cannot
    // read (a custom stack_trace_format) or a damaged stream. Say so rather than lose it. A
    // `==PID==` line of another process is that process's runtime message, not a damaged frame.
    // So is a line printed while another process's runtime error is open (its register dump).
    const erring = this.block.runtimeErrorPid;
    for (const report of this.open) {
      if (
        report.awaitsFirstFrame &&
        !differ(report.pid, pid) &&
        !(erring !== undefined && differ(erring, report.pid))
      ) {
        report.take({ type: 'unrecognized', text }, line);
        report.noteUnexpected(line);
        break;
      }
    }
    if (this.fragment.kind === 'open' && line - this.lastReportLike > FRAGMENT_GAP_LINES) {
      this.endFragment();
    }
    this.block.other(line, pid);
    for (const report of [...this.open]) {
      if (line - report.lastTouched > STALE_AFTER_LINES) this.closeOpen(report, true);
    }
  }

  private addToFragment(token: LineToken, line: number): void {
    this.lastReportLike = line;
    if (this.fragment.kind === 'none') {
      this.fragment = { kind: 'open', builder: new FragmentBuilder(line) };
    }
    this.fragment.builder.add(token, line);
  }

  private endFragment(): void {
    const state = this.fragment;
    if (state.kind === 'none') return;
    this.fragment = NO_FRAGMENT;
    this.emit(state.builder.record(this.file));
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

/** Two known pids that are not the same: lines of two processes. */
function differ(a: number | null, b: number | null): boolean {
  return a !== null && b !== null && a !== b;
}
