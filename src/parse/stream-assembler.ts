import type { Diagnostic, DiagnosticCode } from '../model/diagnostic.js';
import type { Frame } from '../model/frame.js';
import { PARSE_SCHEMA_VERSION, type ParseRecord, type SuppressionHit } from '../model/report.js';
import type { LineToken } from './line-token.js';
import { ReportBuilder } from './report-builder.js';
import { fitness, frameAffinity } from './report-fitness.js';

const OTHER: LineToken = { type: 'other' };

/** Reports open at once (processes interleaving in one stream); more are closed oldest first. */
const MAX_OPEN_REPORTS = 16;
/** A report that took no line for this long is closed as cut short. */
const STALE_AFTER_LINES = 200;
/** Reports touched within this many lines are being written now. */
const RECENT_LINES = 8;
/** A fragment ends after this many lines that are not report-like. */
const FRAGMENT_GAP_LINES = 50;

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
function opensStack(token: LineToken): boolean {
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

interface PendingHeader {
  readonly token: LineToken;
  readonly line: number;
  readonly candidates: readonly ReportBuilder[];
}

interface Fragment {
  readonly start: number;
  end: number;
  frames: Frame[];
  frameCount: number;
  sections: number;
  summary: string | null;
}

/** Frames a fragment diagnostic carries (triage matches fragments by them). */
const FRAGMENT_FRAMES = 256;

/** An open `print_suppressions=1` block: its hit lines follow the header. */
interface SuppressionBlock {
  readonly pid: number | null;
  readonly total: number;
  readonly line: number;
  endLine: number;
  sum: number;
  readonly hits: SuppressionHit[];
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
  private suppressionBlock: SuppressionBlock | null = null;
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
        this.runtimeBlock = { line, text: token.text, frames: 0, topFunction: null };
        return;
      case 'reported-warnings':
        this.reportedWarnings(token.count, line);
        return;
      case 'suppressions-matched':
        this.endRuntimeBlock();
        this.suppressionBlock = {
          pid: token.pid ?? this.pidFromName,
          total: token.total,
          line,
          endLine: line,
          sum: 0,
          hits: [],
        };
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
    const candidates = this.bestFits(token, line);
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

  /** The open reports that fit a line best, the tie-break's winner first. */
  private bestFits(token: LineToken, line: number): ReportBuilder[] {
    if (this.open.length <= 1) return this.open.slice();
    const newest = this.open.reduce((a, b) => (a.line >= b.line ? a : b));
    let best: ReportBuilder[] = [];
    let bestScore = Number.NEGATIVE_INFINITY;
    for (const report of this.open) {
      // A report that has been silent for a while (a process that died mid-report) loses
      // to the ones being written now.
      // A report that has taken nothing since a newer one began is likely cut: it keeps only
      // the lines that fit it clearly better.
      const score =
        fitness(report, token) -
        (line - report.lastTouched > RECENT_LINES ? 3 : 0) -
        (presumedCut(report, newest) ? 8 : 0);
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
    if (token.type !== 'suppression-hit') {
      this.endSuppressionBlock();
      return false;
    }
    block.hits.push(token.hit);
    block.sum += token.hit.count;
    block.endLine = line;
    if (block.sum >= block.total) this.endSuppressionBlock();
    return true;
  }

  private endSuppressionBlock(): void {
    const block = this.suppressionBlock;
    if (!block) return;
    this.suppressionBlock = null;
    this.emit({
      type: 'suppression-hits',
      schemaVersion: PARSE_SCHEMA_VERSION,
      pid: block.pid,
      total: block.total,
      hits: block.hits,
      source: { file: this.file, line: block.line, endLine: block.endLine },
    });
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
      this.fragment = {
        start: line,
        end: line,
        frames: [],
        frameCount: 0,
        sections: 0,
        summary: null,
      };
    }
    const fragment = this.fragment;
    fragment.end = line;
    if (token.type === 'frame') {
      fragment.frameCount++;
      if (fragment.frames.length < FRAGMENT_FRAMES) fragment.frames.push(token.frame);
    } else if (token.type === 'summary') fragment.summary = token.text;
    else fragment.sections++;
  }

  private endFragment(): void {
    const fragment = this.fragment;
    if (!fragment) return;
    this.fragment = null;
    const parts = [`${fragment.frameCount} frames`, `${fragment.sections} section lines`];
    if (fragment.summary !== null) parts.push(`SUMMARY: ${fragment.summary}`);
    this.emit({
      type: 'diagnostic',
      schemaVersion: PARSE_SCHEMA_VERSION,
      code: 'fragment',
      message: `lines ${fragment.start}-${fragment.end} are part of a ThreadSanitizer report whose headline is not in this input (${parts.join(', ')})`,
      file: this.file,
      line: fragment.start,
      ...(fragment.end !== fragment.start ? { endLine: fragment.end } : {}),
      frames: fragment.frames,
      ...(fragment.summary !== null ? { summary: fragment.summary } : {}),
    });
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
