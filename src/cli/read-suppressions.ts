import { loadSuppressionFiles, SuppressionFileError } from '../match/load-suppressions.js';
import type { SuppressionFile } from '../match/suppression-file.js';
import { SuppressionMatcher } from '../match/suppression-matcher.js';
import { EXIT, ExitError } from './exit-codes.js';
import { modulePathResolver } from './module-paths.js';
import type { CommandIo } from './output.js';

/**
 * Reads --suppressions files; lines the runtime would refuse are reported and skipped. When
 * the runtime would refuse the whole file, that is said loudly (the program would not even
 * start with it); `strict` makes it a usage error (exit 2).
 */
export async function readSuppressionFile(
  paths: readonly string[],
  io: CommandIo,
  options: {
    readonly builtins?: boolean;
    readonly quiet?: boolean;
    readonly strict?: boolean;
  } = {},
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
  const refusing = file.problems.filter((p) => p.refusesFile);
  if (refusing.length === 0) return file;
  const where = [...new Set(refusing.map((p) => p.file))].join(', ');
  const lines = `${refusing.length} line${refusing.length === 1 ? '' : 's'}`;
  if (options.strict)
    throw new ExitError(
      EXIT.usage,
      `TSan refuses ${where} as a whole (${lines} it cannot parse, listed above): a program run with it stops with "failed to parse suppressions"; fix the lines`,
    );
  await io.stderr.write(
    `racelens: WARNING: TSan refuses ${where} as a whole (${lines} it cannot parse, listed above): a program run with it stops at start with "failed to parse suppressions", so it suppresses nothing. racelens applied the other entries as if the file were fixed; --strict-suppressions makes this an error (exit 2)\n`,
  );
  return file;
}

/** A matcher over --suppressions files (with the runtime's built-in entries). */
export async function readSuppressions(
  paths: readonly string[],
  modulePaths: readonly string[],
  io: CommandIo,
  strict = false,
): Promise<SuppressionMatcher> {
  return new SuppressionMatcher((await readSuppressionFile(paths, io, { strict })).entries, {
    modulePath: modulePathResolver(modulePaths),
  });
}
