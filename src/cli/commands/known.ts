import { readFileSync } from 'node:fs';
import { knownExport } from '../../decide/known-export.js';
import { type ImportSummary, importKnown } from '../../decide/known-import.js';
import { readTrackerExport } from '../../decide/tracker-import.js';
import { TRACKERS } from '../../decide/trackers/index.js';
import { TrackerExportError } from '../../decide/trackers/tracker.js';
import { whoDecides } from '../../decide/who.js';
import { type KnownIssue, KnownIssuesError, loadKnownIssues } from '../../match/known-issues.js';
import { FrameRules } from '../../triage/normalize-stack.js';
import { EXIT, type ExitCode, ExitError } from '../exit-codes.js';
import { openStoreToRead, openStoreToWrite, storeOrExit } from '../open-read-store.js';
import type { CommandIo } from '../output.js';
import { readConfig } from '../read-config.js';
import { writeOutputFile } from '../write-output.js';

/** `racelens known export [-o FILE]`: the store's decisions in the `--known` format. */
export async function knownExportCommand(
  options: { readonly output?: string; readonly db?: string },
  io: CommandIo,
): Promise<ExitCode> {
  const { store } = await openStoreToRead(options.db);
  try {
    const { text, groups } = await storeOrExit(() => knownExport(store));
    if (options.output === undefined) await io.stdout.write(text);
    else {
      writeOutputFile(options.output, text);
      await io.stderr.write(`racelens: wrote ${groups} groups' decisions to ${options.output}\n`);
    }
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

export interface KnownImportOptions {
  /** A tracker's export (`--from github`); else a `--known` file or folder. */
  readonly from?: string;
  readonly verbose: boolean;
  readonly by?: string;
  readonly config?: string;
  readonly db?: string;
}

/** `racelens known import FILE [--from github]`: known issues into the store, as decisions. */
export async function knownImportCommand(
  file: string,
  options: KnownImportOptions,
  io: CommandIo,
): Promise<ExitCode> {
  const rules = new FrameRules(readConfig(options.config));
  const warnings: string[] = [];
  let issues: readonly KnownIssue[];
  let withoutReport: readonly string[] = [];
  if (options.from !== undefined) {
    const importer = TRACKERS[options.from];
    if (importer === undefined)
      throw new ExitError(
        EXIT.usage,
        `--from takes a tracker racelens reads (${Object.keys(TRACKERS).join(', ')}), not '${options.from}'`,
      );
    try {
      const read = readTrackerExport(importer, readJson(file), file, rules);
      issues = read.known;
      withoutReport = read.withoutReport;
    } catch (error) {
      if (error instanceof TrackerExportError)
        throw new ExitError(EXIT.usage, `${file}: ${error.message}`);
      throw error;
    }
  } else {
    try {
      issues = loadKnownIssues(file, rules, (message) => warnings.push(message));
    } catch (error) {
      if (error instanceof KnownIssuesError) throw new ExitError(EXIT.usage, error.message);
      throw error;
    }
  }
  for (const warning of warnings) await io.stderr.write(`racelens: ${warning}\n`);
  const { store } = await openStoreToWrite(options.db);
  let summary: ImportSummary;
  try {
    summary = await storeOrExit(() => importKnown(store, issues, whoDecides(options.by)));
  } finally {
    await store.close();
  }
  const lines = [
    `imported ${summary.issues} issues with reports: ${summary.added} decisions added on ${summary.groups} groups (${summary.unchanged} already held)`,
  ];
  if (withoutReport.length > 0)
    lines.push(
      `skipped ${withoutReport.length} issues without a report${options.verbose ? `: ${withoutReport.join(', ')}` : ' (--verbose names them)'}`,
    );
  if (summary.unresolved.length > 0)
    lines.push(
      `skipped ${summary.unresolved.length} short ids the store does not know (${summary.unresolved.slice(0, 5).join(', ')}): ingest a log with them, or list full signatures`,
    );
  await io.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ExitError(
      EXIT.input,
      `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ExitError(
      EXIT.usage,
      `${file}: not valid JSON (${(error as Error).message}); expected the output of gh issue list --json number,title,body,state,url,labels`,
    );
  }
}
