import { posix } from 'node:path';
import type { SarifArtifactLocation } from './sarif-types.js';
import { relativeToRoot } from './source-root.js';

/** The `uriBaseId` of paths relative to the source root (`run.originalUriBaseIds.SRCROOT`). */
export const SRCROOT = 'SRCROOT';

/**
 * Where a file is, as a SARIF artifact location, and whether it lies in the project:
 * - `root`: under the source root (or printed relative, as compilers do when run from the
 *   build directory), written relative to SRCROOT;
 * - `absolute`: anywhere else, written as an absolute `file://` URI.
 * A relative path that climbs out of the root (`../x.h`) cannot be written either way.
 */
export interface PlacedFile {
  readonly where: 'root' | 'absolute';
  readonly artifact: SarifArtifactLocation;
}

export function placeFile(file: string, sourceRoot: string | null): PlacedFile | null {
  const path = file.replaceAll('\\', '/');
  if (!isAbsolutePath(path)) {
    // relativeToRoot reads relative paths on their own; the root only matters for absolute ones.
    const relative = relativeToRoot(path, sourceRoot ?? '/');
    if (relative === null || relative === '.' || relative === '') return null;
    return { where: 'root', artifact: { uri: encodePath(relative), uriBaseId: SRCROOT } };
  }
  if (sourceRoot !== null) {
    const relative = relativeToRoot(path, sourceRoot);
    if (relative !== null)
      return { where: 'root', artifact: { uri: encodePath(relative), uriBaseId: SRCROOT } };
  }
  return { where: 'absolute', artifact: { uri: fileUri(posix.normalize(path)) } };
}

/** `file:///home/me/src/`: the source root as `originalUriBaseIds` needs it, or null if relative. */
export function sourceRootUri(sourceRoot: string): string | null {
  const path = sourceRoot.replaceAll('\\', '/');
  if (!isAbsolutePath(path)) return null;
  const uri = fileUri(posix.normalize(path));
  return uri.endsWith('/') ? uri : `${uri}/`;
}

export function isAbsolutePath(file: string): boolean {
  const path = file.replaceAll('\\', '/');
  return path.startsWith('/') || /^[A-Za-z]:\//.test(path);
}

/** An absolute POSIX or Windows path as a `file://` URI, each segment percent-encoded. */
function fileUri(path: string): string {
  const drive = /^[A-Za-z]:\//.test(path);
  const rest = drive ? path.slice(3) : path.slice(1);
  return `file:///${drive ? path.slice(0, 3) : ''}${encodePath(rest)}`;
}

/**
 * Percent-encodes each segment, so that spaces, `%`, `#`, `?` and a `:` (which in a first
 * segment would read as a scheme) make a valid URI reference. Sub-delimiters legal in a path
 * stay readable: `c++`, `a,b`, `x=1`, `@`.
 */
function encodePath(path: string): string {
  return (
    path
      .split('/')
      // encodeURIComponent throws on a lone surrogate; a log should not carry one, but may.
      .map((segment) => encodeURIComponent(segment.replace(/\p{Cs}/gu, '\uFFFD')))
      .map((segment) => segment.replace(/%(?:2B|40|3D|2C|3B|24|26)/g, decodeURIComponent))
      .join('/')
  );
}
