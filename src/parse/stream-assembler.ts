import type { Diagnostic, DiagnosticCode } from '../model/diagnostic.js';
import { PARSE_SCHEMA_VERSION, type ParseRecord } from '../model/report.js';
import type { LineToken } from './line-token.js';
import { ReportBuilder } from './report-builder.js';

/** Reports open at once (processes interleaving in one stream); more are closed oldest first. */
const MAX_OPEN_REPORTS = 16;
/** A report that took no line for this long is closed as cut short. */
const STALE_AFTER_LINES = 200;
/** A fragment ends after this many lines that are not report-like. */
const FRAGMENT_GAP_LINES = 50;

interface Fragment {
  readonly start: number;
  end: number;
  frames: number;
  sections: number;
  summary: string | null;
}

interface RuntimeBlock {
  readonly line: number;
  readonly text: string;
  frames: number;
  topFunction: string | null;
}

/**
 * Turns the token stream of one input into records. Several reports can be open at once:
 * processes sharing a stream interleave their lines, so each line goes to the open report it
 * fits best (frame numbering, modules, the section expected next). Nothing is dropped: a report
 * cut short is emitted with `truncated`, report-like lines with no headline become a
 * `fragment` diagnostic.
 */
export class StreamAssembler {
  private readonly open: ReportBuilder[] = [];
  private fragment: Fragment | null = null;
  private runtimeBlock: RuntimeBlock | null = null;
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
    return this.open.length === 0 && this.fragment === null && this.runtimeBlock === null;
  }

  /** `text` is the cleaned line, kept only for diagnostics. */
  push(token: LineToken, line: number, text: string): void {
    switch (token.type) {
      case 'headline':
        this.headline(token.kind, token.pid, line);
        return;
      case 'separator':
        this.separator(line);
        return;
      case 'runtime-message':
        this.endRuntimeBlock();
        this.runtimeBlock = { line, text: token.text, frames: 0, topFunction: null };
        return;
      case 'reported-warnings':
        this.reportedWarnings(token.count, line);
        return;
      case 'other':
        this.other(line, text);
        return;
      default:
        break;
    }
    if (this.runtimeBlock && this.takenByRuntimeBlock(token)) return;
    const target = this.bestFit(token);
    if (target) {
      target.take(token, line);
      return;
    }
    if (token.type === 'blank') return;
    this.addToFragment(token, line);
  }

  /** End of input: whatever is still open was cut short. */
  finish(line: number): void {
    this.endRuntimeBlock();
    this.endFragment();
    for (const report of this.open.splice(0)) this.close(report, true);
    void line;
  }

  private headline(kind: string, pid: number | null, line: number): void {
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
    this.open.push(new ReportBuilder(kind, effectivePid, this.file, line));
  }

  private separator(line: number): void {
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
    if (best) {
      best.endLine = line;
      this.closeOpen(best, false);
    }
  }

  private reportedWarnings(count: number, line: number): void {
    this.endFragment();
    this.endRuntimeBlock();
    // Printed at process exit, after its last report: that process's open report is complete
    // or cut; only a single-process stretch can be checked against the count.
    const pids = this.pidsSinceReportedLine;
    if (pids.size <= 1 && this.open.length === 0 && this.sinceReportedLine !== count) {
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

  private bestFit(token: LineToken): ReportBuilder | null {
    if (this.open.length <= 1) return this.open[0] ?? null;
    let best: ReportBuilder | null = null;
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const report of this.open) {
      const score = report.fitness(token);
      if (
        score > bestScore ||
        (score === bestScore && best && report.lastTouched > best.lastTouched)
      ) {
        best = report;
        bestScore = score;
      }
    }
    return best;
  }

  /** Frames, blank lines and the SUMMARY after a runtime error (e.g. a TSan SEGV) are its own. */
  private takenByRuntimeBlock(token: LineToken): boolean {
    const block = this.runtimeBlock!;
    if (token.type === 'frame') {
      if (block.frames === 0) block.topFunction = token.frame.function;
      block.frames++;
      return true;
    }
    if (token.type === 'blank') return true;
    if (token.type === 'summary') {
      this.endRuntimeBlock();
      return true;
    }
    return false;
  }

  private endRuntimeBlock(): void {
    const block = this.runtimeBlock;
    if (!block) return;
    this.runtimeBlock = null;
    const where = block.topFunction ? ` (top frame: ${block.topFunction})` : '';
    this.diagnostic(
      'runtime-message',
      `ThreadSanitizer runtime message: ${block.text}${where}`,
      block.line,
    );
  }

  private addToFragment(token: LineToken, line: number): void {
    this.lastReportLike = line;
    if (!this.fragment) {
      this.fragment = { start: line, end: line, frames: 0, sections: 0, summary: null };
    }
    const fragment = this.fragment;
    fragment.end = line;
    if (token.type === 'frame') fragment.frames++;
    else if (token.type === 'summary') fragment.summary = token.text;
    else fragment.sections++;
  }

  private endFragment(): void {
    const fragment = this.fragment;
    if (!fragment) return;
    this.fragment = null;
    const parts = [`${fragment.frames} frames`, `${fragment.sections} section lines`];
    if (fragment.summary !== null) parts.push(`SUMMARY: ${fragment.summary}`);
    this.diagnostic(
      'fragment',
      `lines ${fragment.start}-${fragment.end} are part of a ThreadSanitizer report whose headline is not in this input (${parts.join(', ')})`,
      fragment.start,
      fragment.end,
    );
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
    // SUMMARY is the last line of a report's body: one that printed it lost only its separator.
    this.emit(report.build(cut && !report.hasSummary));
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
