import { loadSuppressionFiles, SuppressionFileError } from '../match/load-suppressions.js';
import type { SuppressionFile } from '../match/suppression-file.js';
import { SuppressionMatcher } from '../match/suppression-matcher.js';
import { EXIT, ExitError } from './exit-codes.js';
import { modulePathResolver } from './module-paths.js';
import type { CommandIo } from './output.js';

/** Reads --suppressions files; lines the runtime would refuse are reported and skipped. */
export async function readSuppressionFile(
  paths: readonly string[],
  io: CommandIo,
  options: { readonly builtins?: boolean; readonly quiet?: boolean } = {},
): Promise<SuppressionFile> {
  let file: SuppressionFile;
  try {
    file = loadSuppressionFiles(paths, { builtins: options.builtins });
  } catch (error) {
    if (error instanceof SuppressionFileError) throw new ExitError(EXIT.usage, error.message);
    throw error;
  }
  if (options.quiet) return file;
  for (const problem of file.problems) {
    await io.stderr.write(`${problem.file}:${problem.line}: ${problem.message}\n`);
  }
  return file;
}

/** A matcher over --suppressions files (with the runtime's built-in entries). */
export async function readSuppressions(
  paths: readonly string[],
  modulePaths: readonly string[],
  io: CommandIo,
): Promise<SuppressionMatcher> {
  return new SuppressionMatcher((await readSuppressionFile(paths, io)).entries, {
    modulePath: modulePathResolver(modulePaths),
  });
}
