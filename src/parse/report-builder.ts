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
import type { GoSource } from './go-frame-line.js';
import type { LineToken } from './line-token.js';
import { RuntimeEvidence, runtimeAgreement } from './runtime-evidence.js';
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
  /** The address of the first access: the race's, which every access and location shares. */
  private raceAddress: string | null = null;
  /** Threads and mutexes mentioned (false) or already described by their own section (true). */
  private readonly threadIds = new Map<string, boolean>();
  private readonly mutexIds = new Map<string, boolean>();
  private readonly evidence = new RuntimeEvidence();
  /** Printed by Go's race detector: two-line unnumbered frames, no SUMMARY, no closing blank. */
  readonly go: boolean;

  constructor(kind: string, pid: number | null, file: string, line: number, go = false) {
    this.go = go;
    this.kind = kind;
    this.kindInfo = kindInfo(kind);
    this.pid = pid;
    this.file = file;
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

  /**
   * How well a line fits this report where it stands; the assembler gives the line to the best
   * fit among the open reports (several processes writing to one stream).
   */
  fitness(token: LineToken): number {
    const family = this.kindInfo.family;
    const boundary = this.atBoundary ? 3 : 0;
    switch (token.type) {
      case 'go-call':
        return this.go ? 5 + (this.target && this.targetOpen ? 5 : 0) : -10;
      case 'go-source':
        return this.go && this.lastType === 'go-call' ? 10 : -10;
      case 'frame': {
        if (this.go) return -10;
        const { frame } = token;
        let score = 0;
        if (this.target && this.targetOpen) {
          score += frame.index === this.nextIndex() ? 10 : 1;
        } else if (this.target && frame.index > 0 && frame.index === this.nextIndex()) {
          score += 8; // a stack interrupted by a blank line (another writer's, or a paste)
        } else {
          score += frame.index === 0 && this.lastType !== 'blank' ? 3 : 1;
        }
        return score + this.frameAffinity(frame, token.arch === true);
      }
      case 'blank':
        return this.expectsBlank ? 5 : 1;
      case 'summary':
        if (this.summaryText !== null) return -20;
        return 5 + (token.text.startsWith(this.kind) ? 10 : -10) + this.summaryAffinity(token.text);
      case 'access': {
        if (family !== 'race' && family !== 'unknown') return -10;
        const order = token.header.previous === this.accessCount > 0 ? 4 : -4;
        // Both accesses of a race are on the racing address.
        const address =
          this.raceAddress === null || token.header.address === null
            ? 0
            : token.header.address === this.raceAddress
              ? 6
              : -3;
        return 2 + boundary + order + address;
      }
      // Sections that only some kinds print: a line never goes to a report that cannot hold it.
      case 'cycle':
        return family === 'deadlock' && this.cycle === null ? 8 : -10;
      case 'hint':
        return family === 'deadlock' ? 8 : -10;
      case 'similar-leaks':
        return family === 'thread' ? 8 : -10;
      case 'sleep':
        return family === 'race' || family === 'unknown' ? 3 + boundary : -10;
      case 'and':
        return family === 'mutex' || family === 'unknown' ? 3 + boundary : -10;
      case 'signal-handler':
        return family === 'signal' || family === 'unknown' ? 8 : -10;
      case 'location':
        if (family === 'deadlock' || family === 'thread') return -10;
        return 3 + boundary + this.locationAffinity(token.location);
      case 'mutex':
        if (family === 'deadlock' || family === 'thread') return -10;
        return 3 + boundary + this.idAffinity(token.header.id, this.mutexIds);
      case 'thread':
        return 3 + boundary + this.idAffinity(token.header.id, this.threadIds);
      case 'edge':
        if (family !== 'deadlock') return -10;
        return 3 + boundary + this.idAffinity(token.header.edge.acquired, this.mutexIds);
      case 'failed-restore':
        return this.target && this.targetOpen ? 5 : -5;
      default:
        return 2 + boundary;
    }
  }

  /** How much a frame looks like this report's process: its modules and its runtime's style. */
  frameAffinity(frame: Frame, archSuffix = false): number {
    let score = 0;
    if (frame.module !== null && this.modules.size > 0 && !SHARED_MODULE.test(frame.module)) {
      score += this.modules.has(frame.module) ? 6 : -4;
    }
    return score + 2 * runtimeAgreement(frame, archSuffix, this.runtime());
  }

  /** SUMMARY names a frame of the report (the first user frame of its first stack). */
  private summaryAffinity(text: string): number {
    const first = this.sections.find((s) => s.sink !== null && s.sink.frames.length > 0)?.sink;
    if (!first) return 0;
    for (const frame of first.frames.slice(0, 8)) {
      if (frame.function !== null && text.endsWith(` in ${frame.function}`)) return 4;
    }
    return -2;
  }

  /** An id the report mentioned and has not described yet fits; one it described does not. */
  private idAffinity(id: string, ids: Map<string, boolean>): number {
    const described = ids.get(id);
    if (described === undefined) return ids.size > 0 ? -1 : 0;
    return described ? -6 : 6;
  }

  /** A location that holds the racing address fits. */
  private locationAffinity(location: Location): number {
    if (this.raceAddress === null || location.type === 'stack' || location.type === 'tls') return 0;
    if (location.type === 'fd' || location.address === null) return 0;
    const race = BigInt(this.raceAddress);
    const start = BigInt(location.address);
    const size = BigInt(location.size ?? 1);
    return race >= start && race < start + (size > 0n ? size : 1n) ? 6 : -3;
  }

  /** Records what a section mentions (threads, mutexes) and what it describes. */
  private noteIds(token: LineToken): void {
    switch (token.type) {
      case 'access':
        if (this.raceAddress === null && token.header.address)
          this.raceAddress = token.header.address;
        if (token.header.thread) mention(this.threadIds, token.header.thread);
        for (const m of token.header.mutexes) mention(this.mutexIds, m.id);
        break;
      case 'cycle':
        for (const m of token.cycle) mention(this.mutexIds, m.id);
        break;
      case 'edge':
        if (token.header.edge.thread) mention(this.threadIds, token.header.edge.thread);
        break;
      case 'location':
        if ('thread' in token.location && token.location.thread) {
          mention(this.threadIds, token.location.thread);
        }
        break;
      case 'thread':
        this.threadIds.set(token.header.id, true);
        if (token.header.createdBy) mention(this.threadIds, token.header.createdBy);
        break;
      case 'mutex':
        this.mutexIds.set(token.header.id, true);
        break;
      default:
        break;
    }
  }

  /** Takes one line of this report. */
  take(token: LineToken, line: number): void {
    this.linesTaken++;
    this.noteIds(token);
    this.endLine = line;
    this.lastTouched = line;
    switch (token.type) {
      case 'frame':
        this.takeFrame(token.frame, line, token.arch === true);
        break;
      case 'go-call':
        // Go prints no blank line inside a stack: after one, a frame opens no continuation.
        this.takeFrame(goFrame(token.function, this.targetOpen ? this.nextIndex() : 0), line);
        break;
      case 'go-source':
        this.takeGoSource(token.source, line);
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
        this.evidence.noteLlvmOnly();
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
            stackRestored: section.sink.restored,
            frames: section.sink.frames,
          });
          break;
      }
    }
    const damaged = this.kindInfo.family === 'race' && lacksAccessFrames(accesses);
    const diagnostics = [...this.diagnostics];
    if (this.droppedDiagnostics > 0) {
      diagnostics.push({
        code: 'limit-reached',
        message: `${this.droppedDiagnostics} more diagnostics for this report were not kept`,
        file: this.file,
        line: this.line,
      });
    }
    if (truncated || damaged) {
      diagnostics.push({
        code: 'truncated-report',
        message: truncated
          ? `report cut short after line ${this.endLine}: no closing separator`
          : 'no access of this report has a frame: its stack lines were lost (interleaved writers, a damaged log) or are in a format that cannot be read',
        file: this.file,
        line: truncated ? this.endLine : this.line,
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
      truncated: truncated || damaged,
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
    return this.go ? 'go' : this.evidence.runtime;
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

  private takeFrame(frame: Frame, line: number, archSuffix = false): void {
    this.noteModule(frame);
    this.evidence.note(frame, archSuffix);
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

  private noteModule(frame: Frame): void {
    // Modules tell processes apart; the runtime's and the system's are in every process.
    if (frame.module !== null && this.modules.size < 64 && !SHARED_MODULE.test(frame.module)) {
      this.modules.add(frame.module);
    }
  }
}

/**
 * No access has a frame, though at least one should: TSan prints `[failed to restore the
 * stack]` for an access whose stack is gone, and that alone is not damage.
 */
function lacksAccessFrames(accesses: readonly Access[]): boolean {
  if (accesses.some((a) => a.frames.length > 0)) return false;
  return accesses.length === 0 || accesses.some((a) => a.stackRestored);
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

/** A Go frame from its first line; the second line fills in file, line and offset. */
function goFrame(fn: string, index: number): Frame {
  return {
    index,
    function: fn,
    file: null,
    line: null,
    column: null,
    module: null,
    offset: null,
    buildId: null,
    address: null,
  };
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

const SHARED_MODULE =
  /^(?:.*\/)?(?:libtsan\.so|libclang_rt\.|libc\.so|libc\+\+|libstdc\+\+|libpthread|libm\.so|libgcc_s|ld-linux|\[)/;

function mention(ids: Map<string, boolean>, id: string): void {
  if (!ids.has(id) && ids.size < 256) ids.set(id, false);
}
