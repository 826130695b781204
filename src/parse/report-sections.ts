import type { Frame } from '../model/frame.js';
import type { ExtraStack, Location } from '../model/report.js';
import type { AccessHeader } from './access-line.js';
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
