import type { Frame } from '../model/frame.js';
import { isProgramFrame } from '../triage/program-frame.js';
import type { GroupView, SideView } from './group-view.js';
import { framePhysicalLocation } from './sarif-locations.js';
import { sideDescription } from './sarif-side-text.js';
import type {
  SarifCodeFlow,
  SarifLocation,
  SarifThreadFlow,
  SarifThreadFlowLocation,
} from './sarif-types.js';
import { sarifText } from './sarif-types.js';

export interface BuiltCodeFlow {
  readonly codeFlow: SarifCodeFlow | null;
  /** Frames left out to stay within the thread-flow-location budget (outermost ones). */
  readonly dropped: number;
}

/**
 * One code flow with one thread flow per side (per stack the signature is made of). Frames are
 * in execution order, caller first: TSan prints innermost first, so each stack is reversed;
 * `nestingLevel` is the call depth from the outermost frame printed.
 *
 * `executionOrder` counts across the code flow: TSan does not time the stacks, so the only
 * order it states between threads is that a `Previous` access happened before the current one.
 * Stacks of previous accesses are numbered first, the others after them in print order.
 *
 * At most `budget` frames are kept, shared evenly among the stacks (a short stack's unused
 * share goes to the longer ones); a stack over its share loses its outermost frames (start-up
 * code, the event loop), never the ones near the access.
 */
export function codeFlowOf(
  view: GroupView,
  sourceRoot: string | null,
  budget: number,
): BuiltCodeFlow {
  const kept = shares(
    view.sides.filter((s) => s.frames.length > 0),
    budget,
  );
  const sides = [...kept.keys()].filter((side) => kept.get(side)! > 0);
  let dropped = 0;
  for (const [side, count] of kept) dropped += side.frames.length - count;
  if (sides.length === 0) return { codeFlow: null, dropped };
  const order = [...sides].sort((a, b) => rank(a) - rank(b));
  const firstOrder = new Map<SideView, number>();
  let next = 1;
  for (const side of order) {
    firstOrder.set(side, next);
    next += kept.get(side)!;
  }
  const ids = new Map<string, number>();
  const threadFlows = sides.map((side): SarifThreadFlow => {
    const count = kept.get(side)!;
    const base = side.thread ?? 'thread';
    const seen = (ids.get(base) ?? 0) + 1;
    ids.set(base, seen);
    const start = firstOrder.get(side) ?? 1;
    const locations: SarifThreadFlowLocation[] = [];
    // The innermost `count` frames, outermost of them first.
    for (let i = count - 1; i >= 0; i--) {
      const frame = side.frames[i]!;
      locations.push(
        flowLocation(side, frame, i, sourceRoot, {
          nestingLevel: side.frames.length - 1 - i,
          executionOrder: start + (count - 1 - i),
        }),
      );
    }
    return {
      id: seen === 1 ? base : `${base}#${seen}`,
      message: { text: sarifText(sideDescription(side)) },
      locations,
    };
  });
  return {
    codeFlow: { message: { text: sarifText(view.title) }, threadFlows },
    dropped,
  };
}

/**
 * How many frames each stack keeps within the budget: an even share, a short stack's unused
 * share going to the longer ones. A stack with a share of 0 (a budget below the stack count)
 * gets no thread flow.
 */
function shares(sides: readonly SideView[], budget: number): Map<SideView, number> {
  const kept = new Map<SideView, number>(sides.map((side) => [side, 0]));
  let left = Math.max(0, budget);
  let stacks = sides.length;
  for (const side of [...sides].sort((a, b) => a.frames.length - b.frames.length)) {
    const share = Math.min(side.frames.length, Math.floor(left / stacks));
    kept.set(side, share);
    left -= share;
    stacks--;
  }
  return kept;
}

/** Previous accesses happened first. */
function rank(side: SideView): number {
  return side.access?.previous ? 0 : 1;
}

function flowLocation(
  side: SideView,
  frame: Frame,
  index: number,
  sourceRoot: string | null,
  order: { readonly nestingLevel: number; readonly executionOrder: number },
): SarifThreadFlowLocation {
  const physical = framePhysicalLocation(frame, sourceRoot);
  const anchor = index === side.anchorIndex;
  const what = frameName(frame);
  const location: SarifLocation = {
    ...(physical ? { physicalLocation: physical } : {}),
    message: { text: sarifText(anchor ? `${what}: ${side.heading}` : what) },
  };
  return {
    location,
    ...(frame.module ? { module: frame.module } : {}),
    nestingLevel: order.nestingLevel,
    executionOrder: order.executionOrder,
    importance: anchor ? 'essential' : importance(frame),
  };
}

/** `interpreter_clear`, or `python+0x6cd57a` for a frame without symbols. */
function frameName(frame: Frame): string {
  if (frame.function !== null) return frame.function;
  if (frame.module !== null) return `${frame.module}+${frame.offset ?? '0x0'}`;
  return frame.address ?? '<unknown>';
}

/** TSan's runtime, start-up code and system libraries are there to read past. */
function importance(frame: Frame): 'important' | 'unimportant' {
  return isProgramFrame(frame) ? 'important' : 'unimportant';
}
