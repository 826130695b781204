import type { Frame } from '../model/frame.js';
import { isRuntimeFrame, isStartupFrame, isSystemFrame } from './runtime-frames.js';

/**
 * The one rule for "the program's frame", used by triage and by every view (SARIF locations
 * and thread flows, the Markdown draft, the HTML group view, the `parse` listing): a frame
 * with a function name that is not TSan's runtime or an interceptor (`pthread_create`,
 * `malloc` printed by clang's static runtime), not thread or process start-up, and not in a
 * system library or header. It is the rule signature anchors follow on raw frames (before the
 * config's plumbing list, which needs the normalised stack: see `anchorOf`).
 */
export function isProgramFrame(frame: Frame): boolean {
  return frame.function !== null && !isSystemFrame(frame) && !isOwnedByRuntime(frame);
}

/** TSan's runtime or start-up code: never the program's, and never worth showing first. */
export function isOwnedByRuntime(frame: Frame): boolean {
  return isRuntimeFrame(frame) || isStartupFrame(frame);
}

/**
 * The frame a view names for a stack: its first program frame; else (a race inside libc or
 * the C++ library with nothing of the program's) its first named frame that is not the
 * runtime's or start-up code; else null.
 */
export function programFrame(frames: readonly Frame[]): Frame | null {
  let fallback: Frame | null = null;
  for (const frame of frames) {
    if (frame.function === null || isOwnedByRuntime(frame)) continue;
    if (!isSystemFrame(frame)) return frame;
    fallback ??= frame;
  }
  return fallback;
}
