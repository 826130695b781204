import type { DiagnosticCode } from '../model/diagnostic.js';
import type { Frame } from '../model/frame.js';
import type { CycleMutex, Report, Runtime } from '../model/report.js';
import { type KindInfo, kindInfo, type ReportFamily } from '../model/report-kinds.js';
import type { GoSource } from './go-frame-line.js';
import type { LineToken } from './line-token.js';
import { assembleReport } from './report-assembly.js';
import { excerpt, ReportDiagnostics } from './report-diagnostics.js';
import type { ReportPosition } from './report-fitness.js';
import { ReportMentions } from './report-mentions.js';
import {
  extraSection,
  goFrame,
  type Section,
  type StackSink,
  sectionOf,
} from './report-sections.js';
import { frameStyle, RuntimeEvidence } from './runtime-evidence.js';

/** TSan prints at most 256 frames a stack; more than this means the stream is not TSan's. */
const MAX_FRAMES_PER_STACK = 1024;
const MAX_SECTIONS = 512;

/**
 * Assembles one report from the tokens of its lines. It keeps where it stands (which stack is
 * open, whether a section just ended) so the assembler can ask how well a line fits it.
 */
export class ReportBuilder implements ReportPosition {
  readonly kind: string;
  readonly kindInfo: KindInfo;
  readonly pid: number | null;
  readonly file: string;
  readonly line: number;
  endLine: number;
  /** Last line this report took, for staleness and tie-breaking. */
  lastTouched: number;

  private readonly sections: Section[] = [];
  private readonly diagnostics: ReportDiagnostics;
  private cycle: CycleMutex[] | null = null;
  private similarThreadLeaks: number | null = null;
  private summaryText: string | null = null;
  /** The stack frames go to, and whether it is still open (no blank line since). */
  private target: StackSink | null = null;
  private targetOpen = false;
  private unexpectedReported = false;
  lastType: LineToken['type'] = 'headline';
  accessCount = 0;
  readonly mentions = new ReportMentions();
  private readonly evidence = new RuntimeEvidence();
  /** Printed by Go's race detector: two-line unnumbered frames, no SUMMARY, no closing blank. */
  readonly go: boolean;

  constructor(kind: string, pid: number | null, file: string, line: number, go = false) {
    this.go = go;
    this.kind = kind;
    this.kindInfo = kindInfo(kind);
    this.pid = pid;
    this.file = file;
    this.diagnostics = new ReportDiagnostics(file);
    this.line = line;
    this.endLine = line;
    this.lastTouched = line;
  }

  /** The line of the separator printed just before the headline, when there was one. */
  openingSeparator: number | null = null;

  /** Lines taken after the headline. */
  linesTaken = 0;

  /** The last line of the input went to this report and had no newline: it may be cut. */
  lastLineCut = false;

  get hasSummary(): boolean {
    return this.summaryText !== null;
  }

  /** At a section boundary: a separator here ends the report rather than opening another. */
  get atBoundary(): boolean {
    // Go prints the closing separator right after the last frame: no blank line, no SUMMARY.
    if (this.go && (this.lastType === 'go-source' || this.lastType === 'go-call')) return true;
    return this.lastType === 'blank' || this.lastType === 'summary' || this.lastType === 'hint';
  }

  /**
   * Every section ends with a blank line: after the last frame of a stack, or right after a
   * one-line section (`Cycle in lock order graph`, a global location, a hint).
   */
  get expectsBlank(): boolean {
    if (this.target !== null) return this.targetOpen && this.target.frames.length > 0;
    return this.lastType !== 'blank' && this.lastType !== 'headline' && this.lastType !== 'summary';
  }

  /** A section header announced a stack and no frame has come yet. */
  get awaitsFirstFrame(): boolean {
    return (
      this.target !== null &&
      this.targetOpen &&
      this.target.frames.length === 0 &&
      !this.unexpectedReported
    );
  }

  /** An unreadable line stood where a frame was due: report it once per stack. */
  noteUnexpected(line: number): void {
    this.unexpectedReported = true;
    this.endLine = line;
  }

  // What report-fitness.ts reads (ReportPosition).
  get family(): ReportFamily {
    return this.kindInfo.family;
  }

  get stackOpen(): boolean {
    return this.target !== null && this.targetOpen;
  }

  get hasStack(): boolean {
    return this.target !== null;
  }

  get nextIndex(): number {
    const frames = this.target?.frames;
    const last = frames?.[frames.length - 1];
    return last ? last.index + 1 : 0;
  }

  get hasCycle(): boolean {
    return this.cycle !== null;
  }

  get runtime(): Runtime {
    return this.go ? 'go' : this.evidence.runtime;
  }

  get firstFrames(): readonly Frame[] | null {
    return (
      this.sections.find((s) => s.sink !== null && s.sink.frames.length > 0)?.sink?.frames ?? null
    );
  }

