import { KnownIssuesError, loadKnownIssues } from '../../match/known-issues.js';
import { triageToJson } from '../../render/triage-json.js';
import { triageToText } from '../../render/triage-terminal.js';
import type { Config } from '../../triage/config.js';
import { FrameRules } from '../../triage/normalize-stack.js';
import { Triage } from '../../triage/triage.js';
import { EXIT, type ExitCode, ExitError } from '../exit-codes.js';
import type { CommandIo } from '../output.js';
import { readConfig } from '../read-config.js';
import { readRecords } from '../read-records.js';
import { readSuppressions } from '../read-suppressions.js';

export interface TriageCommandOptions {
  readonly json: boolean;
  readonly known?: string;
  readonly config?: string;
  readonly suppressions?: readonly string[];
  readonly modulePaths?: readonly string[];
}

/** `racelens triage [--json] [--known PATH] [--config FILE] <inputs...>` */
export async function triageCommand(
  inputs: readonly string[],
  options: TriageCommandOptions,
  io: CommandIo,
): Promise<ExitCode> {
  const config = readConfig(options.config);
  const known = options.known ? readKnown(options.known, config) : [];
  const suppressions = options.suppressions?.length
    ? await readSuppressions(options.suppressions, options.modulePaths ?? [], io)
    : undefined;
  const triage = new Triage({ config, known, suppressions });
  const inputErrors = await readRecords(inputs, io, (record) => {
    triage.add(record);
  });
  const result = triage.finish();
  await io.stdout.write(
    options.json ? `${JSON.stringify(triageToJson(result), null, 2)}\n` : triageToText(result),
  );
  return inputErrors > 0 ? EXIT.input : EXIT.ok;
}

function readKnown(path: string, config: Config) {
  try {
    return loadKnownIssues(path, new FrameRules(config));
  } catch (error) {
    if (error instanceof KnownIssuesError) throw new ExitError(EXIT.usage, error.message);
    throw error;
  }
}
