import type { Frame } from '../model/frame.js';
import type { Access, Location, Report, ThreadInfo, ThreadRef } from '../model/report.js';
import { anchorOf, hasCpythonFrame } from '../triage/normalize-stack.js';
import type { Occurrence } from '../triage/occurrences.js';
import { anchorSources } from '../triage/signature.js';
import type { TeardownMatch } from '../triage/teardown.js';
import type { TriagedGroup } from '../triage/triage.js';
import { accessHeading, reportText, threadName } from './report-text.js';
import { relativeToRoot } from './source-root.js';

/**
 * What every report format (Markdown, SARIF, JUnit, HTML) says about one group, worked out once:
 * which stacks raced, their anchor frames, what each thread was doing, the location, the
 * title a person would file it under. Renderers only lay it out.
 */
export interface GroupView {
  readonly id: string;
  readonly signature: string;
  readonly kind: string;
  readonly kindId: string;
  readonly family: Report['family'];
  /** The signature's short title: `data race: interpreter_clear ↔ take_gil on _PyRuntime`. */
  readonly title: string;
  /** An issue title in the style people file them: `ThreadSanitizer: data race in a() vs b()`. */
  readonly issueTitle: string;
  readonly count: number;
  readonly truncated: number;
  readonly runtimes: readonly string[];
  /** The first occurrences (at most OCCURRENCES_SHOWN); `count` has them all. */
  readonly occurrences: readonly Occurrence[];
  /** Inputs the group was seen in, with how many reports each. */
  readonly inputs: readonly { readonly file: string; readonly reports: number }[];
  /** The stacks the signature is made of (the two accesses of a race), in print order. */
  readonly sides: readonly SideView[];
  /** A sentence naming what raced with what, by whom, on what (plain text). */
  readonly summary: string;
  readonly location: LocationView | null;
  readonly threads: readonly ThreadInfo[];
  readonly known: TriagedGroup['known'];
  readonly related: TriagedGroup['related'];
  /** Races: why this is a race (triage/why.ts); null for other families. */
  readonly why: TriagedGroup['why'];
  /** new, known, ignored, fixed or regressed (decide/group-state.ts). */
  readonly state: TriagedGroup['state'];
  /** The decisions that hold, oldest first. */
  readonly decisions: TriagedGroup['decisions'];
  readonly suppressedBy: {
    readonly file: string;
    readonly line: number;
    readonly type: string;
    readonly pattern: string;
  } | null;
  readonly suppressedReports: number;
  /** The representative report printed back in TSan's layout (damage repaired). */
  readonly reportText: string;
  readonly report: Report;
}

/** One side of a group: an access (races) or the stack an anchor was taken from. */
export interface SideView {
  /** `Write of size 8`, `Previous atomic write of size 8`, `Mutex M1 acquired here ...`. */
  readonly heading: string;
  readonly access: Access | null;
  readonly thread: ThreadRef | null;
  /** `main thread`, `thread T7 'Thread-7 (hamme'`. */
  readonly threadLabel: string;
  /** The name the program gave the thread (`Thread-7 (hamme`), when TSan printed one. */
  readonly threadName: string | null;
  /** The report's runtime: Go's sides are goroutines (`goroutine 7`, `main goroutine`). */
  readonly runtime?: Report['runtime'];
  /** What the thread was doing, when the stacks show it: `during finalization`, `daemon thread, still running`. */
  readonly role: string | null;
  readonly frames: readonly Frame[];
  /** Index in `frames` of the anchor (the first meaningful frame), or null. */
  readonly anchorIndex: number | null;
  /** The anchor's name as the signature has it. */
  readonly anchorName: string | null;
  /** The anchor frame's `file:line` (relative to the source root when under it), or null. */
  readonly anchorPlace: string | null;
}

export interface LocationView {
  /** `global '_PyRuntime' of size 359232`, `heap block of size 8 allocated by thread T1`. */
  readonly text: string;
  readonly location: Location;
}

export interface GroupViewOptions {
  /** Paths under this root are shown relative to it. */
  readonly sourceRoot?: string | null;
}

export const OCCURRENCES_SHOWN = 20;