  /** Takes one line of this report. */
  take(token: LineToken, line: number): void {
    this.linesTaken++;
    this.mentions.note(token);
    this.endLine = line;
    this.lastTouched = line;
    const section = sectionOf(token);
    if (section !== null) this.openSection(token, section);
    switch (token.type) {
      case 'frame':
        this.takeFrame(token.frame, line, token.style);
        break;
      case 'go-call':
        // Go prints no blank line inside a stack: after one, a frame opens no continuation.
        this.takeFrame(goFrame(token.function, this.targetOpen ? this.nextIndex : 0), line);
        break;
      case 'go-source':
        this.takeGoSource(token.source, line);
        break;
      case 'blank':
        this.targetOpen = false;
        break;
      case 'cycle':
        this.cycle = [...token.cycle];
        this.target = null;
        break;
      case 'similar-leaks':
        this.similarThreadLeaks = token.count;
        break;
      case 'failed-restore':
        if (this.target) this.target.restored = false;
        else
          this.diagnose('unrecognized-line', '[failed to restore the stack] outside a stack', line);
        break;
      case 'summary':
        this.summaryText = token.text;
        this.target = null;
        break;
      case 'unrecognized':
        this.diagnose(
          'unrecognized-line',
          `unrecognized report line: ${excerpt(token.text)}`,
          line,
        );
        break;
      default:
        break;
    }
    if (token.type !== 'other' && token.type !== 'unrecognized') this.lastType = token.type;
  }

  /** Records a problem with this report (capped, so a runaway stream cannot grow it). */
  diagnose(code: DiagnosticCode, message: string, line: number): void {
    this.diagnostics.add(code, message, line);
  }

  build(truncated: boolean): Report {
    return assembleReport(
      {
        kind: this.kind,
        kindInfo: this.kindInfo,
        pid: this.pid,
        runtime: this.runtime,
        source: { file: this.file, line: this.line, endLine: this.endLine },
        sections: this.sections,
        diagnostics: this.diagnostics.kept,
        droppedDiagnostics: this.diagnostics.dropped,
        cycle: this.cycle,
        similarThreadLeaks: this.similarThreadLeaks,
        summary: this.summaryText,
      },
      truncated,
    );
  }

  /** A header line opens its section; its stack takes the frames that follow. */
  private openSection(token: LineToken, section: Section): void {
    if (token.type === 'access') this.accessCount++;
    this.open(section);
    if (token.type === 'thread' && !token.header.hasStack) this.target = null;
    // Only LLVM's runtime prints `Signal N handler invoked at:`.
    if (token.type === 'signal-handler') this.evidence.noteLlvmOnly();
  }

  private open(section: Section): void {
    if (this.sections.length >= MAX_SECTIONS) {
      this.diagnose(
        'limit-reached',
        `more than ${MAX_SECTIONS} sections; section dropped`,
        this.endLine,
      );
      this.target = null;
      return;
    }
    this.sections.push(section);
    this.unexpectedReported = false;
    this.target = section.sink;
    this.targetOpen = section.sink !== null;
  }

  private takeFrame(frame: Frame, line: number, style = frameStyle(frame, false)): void {
    this.mentions.noteModule(frame);
    this.evidence.note(style);
    if (frame.damaged) this.diagnose('damaged-frame', `frame #${frame.index} is cut short`, line);
    let target = this.target;
    if (target && !this.targetOpen) {
      // A blank line inside a stack (copy/paste): continue it only if the numbering does.
      if (frame.index !== this.nextIndex || frame.index === 0) target = null;
      else this.targetOpen = true;
    }
    if (!target) {
      // Mutex and signal reports print their first stack right under the headline.
      const first = !this.sections.some((s) => s.type === 'extra' || s.type === 'access');
      if (!(first && (this.kindInfo.family === 'mutex' || this.kindInfo.family === 'signal'))) {
        this.diagnose('unrecognized-line', `frame #${frame.index} outside any section`, line);
      }
      this.open(extraSection(first ? 'headline' : 'and', { type: 'other' }, {}));
      target = this.target;
      if (!target) return;
    }
    const expected = this.nextIndex;
    if (frame.index !== expected && target.frames.length > 0) {
      const message =
        frame.index > expected
          ? `frames #${expected}..#${frame.index - 1} are missing`
          : `frame #${frame.index} out of order after #${expected - 1}`;
      this.diagnose('frame-gap', message, line);
    }
    if (target.frames.length >= MAX_FRAMES_PER_STACK) {
      if (target.frames.length === MAX_FRAMES_PER_STACK) {
        this.diagnose(
          'limit-reached',
          `more than ${MAX_FRAMES_PER_STACK} frames in one stack`,
          line,
        );
      }
      return;
    }
    target.frames.push(frame);
  }

  /** The second line of a Go frame completes the frame its first line opened. */
  private takeGoSource(source: GoSource, line: number): void {
    const frames = this.target?.frames;
    const last = frames?.[frames.length - 1];
    if (!frames || !last || last.file !== null || this.lastType !== 'go-call') {
      this.diagnose('unrecognized-line', `Go source line without its function line`, line);
      return;
    }
    frames[frames.length - 1] = {
      ...last,
      file: source.file,
      line: source.line,
      offset: source.offset,
    };
  }
}
