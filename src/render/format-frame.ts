import type { Frame } from '../model/frame.js';

/** `interpreter_clear (Python/pystate.c:769)`: a frame in one short human-readable piece. */
export function formatFrame(frame: Frame | undefined): string {
  if (!frame) return '?';
  const fn = frame.function ?? (frame.module ? `${frame.module}+${frame.offset}` : '<unknown>');
  if (frame.file === null) return fn;
  const file = frame.file.split('/').slice(-2).join('/');
  return frame.line === null ? `${fn} (${file})` : `${fn} (${file}:${frame.line})`;
}
