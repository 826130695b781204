import { resolve } from 'node:path';
import type { ReportFormat } from '../../render/format-names.js';
import { renderContext } from '../../render/report-format.js';
import type { SarifLog } from '../../render/sarif-types.js';
import type { TerminalStyle } from '../../render/terminal-style.js';
import { triageToJson } from '../../render/triage-json.js';
import { triageToText } from '../../render/triage-terminal.js';
import { seenAcrossVersions } from '../../store/seen-across-versions.js';
import { type SeenBefore, StoreError } from '../../store/store.js';
import type { TriageResult } from '../../triage/triage.js';
import { EXIT, type ExitCode, ExitError } from '../exit-codes.js';
import { type FailOn, failingGroups, failOnMessage } from '../fail-on.js';
import { gitTopLevel } from '../git-top-level.js';
import { totalsOfGroups } from '../group-totals.js';
import { openStoreIfPresent } from '../open-read-store.js';
import type { CommandIo } from '../output.js';
import { applyDecisions } from '../read-decisions.js';
import { triageInputs } from '../triage-inputs.js';
import { writeOutputFile } from '../write-output.js';

export interface TriageCommandOptions {
  readonly format: ReportFormat;
  readonly output?: string;
  readonly group?: string;
  readonly sourceRoot?: string;
  readonly known?: string;
  readonly config?: string;
  readonly suppressions?: readonly string[];
  readonly modulePaths?: readonly string[];
  readonly strictSuppressions?: boolean;
  /** The history store for "seen before" (`--db`); read only when it exists. */
  readonly db?: string;
  /** `--symbolize --binaries DIR...` */
  readonly binaries?: readonly string[];
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
  /** Colours and links for the terminal format (`--color`); none by default. */
  readonly style?: TerminalStyle;
  /** `--fail-on new|regressed|any`: exit 1 when such a group is found. */
  readonly failOn?: FailOn;
}

/** `racelens triage [--format F] [-o FILE] [--group ID] [--known PATH] <inputs...>` */
export async function triageCommand(
  inputs: readonly string[],
  options: TriageCommandOptions,
  io: CommandIo,
): Promise<ExitCode> {
  const triaged = await triageInputs(inputs, options, io);
  const { inputErrors } = triaged;
  let result = await applyDecisions(triaged.result, triaged.known, options.db, io);
  if (options.group !== undefined) result = onlyGroup(result, options.group);
  const seenBefore =
    options.format === 'terminal' || options.format === 'json'
      ? await readSeenBefore(result, options.db, io)
      : undefined;
  const sourceRoot = sourceRootFor(options);
  // Colour only what goes to the terminal, never a file.
  const style = options.output === undefined || options.output === '-' ? options.style : undefined;
  const text = await render(options.format, result, seenBefore, { sourceRoot, inputs }, style);
  if (options.format === 'sarif') await warnUnplaced(text, sourceRoot, io);
  // `-o -` is standard output, as in most tools.
  if (options.output !== undefined && options.output !== '-') writeOutputFile(options.output, text);
  else await io.stdout.write(text);
  if (inputErrors > 0) return EXIT.input;
  if (options.failOn !== undefined) {
    const failing = failingGroups(result, options.failOn);
    if (failing.length > 0) {
      await io.stderr.write(`${failOnMessage(failing, options.failOn)}\n`);
      return EXIT.findings;
    }
  }
  return EXIT.ok;
}

async function render(
  format: ReportFormat,
  result: TriageResult,
  seenBefore: ReadonlyMap<string, SeenBefore> | undefined,
  context: { sourceRoot: string | null; inputs: readonly string[] },
  style: TerminalStyle | undefined,
): Promise<string> {
  switch (format) {
    case 'terminal':
      return triageToText(result, seenBefore, style);
    case 'json':
      return `${JSON.stringify(triageToJson(result, seenBefore), null, 2)}\n`;
    case 'markdown': {
      const { renderMarkdown } = await import('../../render/markdown.js');
      return renderMarkdown(renderContext(result, context));
    }
    case 'sarif': {
      const { renderSarif } = await import('../../render/sarif.js');
      return renderSarif(renderContext(result, context));
    }
    case 'junit': {
      const { renderJunit } = await import('../../render/junit.js');
      return renderJunit(renderContext(result, context));
    }
    case 'html': {
      const { renderHtml } = await import('../../render/html.js');
      return renderHtml(renderContext(result, context));
    }
    case 'github': {
      const { renderGithubAnnotations } = await import('../../render/github-annotations.js');
      return renderGithubAnnotations(renderContext(result, context));
    }
    case 'codequality': {
      const { renderCodeQuality } = await import('../../render/codequality.js');
      return renderCodeQuality(renderContext(result, context));
    }
  }
}