export function groupView(triaged: TriagedGroup, options: GroupViewOptions = {}): GroupView {
  const { group } = triaged;
  const report = group.report;
  const stacks = signatureStacks(report);
  const threadsById = new Map(report.threads.map((t) => [t.id, t]));
  // Teardown is triage's (side-facts.ts: exit, atexit handlers, a preset's finalizers, config).
  const teardownOf = (i: number) => triaged.facts[i]?.teardown ?? null;
  const finalizing =
    stacks.map((_, i) => teardownOf(i)?.phase).find((p) => p !== undefined) ?? null;
  const cpython = stacks.some((s) => hasCpythonFrame(s.frames));
  const sides = stacks.map((stack, i): SideView => {
    const anchor = anchorOf(group.sides[i] ?? []);
    const at = anchor ? stack.frames.indexOf(anchor.frame) : -1;
    const thread = stack.thread;
    const info = thread === null ? undefined : threadsById.get(thread);
    return {
      heading: stack.heading,
      access: stack.access,
      thread,
      threadLabel: threadLabel(thread, info, report.runtime),
      runtime: report.runtime,
      threadName: info?.name ?? null,
      role: roleOf(teardownOf(i), info, finalizing, cpython),
      frames: stack.frames,
      anchorIndex: at === -1 ? null : at,
      anchorName: anchor?.name ?? null,
      anchorPlace: anchor ? framePlace(anchor.frame, options) : null,
    };
  });
  const location = report.location ? locationView(report.location) : null;
  const inputs = new Map<string, number>();
  const occurrences: Occurrence[] = [];
  for (const occurrence of group.occurrences) {
    inputs.set(occurrence.file, (inputs.get(occurrence.file) ?? 0) + 1);
    if (occurrences.length < OCCURRENCES_SHOWN) occurrences.push(occurrence);
  }
  const suppressedBy = group.suppressedBy;
  const view: Omit<GroupView, 'summary' | 'issueTitle'> = {
    id: group.signature.id,
    signature: group.signature.text,
    kind: report.kind,
    kindId: report.kindId,
    family: report.family,
    title: group.signature.title,
    count: group.count,
    truncated: group.truncated,
    runtimes: [...group.runtimes].sort(),
    occurrences,
    inputs: [...inputs].map(([file, reports]) => ({ file: shown(file, options), reports })),
    sides,
    location,
    threads: report.threads,
    known: triaged.known,
    related: triaged.related,
    why: triaged.why,
    state: triaged.state,
    decisions: triaged.decisions,
    suppressedBy: suppressedBy
      ? {
          file: suppressedBy.file,
          line: suppressedBy.line,
          type: suppressedBy.type,
          pattern: suppressedBy.pattern,
        }
      : null,
    suppressedReports: group.suppressedReports,
    reportText: reportText(report),
    report,
  };
  return {
    ...view,
    issueTitle: issueTitleOf(view, finalizing, cpython),
    summary: summaryOf(view),
  };
}

function shown(file: string, options: GroupViewOptions): string {
  return options.sourceRoot ? (relativeToRoot(file, options.sourceRoot) ?? file) : file;
}

interface RawStack {
  readonly heading: string;
  readonly access: Access | null;
  readonly thread: ThreadRef | null;
  readonly frames: readonly Frame[];
}

/** The stacks the signature's anchors come from, in the order `group.sides` has them. */
function signatureStacks(report: Report): RawStack[] {
  return anchorSources(report).map((source): RawStack => {
    if ('op' in source)
      return {
        heading: accessHeading(source),
        access: source,
        thread: source.thread,
        frames: source.frames,
      };
    if ('role' in source)
      return {
        heading: source.title ?? report.kind,
        access: null,
        thread: source.edge?.thread ?? null,
        frames: source.frames,
      };
    return {
      heading: `Thread ${source.id} created by ${threadName(source.createdBy)}`,
      access: null,
      thread: source.createdBy,
      frames: source.frames,
    };
  });
}

function threadLabel(
  thread: ThreadRef | null,
  info: ThreadInfo | undefined,
  runtime: Report['runtime'],
): string {
  const name = info?.name ? ` '${info.name}'` : '';
  return `${threadName(thread, runtime)}${name}`;
}

/**
 * What the thread was doing. A side in teardown is "during finalization" (a runtime's
 * finalizer) or "during exit"; while one is, another thread TSan lists as running was left
 * running by it: in CPython only daemon threads are (finalization joins the others first).
 */
function roleOf(
  teardown: TeardownMatch | null,
  info: ThreadInfo | undefined,
  finalizing: TeardownMatch['phase'] | null,
  cpython: boolean,
): string | null {
  if (teardown) return `during ${teardown.phase}`;
  if (info?.state === 'running' && finalizing)
    return cpython ? 'daemon thread, still running' : 'still running';
  if (info?.state === 'finished') return 'finished';
  return null;
}

function locationView(location: Location): LocationView {
  return { text: locationPhrase(location, PLAIN), location };
}

/** `global '_PyRuntime' of size 359232`, `heap block of size 8 allocated by thread T1`. */
export function locationPhrase(location: Location, quote: SummaryQuoting): string {
  const { name, text } = quote;
  switch (location.type) {
    case 'global': {
      const size = location.size === null ? '' : ` of size ${location.size}`;
      return `global ${name(location.name)}${size}`;
    }
    case 'heap': {
      const what = location.objectType ? text(location.objectType) : 'heap block';
      const size = location.size === null ? '' : ` of size ${location.size}`;
      return `${what}${size} allocated by ${text(threadName(location.thread))}`;
    }
    case 'stack':
      return `stack of ${text(threadName(location.thread))}`;
    case 'tls':
      return `thread-local storage of ${text(threadName(location.thread))}`;
    case 'fd':
      return `file descriptor ${location.fd} ${text(location.event)} by ${text(threadName(location.thread))}`;
  }
}

/**
 * `ThreadSanitizer: data race in interpreter_clear() vs take_gil() during finalization with
 * daemon threads`: the kind, the anchors in print order, and the circumstance when known.
 */
