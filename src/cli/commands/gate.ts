import { gateToJson } from '../../render/gate-json.js';
import { gateToText } from '../../render/gate-terminal.js';
import { fetchBaseline, ServerError, type ServerTarget } from '../../serve/client.js';
import type { BaselineResult } from '../../store/store.js';
import { type FailingStatus, type GateBaseline, gateVerdict } from '../../triage/gate-verdict.js';
import { EXIT, type ExitCode, ExitError } from '../exit-codes.js';
import { openStoreToRead, storeOrExit } from '../open-read-store.js';
import type { CommandIo } from '../output.js';
import { applyDecisions } from '../read-decisions.js';
import { triageInputs } from '../triage-inputs.js';

export interface GateCommandOptions {
  readonly baseline: string;
  readonly suppressions?: readonly string[];
  readonly known?: string;
  readonly modulePaths?: readonly string[];
  readonly config?: string;
  readonly json: boolean;
  readonly db?: string;
  /** `--server URL`: read the baseline from a racelens server instead of a store. */
  readonly server?: string;
  readonly token?: string;
  /** `--fail-on new,regressed`: what fails the gate (both by default). */
  readonly failOn?: readonly FailingStatus[];
}

/**
 * `racelens gate --baseline BRANCH|RUN <inputs...>`: triages the inputs as `triage` does and
 * fails (exit 1) when a group is in none of the baseline, the suppressions and the known
 * issues. Reads the store, never writes it: gating a run does not make it a baseline.
 */
export async function gateCommand(
  inputs: readonly string[],
  options: GateCommandOptions,
  io: CommandIo,
): Promise<ExitCode> {
  // The baseline before the inputs: a mistyped branch fails at once, not after a large log.
  const baseline =
    options.server !== undefined
      ? await serverBaseline({ url: options.server, token: options.token }, options.baseline)
      : await readBaseline(options.db, options.baseline);
  const triaged = await triageInputs(inputs, options, io);
  const { inputErrors } = triaged;
  const result = await applyDecisions(triaged.result, triaged.known, options.db, io);
  const verdict = gateVerdict(result, baseline.signatures, options.failOn);
  const described: GateBaseline = {
    name: options.baseline,
    kind: baseline.kind,
    runs: baseline.runs,
  };
  await io.stdout.write(
    options.json
      ? `${JSON.stringify(gateToJson(verdict, described), null, 2)}\n`
      : gateToText(verdict, described),
  );
  if (!verdict.passed) return EXIT.findings;
  // An input that could not be read may hold a new race: the gate cannot pass on it.
  return inputErrors > 0 ? EXIT.input : EXIT.ok;
}

async function readBaseline(db: string | undefined, name: string): Promise<BaselineResult> {
  const { store } = await openStoreToRead(db);
  try {
    return await storeOrExit(() => store.baselineSignatures(name));
  } finally {
    await store.close();
  }
}

async function serverBaseline(target: ServerTarget, name: string): Promise<BaselineResult> {
  try {
    const answer = await fetchBaseline(target, name);
    return { kind: answer.kind, runs: answer.runs, signatures: new Set(answer.signatures) };
  } catch (error) {
    if (error instanceof ServerError) throw new ExitError(EXIT.usage, error.message);
    throw error;
  }
}
