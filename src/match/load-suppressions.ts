import { readFileSync } from 'node:fs';
import {
  BUILTIN_SUPPRESSIONS,
  parseSuppressions,
  type SuppressionEntry,
  type SuppressionFile,
  type SuppressionProblem,
} from './suppression-file.js';

/** A suppression file that cannot be read at all (the runtime dies on it too). */
export class SuppressionFileError extends Error {}

/**
 * Reads suppression files in order, as one file would be read (TSan takes a single file; give
 * several to check them together), then appends the runtime's built-in entries.
 */
export function loadSuppressionFiles(
  paths: readonly string[],
  options: { readonly builtins?: boolean } = {},
): SuppressionFile {
  const entries: SuppressionEntry[] = [];
  const problems: SuppressionProblem[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = readFileSync(path, 'latin1');
    } catch (error) {
      const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
      throw new SuppressionFileError(
        `cannot read suppression file ${path} (${reason}); check the path (the runtime itself dies with "failed to read suppressions file")`,
      );
    }
    const file = parseSuppressions(decode(text), path);
    entries.push(...file.entries);
    problems.push(...file.problems);
  }
  if (options.builtins !== false) entries.push(...BUILTIN_SUPPRESSIONS);
  return { entries, problems };
}

/** UTF-8 when the bytes are UTF-8 (names in reports are), else the bytes as Latin-1. */
function decode(latin1: string): string {
  const bytes = Buffer.from(latin1, 'latin1');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return latin1;
  }
}