function issueTitleOf(
  view: Omit<GroupView, 'summary' | 'issueTitle'>,
  finalizing: TeardownMatch['phase'] | null,
  cpython: boolean,
): string {
  const names = [...new Set(view.sides.map((s) => s.anchorName).filter((n) => n !== null))];
  const calls = names.map((n) => (n.endsWith(')') ? n : `${n}()`));
  const tool = view.report.runtime === 'go' ? 'Go race detector' : 'ThreadSanitizer';
  let title = `${tool}: ${view.kind}`;
  if (calls.length > 0) title += ` in ${calls.join(' vs ')}`;
  if (finalizing) {
    title += ` during ${finalizing}`;
    if (view.sides.some((s) => s.role?.startsWith('daemon') || s.role === 'still running'))
      title += cpython ? ' with daemon threads' : ' with threads still running';
  }
  return title;
}

/**
 * One sentence a person would write: "A plain write of size 8 by the main thread (during
 * finalization) in interpreter_clear() (Python/pystate.c:769) races with an earlier atomic
 * write of size 8 by thread T7 'Thread-7 (hamme' (daemon thread, still running) in take_gil()
 * (Python/ceval_gil.c:351), on global '_PyRuntime' of size 359232." Every piece that comes from
 * the log goes through `quote`: `code` for names and paths, `text` for the rest, so a format
 * can put names in code spans and escape the rest.
 */
export function summaryOf(
  view: Pick<GroupView, 'family' | 'kind' | 'sides' | 'location'>,
  quote: SummaryQuoting = PLAIN,
): string {
  const { code, text } = quote;
  const part = (side: SideView): string => {
    const anchor = side.anchorIndex === null ? null : side.frames[side.anchorIndex];
    const name = side.anchorName ?? anchor?.function ?? null;
    const where = name ? ` in ${code(callName(name))}` : '';
    const place = side.anchorPlace ? ` (${code(side.anchorPlace)})` : '';
    const role = side.role ? ` (${side.role})` : '';
    const label = `${text(threadName(side.thread, side.runtime))}${side.threadName === null ? '' : ` ${quote.name(side.threadName)}`}`;
    const who = side.thread === 'main' ? `the ${label}` : side.thread === null ? '' : label;
    return `${who}${role}${where}${place}`.trim();
  };
  const location = view.location ? `, on ${locationPhrase(view.location.location, quote)}` : '';
  if (view.family === 'race' && view.sides.length >= 2) {
    const [a, b] = view.sides as [SideView, SideView];
    // The "previous access" of a use-after-free is the free itself.
    if (view.kind.startsWith('heap-use-after-free'))
      return `A ${text(accessWords(a.access))} by ${part(a)} touches memory freed earlier by ${part(b)}${location}.`;
    return `A ${text(accessWords(a.access))} by ${part(a)} races with ${
      b.access?.previous ? 'an earlier' : 'a'
    } ${text(accessWords(b.access))} by ${part(b)}${location}.`;
  }
  if (view.family === 'race' && view.sides.length === 1) {
    const [a] = view.sides as [SideView];
    return `A ${text(accessWords(a.access))} by ${part(a)} races with an access the report does not show (it was cut short)${location}.`;
  }
  if (view.family === 'deadlock' && view.sides.length >= 2) {
    const who = view.sides.map(part);
    return `ThreadSanitizer found a ${text(view.kind)} between ${who.slice(0, -1).join(', ')} and ${who.at(-1)}: they take the same mutexes in opposite orders.`;
  }
  const first = view.sides[0];
  if (view.family === 'thread' && first)
    return `A thread created by ${part(first)} was never joined or detached (${text(view.kind)}).`;
  const at = first ? part(first) : '';
  return `ThreadSanitizer reported: ${text(view.kind)}${at ? `, ${at.startsWith('in ') ? at : `by ${at}`}` : ''}${location}.`;
}

/** How a format quotes what came from a log: names and paths, quoted names, free text. */
export interface SummaryQuoting {
  readonly code: (text: string) => string;
  /** A name TSan prints in quotes (a thread's, a global's). */
  readonly name: (text: string) => string;
  readonly text: (text: string) => string;
}

const PLAIN: SummaryQuoting = { code: (t) => t, name: (t) => `'${t}'`, text: (t) => t };

function accessWords(access: Access | null): string {
  if (!access) return 'access';
  if (access.objectType)
    return `${access.op === 'write' ? 'modifying' : 'read-only'} access of ${access.objectType}`;
  const size = access.size === null ? '' : ` of size ${access.size}`;
  return `${access.atomic ? 'atomic' : 'plain'} ${access.op}${size}`;
}

function callName(name: string): string {
  return name.endsWith(')') ? name : `${name}()`;
}

/** `Python/pystate.c:769` (relative to the source root when under it). */
export function framePlace(frame: Frame, options: GroupViewOptions = {}): string | null {
  if (frame.file === null) return frame.module ? `${frame.module}+${frame.offset ?? '0x0'}` : null;
  const file = options.sourceRoot
    ? (relativeToRoot(frame.file, options.sourceRoot) ?? frame.file)
    : frame.file;
  return frame.line === null ? file : `${file}:${frame.line}`;
}
