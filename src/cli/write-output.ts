import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT, ExitError } from './exit-codes.js';

/**
 * `--output FILE`: written beside the target and renamed over it, so a reader (a CI upload step,
 * a browser reloading the page) never sees half a report, and a failed run leaves the old one.
 */
export function writeOutputFile(path: string, text: string): void {
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory())
    throw new ExitError(
      EXIT.input,
      `cannot write ${path}: it is a folder; give a file name in it (-o ${join(path, 'report')}...) or - for standard output`,
    );
  const temporary = `${path}.racelens-${process.pid}.tmp`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new ExitError(
      EXIT.input,
      `cannot write ${path} (${reason}); check that its folder exists and is writable`,
    );
  }
}
