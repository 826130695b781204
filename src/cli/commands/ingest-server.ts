import { hashInputs } from '../../read/hash-inputs.js';
import { expandInputs, InputError } from '../../read/input-sources.js';
import { postLog, ServerError, type ServerTarget } from '../../serve/client.js';
import { ciRunDefaults, contentRunName } from '../../store/run-identity.js';
import { EXIT, type ExitCode, ExitError } from '../exit-codes.js';
import type { CommandIo } from '../output.js';

export interface ServerIngestOptions {
  readonly run?: string;
  readonly commit?: string;
  readonly branch?: string;
  readonly job?: string;
}

/**
 * `racelens ingest --server URL --token T <inputs...>`: each input is streamed to the server,
 * which parses and records it; the run is named here as a local ingest names it. A refused
 * token or an unreachable server stops at once (exit 2); an input the server refuses (too
 * large, bad gzip) is reported and the others are still sent (exit 3).
 */
export async function ingestToServer(
  inputs: readonly string[],
  target: ServerTarget,
  options: ServerIngestOptions,
  io: CommandIo,
): Promise<ExitCode> {
  const ci = ciRunDefaults();
  let run = options.run ?? ci.name;
  if (run === null) {
    if (inputs.includes('-'))
      throw new ExitError(EXIT.usage, 'ingest --server from standard input needs --run NAME');
    run = contentRunName(await hashInputs(inputs));
  }
  const params = {
    run,
    commit: options.commit ?? ci.commit,
    branch: options.branch ?? ci.branch,
    job: options.job ?? ci.job,
  };
  let failed = 0;
  for await (const source of expandInputs(inputs)) {
    if (source instanceof InputError) {
      failed++;
      await io.stderr.write(`racelens: ${source.message}\n`);
      continue;
    }
    try {
      const answer = await postLog(target, source, params);
      await io.stdout.write(
        answer.status === 'duplicate'
          ? `${source.name}: already recorded in run ${answer.run}, not counted again\n`
          : `${source.name}: ${plural(answer.reports, 'report')} in ${plural(answer.groups, 'group')} (${answer.newGroups} new to the store) recorded in run ${answer.run}\n`,
      );
    } catch (error) {
      if (!(error instanceof ServerError)) throw error;
      if (error.status === 400 || error.status === 413) {
        failed++;
        await io.stderr.write(`racelens: ${source.name}: not recorded: ${error.message}\n`);
        continue;
      }
      throw new ExitError(EXIT.usage, error.message);
    }
  }
  return failed > 0 ? EXIT.input : EXIT.ok;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
