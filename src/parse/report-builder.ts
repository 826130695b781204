import type { Diagnostic, DiagnosticCode } from '../model/diagnostic.js';
import type { Frame } from '../model/frame.js';
import {
  type Access,
  type CycleMutex,
  type ExtraStack,
  type Location,
  type MutexInfo,
  PARSE_SCHEMA_VERSION,
  type Report,
  type Runtime,
  type StackRole,
  type ThreadInfo,
} from '../model/report.js';
import { type KindInfo, kindInfo } from '../model/report-kinds.js';
import type { AccessHeader } from './access-line.js';
import type { LineToken } from './line-token.js';
import { summaryFunction } from './summary-line.js';
import type { ThreadHeader } from './thread-line.js';

/** TSan prints at most 256 frames a stack; more than this means the stream is not TSan's. */
const MAX_FRAMES_PER_STACK = 1024;
const MAX_DIAGNOSTICS = 64;
const MAX_SECTIONS = 512;

/** A stack being filled: the frames of one section. */
interface StackSink {
  readonly frames: Frame[];
  restored: boolean;
}

type Section =
  | { readonly type: 'access'; readonly header: AccessHeader; readonly sink: StackSink }
  | {
      readonly type: 'extra';
      readonly stack: Omit<ExtraStack, 'frames' | 'stackRestored'>;
      readonly sink: StackSink;
    }
  | { readonly type: 'location'; readonly location: Location; readonly sink: StackSink | null }
  | { readonly type: 'thread'; readonly header: ThreadHeader; readonly sink: StackSink }
  | {
      readonly type: 'mutex';
      readonly id: string;
      readonly address: string | null;
      readonly destroyed: boolean;
      readonly sink: StackSink;
    };

/**
 * Assembles one report from the tokens of its lines. It keeps where it stands (which stack is
 * open, whether a section just ended) so the assembler can ask how well a line fits it.
 */
export class ReportBuilder {
  readonly kind: string;
  readonly kindInfo: KindInfo;
  readonly pid: number | null;
  readonly file: string;
  readonly line: number;
  endLine: number;
  /** Last line this report took, for staleness and tie-breaking. */
  lastTouched: number;

  private readonly sections: Section[] = [];
  private readonly diagnostics: Diagnostic[] = [];
  private droppedDiagnostics = 0;
  private cycle: CycleMutex[] | null = null;
  private similarThreadLeaks: number | null = null;
  private summaryText: string | null = null;
  /** The stack frames go to, and whether it is still open (no blank line since). */
  private target: StackSink | null = null;
  private targetOpen = false;
  private unexpectedReported = false;
  private lastType: LineToken['type'] = 'headline';
  private accessCount = 0;
  private readonly modules = new Set<string>();
  private llvmEvidence = 0;
  private gccEvidence = 0;
  private weakGccEvidence = 0;

  constructor(kind: string, pid: number | null, file: string, line: number) {
    this.kind = kind;
    this.kindInfo = kindInfo(kind);
    this.pid = pid;
    this.file = file;
    this.line = line;
    this.endLine = line;
    this.lastTouched = line;
  }

  get hasSummary(): boolean {
    return this.summaryText !== null;
  }

