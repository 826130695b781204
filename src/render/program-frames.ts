import type { Frame } from '../model/frame.js';
import type { Report } from '../model/report.js';
import type { Group } from '../triage/group.js';
import { anchorOf, type FrameRules, type NormalFrame } from '../triage/normalize-stack.js';
import { signatureSides } from '../triage/signature.js';
import { formatFrame } from './format-frame.js';

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
