import type { Frame } from '../model/frame.js';

// Frames of Go's race detector stacks, as signatures treat them (docs/triage.md).

/**
 * The race detector's own plumbing and the bottom of every goroutine: never an anchor.
 * Everything else of the standard library (`runtime.mapassign_fast64`, `sync/atomic.AddInt64`,
 * `testing.tRunner`) is kept as a system frame: shown, but an anchor only when a stack has
 * nothing of the project's.
 */
export function isGoRuntimeFrame(frame: Frame): boolean {
  const fn = frame.function;
  if (fn === null) return false;
  return (
    fn === 'runtime.goexit' ||
    fn.startsWith('internal/race.') ||
    fn.startsWith('runtime/race.') ||
    fn.startsWith('runtime.race')
  );
}

/**
 * A frame of Go's standard library: a package path whose first element has no dot (module
 * paths start with a domain), other than `main`, in a file under `<GOROOT>/src/<path>/`
 * (a user package named like a standard one lives elsewhere). Without a file the path decides.
 */
export function isGoSystemFrame(frame: Frame): boolean {
  const path = goPackagePath(frame.function);
  if (path === null || path === 'main') return false;
  const first = path.split('/', 1)[0]!;
  if (first.includes('.')) return false;
  return frame.file === null || frame.file.includes(`/src/${path}/`);
}

/** `github.com/org/repo/store.(*Cache).Get` -> `github.com/org/repo/store`. */
export function goPackagePath(fn: string | null): string | null {
  if (fn === null) return null;
  const slash = fn.lastIndexOf('/');
  const dot = fn.indexOf('.', slash + 1);
  return dot === -1 ? null : fn.slice(0, dot);
}
