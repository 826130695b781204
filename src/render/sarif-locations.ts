import type { Frame } from '../model/frame.js';
import { isProgramFrame } from '../triage/program-frame.js';
import type { GroupView, SideView } from './group-view.js';
import type { SarifLogicalLocation, SarifPhysicalLocation } from './sarif-types.js';
import { isAbsolutePath, type PlacedFile, placeFile } from './sarif-uri.js';

/** A frame chosen to show a stack at, with where its file is. */
export interface PlacedFrame {
  readonly side: number;
  readonly frame: Frame;
  readonly place: PlacedFile;
}

/**
 * The frame a result is shown at. It must be a project frame (not TSan's runtime, not start-up
 * code, not a system header or library) with a file and a line; with a source root, its file
 * must lie under the root (relative paths count as under it); without one, any path does.
 *
 * Order: the first side's anchor, then each side's frames from its anchor outwards (first side
 * first), then the frames above the anchors (plumbing the signature skipped). Null when no frame
 * qualifies: the report lies wholly in system code, outside the root, or has no files.
 */
export function primaryFrame(view: GroupView, sourceRoot: string | null): PlacedFrame | null {
  for (const [side, index] of searchOrder(view.sides)) {
    const placed = projectPlace(view.sides[side]!.frames[index]!, sourceRoot);
    if (placed) return { side, frame: view.sides[side]!.frames[index]!, place: placed };
  }
  return null;
}

/**
 * The frame a side is shown at among the related locations: its own best project frame, else
 * its anchor wherever that is (a system header still tells where the access happened).
 */
export function sideFrame(
  view: GroupView,
  side: number,
  sourceRoot: string | null,
): PlacedFrame | null {
  const stack = view.sides[side]!;
  for (const [, index] of searchOrder([stack])) {
    const placed = projectPlace(stack.frames[index]!, sourceRoot);
    if (placed) return { side, frame: stack.frames[index]!, place: placed };
  }
  const anchor = stack.anchorIndex === null ? undefined : stack.frames[stack.anchorIndex];
  const place = anchor ? placeFrame(anchor, sourceRoot) : null;
  return anchor && place ? { side, frame: anchor, place } : null;
}

/**
 * Where a frame's file is. A relative path counts as relative to the source root only in a
 * project frame: glibc prints its own sources relative (`csu/../sysdeps/nptl/...`), and those
 * are nowhere in the project.
 */
export function placeFrame(frame: Frame, sourceRoot: string | null): PlacedFile | null {
  if (frame.file === null) return null;
  const place = placeFile(frame.file, sourceRoot);
  if (place?.where === 'root' && !isAbsolutePath(frame.file) && !isProgramFrame(frame)) return null;
  return place;
}

function* searchOrder(sides: readonly SideView[]): Generator<[number, number]> {
  for (const [s, side] of sides.entries())
    for (let i = side.anchorIndex ?? 0; i < side.frames.length; i++) yield [s, i];
  for (const [s, side] of sides.entries())
    for (let i = 0; i < (side.anchorIndex ?? 0); i++) yield [s, i];
}

function projectPlace(frame: Frame, sourceRoot: string | null): PlacedFile | null {
  if (frame.file === null || frame.line === null || frame.line < 1) return null;
  if (!isProgramFrame(frame)) return null;
  const place = placeFile(frame.file, sourceRoot);
  if (!place) return null;
  return sourceRoot === null || place.where === 'root' ? place : null;
}

/** A frame's physical location, or null when it has no file that can be written as a URI. */
export function framePhysicalLocation(
  frame: Frame,
  sourceRoot: string | null,
  place: PlacedFile | null = placeFrame(frame, sourceRoot),
): SarifPhysicalLocation | null {
  if (!place) return null;
  if (frame.line === null || frame.line < 1) return { artifactLocation: place.artifact };
  const region =
    frame.column !== null && frame.column >= 1
      ? { startLine: frame.line, startColumn: frame.column }
      : { startLine: frame.line };
  return { artifactLocation: place.artifact, region };
}

export function logicalLocation(name: string, fullName: string | null): SarifLogicalLocation {
  return fullName && fullName !== name
    ? { name, fullyQualifiedName: fullName, kind: 'function' }
    : { name, kind: 'function' };
}