/**
 * `--source-root`, made absolute (SARIF needs it for its base URI); for the formats code
 * scanning and CI read, the git top-level of the current folder when not given, since
 * absolute `file:///` URIs cannot be mapped to the repository.
 */
function sourceRootFor(options: TriageCommandOptions): string | null {
  if (options.sourceRoot !== undefined) return resolve(options.sourceRoot);
  return REPOSITORY_FORMATS.has(options.format) ? gitTopLevel() : null;
}

const REPOSITORY_FORMATS: ReadonlySet<ReportFormat> = new Set(['sarif', 'github', 'codequality']);

/**
 * What code scanning cannot place, said on stderr: files kept with an absolute URI, and groups
 * left out because no frame lies under the root. Both mean the root is likely wrong or missing.
 */
async function warnUnplaced(text: string, root: string | null, io: CommandIo): Promise<void> {
  const log = JSON.parse(text) as SarifLog;
  const run = log.runs[0];
  const absolute = new Set(
    [...text.matchAll(/"uri": "(file:\/\/\/[^"]*[^/"])"/g)].map((m) => m[1] ?? ''),
  );
  const unlocated = run?.properties?.['racelens/unlocated'];
  const left = Array.isArray(unlocated) ? unlocated.length : 0;
  if (absolute.size === 0 && left === 0) return;
  const rootText = root ?? '(none: not in a git checkout)';
  const what = [
    absolute.size > 0
      ? `${absolute.size} file${absolute.size === 1 ? '' : 's'} outside the source root ${rootText} kept an absolute URI (${[...absolute][0]}) that code scanning cannot map to the repository`
      : null,
    left > 0
      ? `${left} group${left === 1 ? '' : 's'} left out: no frame under the source root ${rootText}`
      : null,
  ]
    .filter((part) => part !== null)
    .join('; ');
  await io.stderr.write(
    `racelens: warning: ${what}; pass --source-root with the folder the program was built from\n`,
  );
}

/** Per group signature, the runs of the store that saw it; undefined when there is no store. */
async function readSeenBefore(
  result: TriageResult,
  db: string | undefined,
  io: CommandIo,
): Promise<ReadonlyMap<string, SeenBefore> | undefined> {
  const store = await openStoreIfPresent(db, io);
  if (store === null) return undefined;
  try {
    return await seenAcrossVersions(
      store,
      result.groups.map((g) => g.group.signature.text),
    );
  } catch (error) {
    // As when it cannot be opened: one line, and triage goes on unless --db named the store.
    if (!(error instanceof StoreError)) throw error;
    if (db !== undefined) throw new ExitError(EXIT.usage, error.message);
    await io.stderr.write(`racelens: ${error.message} (seen-before not shown)\n`);
    return undefined;
  } finally {
    await store.close();
  }
}

/** `--group ID`: the group whose id starts with ID, with its own totals. */
function onlyGroup(result: TriageResult, id: string): TriageResult {
  const wanted = id.trim().toLowerCase();
  const matches = result.groups.filter(
    (g) => g.group.signature.id.startsWith(wanted) || g.group.signature.text === id,
  );
  if (matches.length === 0)
    throw new ExitError(
      EXIT.usage,
      `no group has the id '${id}' in these inputs; 'racelens triage <inputs>' lists the ids`,
    );
  if (matches.length > 1)
    throw new ExitError(
      EXIT.usage,
      `'${id}' is the start of ${matches.length} group ids (${matches
        .slice(0, 5)
        .map((g) => g.group.signature.id)
        .join(', ')}); give more of the id`,
    );
  return { ...result, groups: matches, totals: totalsOfGroups(matches) };
}

/** `--known PATH` read with the config's frame rules; a bad file is a usage error. (gate too) */
