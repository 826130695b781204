import type { Frame } from '../model/frame.js';
import type { Report } from '../model/report.js';
import type { Group } from '../triage/group.js';
import { anchorOf, type FrameRules, type NormalFrame } from '../triage/normalize-stack.js';
import { signatureSides } from '../triage/signature.js';
import { formatFrame } from './format-frame.js';
import type { GroupView } from './group-view.js';
import { isAbsolutePath } from './sarif-uri.js';
import { relativeToRoot } from './source-root.js';

/**
 * The program frame of each anchor stack: where a person (or a CI annotation) looks first.
 * Every view asks here, so the rule that picks it lives in one place and can change there.
 */
export function groupProgramFrames(group: Group): Frame[] {
  return framesOf(group.sides);
}

/** The same for a report read without triage (`racelens parse`). */
export function reportProgramFrames(report: Report, rules: FrameRules): Frame[] {
  return framesOf(signatureSides(report, rules.forReport(report)).stacks);
}

function framesOf(stacks: readonly (readonly NormalFrame[])[]): Frame[] {
  return stacks.map(anchorOf).flatMap((anchor) => (anchor ? [anchor.frame] : []));
}

/** `transfer (examples/deadlock.c:20) ↔ transfer (examples/deadlock.c:19)`: one form everywhere. */
export function programFramesText(frames: readonly Frame[]): string {
  return frames.map(formatFrame).join(' ↔ ');
}

/** The same from a group's view: the anchor frame of each side. */
export function viewProgramFrames(view: GroupView): Frame[] {
  return view.sides.flatMap((side) => {
    const frame = side.anchorIndex === null ? undefined : side.frames[side.anchorIndex];
    return frame ? [frame] : [];
  });
}

/** Where in the repository a group is shown: its first program frame under the root. */
export interface RepositoryPlace {
  /** Relative to the source root, with `/`. */
  readonly path: string;
  readonly line: number;
}

export function repositoryPlace(view: GroupView, root: string | null): RepositoryPlace | null {
  for (const frame of viewProgramFrames(view)) {
    if (frame.file === null || frame.line === null) continue;
    // Without a root, an absolute path cannot be named relative to the repository.
    if (root === null && isAbsolutePath(frame.file)) continue;
    const path = relativeToRoot(frame.file, root ?? '/');
    if (path !== null) return { path, line: frame.line };
  }
  return null;
}
