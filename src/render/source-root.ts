import { isAbsolute, posix } from 'node:path';

/**
 * A frame's file relative to the source root, or null when it lies outside it. Absolute paths
 * must be under the root; relative ones (as compilers print them when run from the build
 * directory) are taken as relative to it unless they climb out of it.
 */
export function relativeToRoot(file: string, root: string): string | null {
  const path = posix.normalize(file.replaceAll('\\', '/'));
  if (!isAbsolute(path) && !/^[A-Za-z]:\//.test(path)) {
    return path === '..' || path.startsWith('../') ? null : path.replace(/^\.\//, '');
  }
  const base = posix.normalize(`${root.replaceAll('\\', '/').replace(/\/+$/, '')}/`);
  return path.startsWith(base) && path.length > base.length ? path.slice(base.length) : null;
}
