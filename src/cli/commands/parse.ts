import type { Report, SuppressionHitsRecord } from '../../model/report.js';
import { RecordJsonWriter } from '../../parse/record-json.js';
import type { InputSource } from '../../read/input-sources.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CommandIo } from '../output.js';
import { readRecords } from '../read-records.js';

export interface ParseCommandOptions {
  readonly json: boolean;
  /** `--symbolize --binaries DIR...` */
  readonly binaries?: readonly string[];
  /** `--include GLOB`, `--exclude GLOB`: which files of a walked directory are read. */
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
}

export interface ParseCommandResult {
  readonly reports: number;
  readonly truncated: number;
  readonly diagnostics: number;
  readonly inputErrors: number;
  readonly exitCode: ExitCode;
}

/** `racelens parse [--json] <inputs...>`: every report of every input, as read. */
export async function parseCommand(
  inputs: readonly string[],
  options: ParseCommandOptions,
  io: CommandIo,
): Promise<ParseCommandResult> {
  // The one-line view needs triage's frame rules (and zod, for the config): --json does not.
  const describe = options.json ? String : await reportDescriber();
  let reports = 0;
  let truncated = 0;
  let diagnostics = 0;
  // JSON Lines gathered into batches of text (records as JSON.stringify writes them).
  const json = new RecordJsonWriter();
  // Large files on several threads; their records come back as text (--json only).
  const segmented =
    options.json && options.binaries === undefined ? await segmentedParse() : undefined;
  const inputErrors = await readRecords(
    inputs,
    io,
    async (record) => {
      if (record.type === 'report') {
        reports++;
        if (record.truncated) truncated++;
        diagnostics += record.diagnostics.length;
      } else if (record.type === 'diagnostic') {
        diagnostics++;
      }
      if (options.json) {
        json.write(record);
        if (json.full) await io.stdout.writeNow(json.take());
      } else if (record.type === 'report') {
        await io.stdout.write(`${describe(record)}\n`);
      } else if (record.type === 'diagnostic') {
        await io.stderr.write(`${record.file}:${record.line}: ${record.code}: ${record.message}\n`);
      } else {
        await io.stdout.write(`${describeHits(record)}\n`);
      }
    },
    {
      binaries: options.binaries,
      include: options.include,
      exclude: options.exclude,
      segmented,
      takeSerialized: async (records) => {
        reports += records.reports;
        truncated += records.truncated;
        diagnostics += records.diagnostics;
        if (json.length > 0) await io.stdout.writeNow(json.take());
        await io.stdout.writeNow(records.data, records.release);
      },
    },
  ).finally(async () => {
    // What was read before an error is still written.
    if (options.json) await io.stdout.writeNow(json.take());
    await segmented?.parse.close();
  });
  if (!options.json) {
    const parts = [`${reports} report${reports === 1 ? '' : 's'}`];
    if (truncated > 0) parts.push(`${truncated} cut short`);
    if (diagnostics > 0) parts.push(`${diagnostics} diagnostic${diagnostics === 1 ? '' : 's'}`);
    await io.stdout.write(`${parts.join(', ')}\n`);
  }
  const exitCode = inputErrors > 0 ? EXIT.input : EXIT.ok;
  return { reports, truncated, diagnostics, inputErrors, exitCode };
}

/** The runtime's own count of suppression hits (print_suppressions=1). */
function describeHits(record: SuppressionHitsRecord): string {
  const where = `${record.source.file}:${record.source.line}`;
  const hits = record.hits.map((h) => `${h.count}× ${h.type}:${h.pattern}`).join(', ');
  return `${where}  suppressions used (${record.total} hits${record.pid === null ? '' : `, pid ${record.pid}`}): ${hits}`;
}

/**
 * The segmented parse for files of two segments or more, or undefined for one thread
 * (`RACELENS_PARSE_THREADS=1`; see segment-thread.ts for the settings).
 */
async function segmentedParse() {
  const [{ SegmentedParse }, { parsesOnThreads, parseThreads, segmentBytes }] = await Promise.all([
    import('../../parse/segments/segmented-parse.js'),
    import('../../parse/segments/segment-thread.js'),
  ]);
  const threads = parseThreads();
  if (threads < 2) return undefined;
  return {
    parse: new SegmentedParse({ threads, segmentBytes: segmentBytes() }),
    wants: (source: InputSource) => parsesOnThreads(source.name, source.size ?? 0),
  };
}

/** Loads what the one-line view needs, only when it is asked for. */
async function reportDescriber(): Promise<(report: Report) => string> {
  const [{ programFramesText, reportProgramFrames }, { DEFAULT_CONFIG }, { FrameRules }] =
    await Promise.all([
      import('../../render/program-frames.js'),
      import('../../triage/config.js'),
      import('../../triage/normalize-stack.js'),
    ]);
  const rules = new FrameRules(DEFAULT_CONFIG);
  return (report) => describeReport(report, programFramesText(reportProgramFrames(report, rules)));
}

/** One line: where, what, and `tops`, the program frame of each access (as triage shows them). */
function describeReport(report: Report, tops: string): string {
  const where = `${report.source.file}:${report.source.line}`;
  const flags = [
    report.pid === null ? null : `pid ${report.pid}`,
    report.truncated ? 'truncated' : null,
  ]
    .filter((f) => f !== null)
    .join(', ');
  return `${where}  ${report.kind}: ${tops || '(no frames)'}${flags ? `  [${flags}]` : ''}`;
}
