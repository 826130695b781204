import { hashInputs } from '../../read/hash-inputs.js';
import { ciRunDefaults, contentRunName } from '../../store/run-identity.js';
import type { RecordOutcome } from '../../store/store.js';
import { Triage } from '../../triage/triage.js';
import { EXIT, type ExitCode, ExitError } from '../exit-codes.js';
import { openStoreToWrite, storeOrExit } from '../open-read-store.js';
import type { CommandIo } from '../output.js';
import { readConfig } from '../read-config.js';
import { readRecords } from '../read-records.js';

export interface IngestCommandOptions {
  readonly run?: string;
  readonly commit?: string;
  readonly branch?: string;
  readonly job?: string;
  /** `k=v` pairs. */
  readonly meta: readonly string[];
  readonly db?: string;
  readonly config?: string;
  /** `--server URL`: send the inputs to a racelens server instead of a store. */
  readonly server?: string;
  readonly token?: string;
}

/**
 * `racelens ingest <inputs...>`: parses and triages each input, and records it in the store in
 * one transaction: an input is recorded whole or not at all, and an input the run already has
 * (same bytes) is not counted again.
 */
export async function ingestCommand(
  inputs: readonly string[],
  options: IngestCommandOptions,
  io: CommandIo,
): Promise<ExitCode> {
  if (options.server !== undefined) {
    const { ingestToServer } = await import('./ingest-server.js');
    return ingestToServer(inputs, { url: options.server, token: options.token }, options, io);
  }
  const meta = parseMeta(options.meta);
  const config = readConfig(options.config);
  const ci = ciRunDefaults();
  let name = options.run ?? ci.name;
  if (name === null) {
    if (inputs.includes('-'))
      throw new ExitError(
        EXIT.usage,
        'ingest from standard input needs a run name: pass --run NAME (outside CI, the default name is made from the inputs, which are read twice)',
      );
    name = contentRunName(await hashInputs(inputs));
  }
  const { store } = await openStoreToWrite(options.db);
  try {
    const run = await storeOrExit(() =>
      store.openRun({
        name,
        commit: options.commit ?? ci.commit,
        branch: options.branch ?? ci.branch,
        job: options.job ?? ci.job,
        meta,
      }),
    );
    let triage = new Triage({ config });
    let failedInputs = 0;
    // Each input is recorded before the next is read: a slow store slows reading down.
    const inputErrors = await storeOrExit(() =>
      readRecords(
        inputs,
        io,
        (record) => {
          triage.add(record);
        },
        {
          onInputEnd: async (input) => {
            const result = triage.finish();
            triage = new Triage({ config });
            if (input.failed) {
              failedInputs++;
              await io.stderr.write(
                `racelens: ${input.name}: not recorded: it could not be read to its end\n`,
              );
              return;
            }
            const outcome = await store.recordInput(run, input, result);
            await io.stdout.write(`${describeOutcome(input.name, run.name, outcome)}\n`);
          },
        },
      ),
    );
    return inputErrors + failedInputs > 0 ? EXIT.input : EXIT.ok;
  } finally {
    await store.close();
  }
}

function describeOutcome(input: string, run: string, outcome: RecordOutcome): string {
  if (outcome.status === 'duplicate')
    return `${input}: already recorded in run ${run}, not counted again`;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return `${input}: ${plural(outcome.reports, 'report')} in ${plural(outcome.groups, 'group')} (${outcome.newGroups} new to the store) recorded in run ${run}`;
}

function parseMeta(pairs: readonly string[]): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0)
      throw new ExitError(
        EXIT.usage,
        `--meta takes KEY=VALUE, not '${pair}' (e.g. --meta os=linux)`,
      );
    meta[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return meta;
}
