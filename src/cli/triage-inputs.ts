import { type KnownIssue, KnownIssuesError, loadKnownIssues } from '../match/known-issues.js';
import type { Config } from '../triage/config.js';
import { FrameRules } from '../triage/normalize-stack.js';
import { Triage, type TriageResult } from '../triage/triage.js';
import { EXIT, ExitError } from './exit-codes.js';
import type { CommandIo } from './output.js';
import { readConfig } from './read-config.js';
import { readRecords } from './read-records.js';
import { readSuppressions } from './read-suppressions.js';

/** The options every command that triages logs takes (`triage`, `gate`). */
export interface TriageInputOptions {
  readonly config?: string;
  readonly known?: string;
  readonly suppressions?: readonly string[];
  readonly modulePaths?: readonly string[];
  /** `--strict-suppressions`: a suppression file TSan would refuse is a usage error. */
  readonly strictSuppressions?: boolean;
  /** `--symbolize --binaries DIR...` */
  readonly binaries?: readonly string[];
  /** `--include GLOB`, `--exclude GLOB`: which files of a walked directory are read. */
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
}

/**
 * Reads the config, known issues and suppressions (each failing with exit 2 and its reason),
 * then triages every input. Unreadable inputs are reported on stderr and counted.
 */
export async function triageInputs(
  inputs: readonly string[],
  options: TriageInputOptions,
  io: CommandIo,
): Promise<{
  readonly result: TriageResult;
  readonly inputErrors: number;
  readonly known: readonly KnownIssue[];
}> {
  const config = readConfig(options.config);
  const warnings: string[] = [];
  const known = options.known ? readKnown(options.known, config, warnings) : [];
  // A tracker's folder holds issues without a report: named, and triage goes on.
  for (const warning of warnings)
    await io.stderr.write(`racelens: ${warning}
`);
  const suppressions = options.suppressions?.length
    ? await readSuppressions(
        options.suppressions,
        options.modulePaths ?? [],
        io,
        options.strictSuppressions === true,
      )
    : undefined;
  const triage = new Triage({ config, known, suppressions });
  const inputErrors = await readRecords(
    inputs,
    io,
    (record) => {
      triage.add(record);
    },
    { binaries: options.binaries, include: options.include, exclude: options.exclude },
  );
  return { result: triage.finish(), inputErrors, known };
}

function readKnown(path: string, config: Config, warnings: string[]) {
  try {
    return loadKnownIssues(path, new FrameRules(config), (message) => warnings.push(message));
  } catch (error) {
    if (error instanceof KnownIssuesError) throw new ExitError(EXIT.usage, error.message);
    throw error;
  }
}
