import type { Frame } from '../model/frame.js';
import type { ExtraStack, Location, StackRole } from '../model/report.js';
import type { AccessHeader } from './access-line.js';
import type { LineToken } from './line-token.js';
import type { ThreadHeader } from './thread-line.js';

/** A stack being filled: the frames of one section. */
export interface StackSink {
  readonly frames: Frame[];
  restored: boolean;
}

export type Section =
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

export function newSink(): StackSink {
  return { frames: [], restored: true };
}

/** A Go frame from its first line; the second line fills in file, line and offset. */
export function goFrame(fn: string, index: number): Frame {
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

/** The title an extra stack's header line gives it. */
export function titleOf(token: LineToken): string | null {
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

/** The section a header line opens, or null for a line that opens none. */
export function sectionOf(token: LineToken): Section | null {
  switch (token.type) {
    case 'access':
      return { type: 'access', header: token.header, sink: newSink() };
    case 'location': {
      // Heap blocks and file descriptors print where they were made; other locations no stack.
      const hasStack = token.location.type === 'heap' || token.location.type === 'fd';
      return { type: 'location', location: token.location, sink: hasStack ? newSink() : null };
    }
    case 'thread':
      return { type: 'thread', header: token.header, sink: newSink() };
    case 'mutex':
      return { type: 'mutex', ...token.header, sink: newSink() };
    case 'edge': {
      const { previous, edge } = token.header;
      return extraSection(previous ? 'lock-edge-previous' : 'lock-edge', token, { edge });
    }
    case 'sleep':
      return extraSection('sleep', token, {});
    case 'and':
      return extraSection('and', token, {});
    case 'signal-handler':
      return extraSection('signal-handler', token, { signal: token.signal });
    default:
      return null;
  }
}

/** A stack other than an access's, a location's, a thread's or a mutex's. */
export function extraSection(
  role: StackRole,
  token: LineToken,
  extra: Pick<ExtraStack, 'edge' | 'signal'>,
): Section {
  return { type: 'extra', stack: { role, title: titleOf(token), ...extra }, sink: newSink() };
}
