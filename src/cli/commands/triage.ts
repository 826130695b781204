import { resolve } from 'node:path';
import type { ReportFormat } from '../../render/format-names.js';
import { renderContext } from '../../render/report-format.js';
import { triageToJson } from '../../render/triage-json.js';
import { triageToText } from '../../render/triage-terminal.js';
import { type SeenBefore, StoreError } from '../../store/store.js';
import type { TriageResult } from '../../triage/triage.js';
import { EXIT, type ExitCode, ExitError } from '../exit-codes.js';
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
  /** The history store for "seen before" (`--db`); read only when it exists. */
  readonly db?: string;
  /** `--symbolize --binaries DIR...` */
  readonly binaries?: readonly string[];
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
  const text = await render(options.format, result, seenBefore, {
    // SARIF needs an absolute root for its base URI; relative paths are taken from here.
    sourceRoot: options.sourceRoot === undefined ? null : resolve(options.sourceRoot),
    inputs,
  });
  if (options.output !== undefined) writeOutputFile(options.output, text);
  else await io.stdout.write(text);
  return inputErrors > 0 ? EXIT.input : EXIT.ok;
}

async function render(
  format: ReportFormat,
  result: TriageResult,
  seenBefore: ReadonlyMap<string, SeenBefore> | undefined,
  context: { sourceRoot: string | null; inputs: readonly string[] },
): Promise<string> {
  switch (format) {
    case 'terminal':
      return triageToText(result, seenBefore);
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
  }
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
    return await store.seenBefore(result.groups.map((g) => g.group.signature.text));
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

/** `--group ID`: the group whose id starts with ID; its totals stay those of the whole triage. */
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
  return { ...result, groups: matches };
}

/** `--known PATH` read with the config's frame rules; a bad file is a usage error. (gate too) */
