import { gateToJson } from '../../render/gate-json.js';
import { gateToText } from '../../render/gate-terminal.js';
import { fetchBaseline, ServerError, type ServerTarget } from '../../serve/client.js';
import { openStoreAt } from '../../store/open-store.js';
import { type BaselineResult, StoreError } from '../../store/store.js';
import { storeLocation } from '../../store/store-location.js';
import { type FailingStatus, type GateBaseline, gateVerdict } from '../../triage/gate-verdict.js';
import { EXIT, type ExitCode, ExitError } from '../exit-codes.js';
import { storeOrExit } from '../open-read-store.js';
import type { CommandIo } from '../output.js';
import { applyDecisions } from '../read-decisions.js';
import { triageInputs } from '../triage-inputs.js';

export interface GateCommandOptions {
  readonly baseline: string;
  readonly suppressions?: readonly string[];
  readonly known?: string;
  readonly modulePaths?: readonly string[];
  readonly strictSuppressions?: boolean;
  readonly config?: string;
  readonly json: boolean;
  readonly db?: string;
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  /** `--allow-missing-baseline`: no store or no such baseline yet passes (a first run). */
  readonly allowMissingBaseline?: boolean;
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
  let baseline: BaselineResult;
  try {
    baseline =
      options.server !== undefined
        ? await serverBaseline({ url: options.server, token: options.token }, options.baseline)
        : await readBaseline(options.db, options.baseline);
  } catch (error) {
    if (!(error instanceof MissingBaseline) || options.allowMissingBaseline !== true) throw error;
    // The first run of a project has nothing to compare with: pass, and say why.
    await io.stderr.write(
      `racelens: ${error.message}\nracelens: no baseline yet: the gate passes (--allow-missing-baseline); ingest runs of ${options.baseline} to gate later ones\n`,
    );
    return EXIT.ok;
  }
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

/** No store yet, or no run of the baseline yet: what `--allow-missing-baseline` lets pass. */
class MissingBaseline extends ExitError {}

async function readBaseline(db: string | undefined, name: string): Promise<BaselineResult> {
  // A store that is not there is a first run; one that cannot be read (damaged, foreign) is not.
  const location = await storeOrExit(async () => storeLocation(db));
  const store = await storeOrExit(() => openStoreAt(location, { create: false, readonly: true }));
  if (store === null) {
    throw new MissingBaseline(
      EXIT.usage,
      `no racelens store at ${location.display}; run 'racelens ingest <logs>' first (or pass --db)`,
    );
  }
  try {
    return await store.baselineSignatures(name);
  } catch (error) {
    if (error instanceof StoreError) throw new MissingBaseline(EXIT.usage, error.message);
    throw error;
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
