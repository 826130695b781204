import type { Frame } from '../model/frame.js';
import type { SideView } from './group-view.js';

// How SARIF messages name a stack (a side) and the place it is shown at.

/**
 * What a side is, in words: `Previous atomic write of size 8 by thread T7 'Thread-7 (hamme'
 * (daemon thread, still running)`; stacks that are not accesses name their thread in the heading.
 */
export function sideDescription(side: SideView): string {
  const role = side.role ? ` (${side.role})` : '';
  return side.access ? `${side.heading} by ${side.threadLabel}${role}` : `${side.heading}${role}`;
}

/** `take_gil()`: the side's anchor as a call, or null when it has none. */
export function anchorCall(side: SideView): string | null {
  const anchor = side.anchorIndex === null ? undefined : side.frames[side.anchorIndex];
  const name = side.anchorName ?? anchor?.function ?? null;
  if (name === null) return null;
  return name.endsWith(')') ? name : `${name}()`;
}

/**
 * A side and where: `Previous atomic write of size 8 in take_gil()`. Stacks that are not
 * accesses name their thread in the heading, so the place follows a comma.
 */
export function headingAt(side: SideView): string {
  return withCall(side.heading, side);
}

/** A located frame in words: the side, its anchor, and the frame when it is not the anchor. */
export function placedDescription(side: SideView, frame: Frame | undefined): string {
  const anchor = side.anchorIndex === null ? undefined : side.frames[side.anchorIndex];
  let text = withCall(sideDescription(side), side);
  if (frame && frame !== anchor && frame.function) text += ` via ${frame.function}`;
  return text;
}

function withCall(text: string, side: SideView): string {
  const call = anchorCall(side);
  if (!call) return text;
  return side.access ? `${text} in ${call}` : `${text}, in ${call}`;
}
