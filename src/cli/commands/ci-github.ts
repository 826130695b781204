import { resolve } from 'node:path';
import { renderGithubAnnotations } from '../../render/github-annotations.js';
import { renderGithubSummary } from '../../render/github-summary.js';
import { renderContext } from '../../render/report-format.js';
import { renderSarif } from '../../render/sarif.js';
import { openStoreAt } from '../../store/open-store.js';
import { StoreError } from '../../store/store.js';
import { storeLocation } from '../../store/store-location.js';
import { gateVerdict } from '../../triage/gate-verdict.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { expandGlobs } from '../expand-globs.js';
import { isRegressed } from '../fail-on.js';
import { gitTopLevel } from '../git-top-level.js';
import { appendRunnerFile, outputLines, readGithubEnv } from '../github-env.js';
import { storeOrExit } from '../open-read-store.js';
import type { CommandIo } from '../output.js';
import { type TriageInputOptions, triageInputs } from '../triage-inputs.js';
import { writeOutputFile } from '../write-output.js';

export interface CiGithubOptions extends TriageInputOptions {
  /** Branch or run to compare with; default: the pull request's base branch, else this branch. */
  readonly baseline?: string;
  readonly db?: string;
  /** Where the SARIF goes (for github/codeql-action/upload-sarif); default racelens.sarif. */
  readonly sarif: string;
  readonly sourceRoot?: string;
  /** Error annotations at most (GitHub shows 10 per step). */
  readonly maxAnnotations?: number;
}

/** A baseline read from the store, or why there is none (the first run of a project). */
type Baseline =
  | { readonly found: true; readonly label: string; readonly signatures: ReadonlySet<string> }
  | { readonly found: false; readonly reason: string };

/**
 * `racelens ci github <logs or globs...>`: the whole GitHub Actions step in one command (the
 * composite action runs it). Triages the logs, writes SARIF, appends the Markdown summary of
 * new and regressed groups to $GITHUB_STEP_SUMMARY, prints an error annotation on the program
 * frame of each new group, sets step outputs, and gates: exit 1 when a group is new against
 * the baseline or regressed; with no baseline yet, it passes and says so.
 */
export async function ciGithubCommand(
  patterns: readonly string[],
  options: CiGithubOptions,
  io: CommandIo,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ExitCode> {
  const github = readGithubEnv(env);
  const { paths, unmatched } = await expandGlobs(patterns);
  for (const pattern of unmatched)
    await io.stdout.write(
      `::notice title=racelens::no file matches ${pattern} (TSan writes log_path files only when it reports)\n`,
    );
  const baselineName = options.baseline ?? github.baseRef ?? github.refName;
  const baseline = await readBaseline(options.db, baselineName);
  const { result, inputErrors } = await triageInputs(paths, options, io);
  const verdict = gateVerdict(result, baseline.found ? baseline.signatures : new Set());
  const newIds = new Set(
    verdict.groups.filter((g) => g.status === 'new').map((g) => g.triaged.group.signature.id),
  );
  const regressedIds = new Set(result.groups.filter(isRegressed).map((g) => g.group.signature.id));
  const sourceRoot = resolve(options.sourceRoot ?? github.workspace ?? gitTopLevel() ?? '.');
  const ctx = renderContext(result, { sourceRoot, inputs: paths });

  writeOutputFile(options.sarif, renderSarif(ctx));
  await io.stdout.write(
    renderGithubAnnotations(ctx, {
      isNew: (view) => newIds.has(view.id) || regressedIds.has(view.id),
      limit: options.maxAnnotations,
      level: baseline.found ? 'error' : 'warning',
    }),
  );
  const summary = renderGithubSummary(ctx, {
    newIds,
    regressedIds,
    baseline: baseline.found ? baseline.label : null,
    noBaselineReason: baseline.found ? undefined : baseline.reason,
    sarifPath: options.sarif,
    blobUrl: github.blobBase
      ? (path, line) =>
          `${github.blobBase}${path.split('/').map(encodeURIComponent).join('/')}#L${line}`
      : undefined,
  });
  if (github.stepSummary !== null)
    appendRunnerFile(github.stepSummary, `${summary}\n`, 'step summary');
  else await io.stdout.write(summary);

  const failing = baseline.found ? newIds.size + regressedIds.size : regressedIds.size;
  const passed = failing === 0 && inputErrors === 0;
  if (github.output !== null)
    appendRunnerFile(
      github.output,
      outputLines({
        groups: result.totals.groups,
        'new-groups': newIds.size,
        'regressed-groups': regressedIds.size,
        baseline: baseline.found ? 'found' : 'none',
        sarif: options.sarif,
        passed,
      }),
      'step output',
    );
  await io.stderr.write(`${verdictLine(baseline, newIds.size, regressedIds.size)}\n`);
  if (inputErrors > 0) return EXIT.input;
  return failing > 0 ? EXIT.findings : EXIT.ok;
}

function verdictLine(baseline: Baseline, fresh: number, regressed: number): string {
  const groups = (n: number, what: string) => `${n} ${what} group${n === 1 ? '' : 's'}`;
  if (!baseline.found) {
    const fail =
      regressed > 0 ? `; failing on ${groups(regressed, 'regressed')}` : '; the gate passes';
    return `racelens: no baseline yet (${baseline.reason})${fail}. Record runs of the base branch with 'racelens ingest' and keep the store between runs (README: Use it in CI)`;
  }
  if (fresh + regressed === 0)
    return `racelens: no new or regressed group against ${baseline.label}; the gate passes`;
  return `racelens: ${groups(fresh, 'new')} and ${groups(regressed, 'regressed')} against ${baseline.label}; the gate fails (exit 1)`;
}

/**
 * The first run has no store and the base branch may have no run yet: both mean no baseline.
 * A store that exists but cannot be read (damaged, another program's) fails with exit 2.
 */
async function readBaseline(db: string | undefined, name: string | null): Promise<Baseline> {
  if (name === null)
    return { found: false, reason: 'no --baseline and no GITHUB_BASE_REF or GITHUB_REF_NAME' };
  const location = await storeOrExit(async () => storeLocation(db));
  const store = await storeOrExit(() => openStoreAt(location, { create: false, readonly: true }));
  if (store === null) return { found: false, reason: `no history store at ${location.display}` };
  try {
    const baseline = await store.baselineSignatures(name);
    const label = `${baseline.kind} ${name} (${baseline.runs} run${baseline.runs === 1 ? '' : 's'})`;
    return { found: true, label, signatures: baseline.signatures };
  } catch (error) {
    if (error instanceof StoreError) return { found: false, reason: error.message };
    throw error;
  } finally {
    await store.close();
  }
}
