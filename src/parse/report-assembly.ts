import type { Diagnostic } from '../model/diagnostic.js';
import {
  type Access,
  type CycleMutex,
  type ExtraStack,
  type Location,
  type MutexInfo,
  PARSE_SCHEMA_VERSION,
  type Report,
  type Runtime,
  type SourceSpan,
  type ThreadInfo,
} from '../model/report.js';
import type { KindInfo } from '../model/report-kinds.js';
import type { AccessHeader } from './access-line.js';
import type { Section, StackSink } from './report-sections.js';
import { summaryFunction } from './summary-line.js';
import type { ThreadHeader } from './thread-line.js';

/** What a report builder gathered, handed over when the report ends. */
export interface ReportParts {
  readonly kind: string;
  readonly kindInfo: KindInfo;
  readonly pid: number | null;
  readonly runtime: Runtime;
  readonly source: SourceSpan;
  readonly sections: readonly Section[];
  readonly diagnostics: readonly Diagnostic[];
  readonly droppedDiagnostics: number;
  readonly cycle: CycleMutex[] | null;
  readonly similarThreadLeaks: number | null;
  readonly summary: string | null;
}

/**
 * The final report: sections sorted into their lists, diagnostics completed, and the flag for a
 * report cut short (`truncated`, from the assembler) or damaged past use (no access frame).
 */
export function assembleReport(parts: ReportParts, truncated: boolean): Report {
  const accesses: Access[] = [];
  const stacks: ExtraStack[] = [];
  const locations: Location[] = [];
  const threads: ThreadInfo[] = [];
  const mutexes: MutexInfo[] = [];
  for (const section of parts.sections) {
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
  const damaged = parts.kindInfo.family === 'race' && lacksAccessFrames(accesses);
  const diagnostics = [...parts.diagnostics];
  if (parts.droppedDiagnostics > 0) {
    diagnostics.push({
      code: 'limit-reached',
      message: `${parts.droppedDiagnostics} more diagnostics for this report were not kept`,
      file: parts.source.file,
      line: parts.source.line,
    });
  }
  if (truncated || damaged) {
    diagnostics.push({
      code: 'truncated-report',
      message: truncated
        ? `report cut short after line ${parts.source.endLine}: no closing separator`
        : 'no access of this report has a frame: its stack lines were lost (interleaved writers, a damaged log) or are in a format that cannot be read',
      file: parts.source.file,
      line: truncated ? parts.source.endLine : parts.source.line,
    });
  }
  return {
    type: 'report',
    schemaVersion: PARSE_SCHEMA_VERSION,
    kind: parts.kind,
    kindId: parts.kindInfo.id,
    family: parts.kindInfo.family,
    pid: parts.pid,
    runtime: parts.runtime,
    source: parts.source,
    truncated: truncated || damaged,
    diagnostics,
    accesses,
    stacks,
    location: locations.find((l) => l.type !== 'global' || !l.artifact) ?? null,
    locations,
    threads,
    mutexes,
    cycle: parts.cycle,
    similarThreadLeaks: parts.similarThreadLeaks,
    summary: parts.summary,
    summaryFunction: parts.summary === null ? null : summaryFunction(parts.summary, parts.kind),
  };
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