  /** At a section boundary: a separator here ends the report rather than opening another. */
  get atBoundary(): boolean {
    return this.lastType === 'blank' || this.lastType === 'summary' || this.lastType === 'hint';
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

  /**
   * How well a line fits this report where it stands; the assembler gives the line to the best
   * fit among the open reports (several processes writing to one stream).
   */
  fitness(token: LineToken): number {
    switch (token.type) {
      case 'frame': {
        const { frame } = token;
        let score = 0;
        if (this.target && this.targetOpen) {
          const expected = this.nextIndex();
          score += frame.index === expected ? 10 : 1;
        } else {
          score += frame.index === 0 && this.lastType !== 'blank' ? 3 : 1;
        }
        if (frame.module !== null && this.modules.size > 0) {
          score += this.modules.has(frame.module) ? 6 : -4;
        }
        const llvmStyle = frame.column !== null || frame.buildId !== null;
        if (llvmStyle && this.gccEvidence > 0) score -= 2;
        if (llvmStyle && this.llvmEvidence > 0) score += 2;
        return score;
      }
      case 'blank':
        return this.target && this.targetOpen && this.target.frames.length > 0 ? 5 : 1;
      case 'summary':
        if (this.summaryText !== null) return -20;
        return 5 + (token.text.startsWith(this.kind) ? 10 : -10);
      case 'access': {
        const boundary = this.atBoundary ? 3 : 0;
        const order = token.header.previous === this.accessCount > 0 ? 4 : -4;
        return 2 + boundary + order;
      }
      case 'hint':
        return this.kindInfo.family === 'deadlock' ? 8 : 0;
      case 'similar-leaks':
        return this.kindInfo.family === 'thread' ? 8 : 0;
      default:
        return this.atBoundary ? 5 : 2;
    }
  }

  /** Takes one line of this report. */
  take(token: LineToken, line: number): void {
    this.endLine = line;
    this.lastTouched = line;
    switch (token.type) {
      case 'frame':
        this.takeFrame(token.frame, line);
        break;
      case 'blank':
        this.targetOpen = false;
        break;
      case 'access':
        this.accessCount++;
        this.open({ type: 'access', header: token.header, sink: newSink() });
        break;
      case 'location': {
        const hasStack = token.location.type === 'heap' || token.location.type === 'fd';
        const sink = hasStack ? newSink() : null;
        this.open({ type: 'location', location: token.location, sink });
        break;
      }
      case 'thread': {
        const sink = newSink();
        this.open({ type: 'thread', header: token.header, sink });
        if (!token.header.hasStack) this.target = null;
        break;
      }
      case 'mutex':
        this.open({ type: 'mutex', ...token.header, sink: newSink() });
        break;
      case 'edge': {
        const { previous, edge } = token.header;
        this.openExtra(previous ? 'lock-edge-previous' : 'lock-edge', token, { edge });
        break;
      }
      case 'sleep':
        this.openExtra('sleep', token, {});
        break;
      case 'and':
        this.openExtra('and', token, {});
        break;
      case 'signal-handler':
        this.openExtra('signal-handler', token, { signal: token.signal });
        this.llvmEvidence++;
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
    if (this.diagnostics.length >= MAX_DIAGNOSTICS) {
      this.droppedDiagnostics++;
      return;
    }
    this.diagnostics.push({ code, message, file: this.file, line });
  }

  build(truncated: boolean): Report {
    const accesses: Access[] = [];
    const stacks: ExtraStack[] = [];
    const locations: Location[] = [];
    const threads: ThreadInfo[] = [];
    const mutexes: MutexInfo[] = [];
    for (const section of this.sections) {
      switch (section.type) {
        case 'access':
          accesses.push(accessOf(section.header, section.sink));
          break;
        case 'extra':
          stacks.push(stackOf(section.stack, section.sink));
          break;
        case 'location':
          locations.push(locationOf(section.location, section.sink));
          break;
        case 'thread':
          threads.push(threadOf(section.header, section.sink));
          break;
        case 'mutex':
          mutexes.push({
            id: section.id,
            address: section.address,
            destroyed: section.destroyed,
            frames: section.sink.frames,
          });
          break;
      }
    }
    const diagnostics = [...this.diagnostics];
    if (this.droppedDiagnostics > 0) {
      diagnostics.push({
        code: 'limit-reached',
        message: `${this.droppedDiagnostics} more diagnostics for this report were not kept`,
        file: this.file,
        line: this.line,
      });
    }
    if (truncated) {
      diagnostics.push({
        code: 'truncated-report',
        message: `report cut short after line ${this.endLine}: no closing separator`,
        file: this.file,
        line: this.endLine,
      });
    }
    return {
      type: 'report',
      schemaVersion: PARSE_SCHEMA_VERSION,
      kind: this.kind,
      kindId: this.kindInfo.id,
      family: this.kindInfo.family,
      pid: this.pid,
      runtime: this.runtime(),
      source: { file: this.file, line: this.line, endLine: this.endLine },
      truncated,
      diagnostics,
      accesses,
      stacks,
      location: locations.find((l) => l.type !== 'global' || !l.artifact) ?? null,
      locations,
      threads,
      mutexes,
      cycle: this.cycle,
      similarThreadLeaks: this.similarThreadLeaks,
      summary: this.summaryText,
      summaryFunction:
        this.summaryText === null ? null : summaryFunction(this.summaryText, this.kind),
    };
  }

  private runtime(): Runtime {
    // gcc's shared libtsan names itself in frames; BuildIds and columns are LLVM's; a line
    // number alone (no column, no BuildId) is only a hint of gcc's libbacktrace.
    if (this.gccEvidence > 0) return 'gcc';
    if (this.llvmEvidence > 0) return 'llvm';
    return this.weakGccEvidence > 0 ? 'gcc' : 'unknown';
  }

  private nextIndex(): number {
    const frames = this.target?.frames;
    const last = frames?.[frames.length - 1];
    return last ? last.index + 1 : 0;
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

  private openExtra(
    role: StackRole,
    token: LineToken,
    extra: Pick<ExtraStack, 'edge' | 'signal'>,
  ): void {
    this.open({
      type: 'extra',
      stack: { role, title: titleOf(token), ...extra },
      sink: newSink(),
    });
  }

  private takeFrame(frame: Frame, line: number): void {
    this.noteEvidence(frame);
    if (frame.damaged) this.diagnose('damaged-frame', `frame #${frame.index} is cut short`, line);
    let target = this.target;
    if (target && !this.targetOpen) {
      // A blank line inside a stack (copy/paste): continue it only if the numbering does.
      if (frame.index !== this.nextIndex() || frame.index === 0) target = null;
      else this.targetOpen = true;
    }
    if (!target) {
      // Mutex and signal reports print their first stack right under the headline.
      const first = !this.sections.some((s) => s.type === 'extra' || s.type === 'access');
      if (!(first && (this.kindInfo.family === 'mutex' || this.kindInfo.family === 'signal'))) {
        this.diagnose('unrecognized-line', `frame #${frame.index} outside any section`, line);
      }
      this.openExtra(first ? 'headline' : 'and', { type: 'other' }, {});
      target = this.target;
      if (!target) return;
    }
    const expected = this.nextIndex();
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

  private noteEvidence(frame: Frame): void {
    if (frame.module !== null && this.modules.size < 64) this.modules.add(frame.module);
    if (frame.module?.startsWith('libtsan.so') || frame.file?.includes('/libsanitizer/')) {
      this.gccEvidence++;
    } else if (frame.buildId !== null || frame.column !== null) {
      this.llvmEvidence++;
    } else if (frame.line !== null) {
      // libbacktrace (gcc) prints no column and no BuildId; LLVM's symbolizer prints columns.
      this.weakGccEvidence++;
    }
  }
}

// Objects are built field by field (no spread or rest): one shape per type, cheap to build and
// to serialise, with the same key order in every record.
function accessOf(header: AccessHeader, sink: StackSink): Access {
  const access: Access = {
    op: header.op,
    atomic: header.atomic,
    previous: header.previous,
    size: header.size,
    address: header.address,
    thread: header.thread,
    mutexes: header.mutexes,
    stackRestored: sink.restored,
    frames: sink.frames,
  };
  return header.objectType === undefined ? access : { ...access, objectType: header.objectType };
}

function stackOf(stack: Omit<ExtraStack, 'frames' | 'stackRestored'>, sink: StackSink): ExtraStack {
  const built: ExtraStack = {
    role: stack.role,
    title: stack.title,
    stackRestored: sink.restored,
    frames: sink.frames,
  };
  if (stack.edge === undefined && stack.signal === undefined) return built;
  return {
    ...built,
    ...(stack.edge === undefined ? {} : { edge: stack.edge }),
    ...(stack.signal === undefined ? {} : { signal: stack.signal }),
  };
}

function locationOf(location: Location, sink: StackSink | null): Location {
  if (sink === null) return location;
  if (location.type === 'heap' || location.type === 'fd')
    return { ...location, frames: sink.frames };
  return location;
}

function threadOf(header: ThreadHeader, sink: StackSink): ThreadInfo {
  const thread: ThreadInfo = {
    id: header.id,
    name: header.name,
    tid: header.tid,
    state: header.state,
    createdBy: header.createdBy,
    stackRestored: sink.restored,
    frames: sink.frames,
  };
  return header.gcdWorker ? { ...thread, gcdWorker: true } : thread;
}

function newSink(): StackSink {
  return { frames: [], restored: true };
}

function titleOf(token: LineToken): string | null {
  switch (token.type) {
    case 'edge': {
      const { edge, previous } = token.header;
      if (previous) return `Mutex ${edge.acquired} previously acquired by the same thread here`;
      const who = edge.thread === 'main' ? 'main thread' : `thread ${edge.thread}`;
      return `Mutex ${edge.acquired} acquired here while holding mutex ${edge.held} in ${who}`;
    }
    case 'sleep':
      return 'As if synchronized via sleep';
    case 'and':
      return 'and';
    case 'signal-handler':
      return `Signal ${token.signal} handler invoked at`;
    default:
      return null;
  }
}

function excerpt(text: string): string {
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}
