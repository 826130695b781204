import type { Report, SuppressionHitsRecord } from '../../model/report.js';
import { RecordJsonWriter } from '../../parse/record-json.js';
import { formatFrame } from '../../render/format-frame.js';
import { isRuntimeFrame } from '../../triage/runtime-frames.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CommandIo } from '../output.js';
import { readRecords } from '../read-records.js';

export interface ParseCommandOptions {
  readonly json: boolean;
  /** `--symbolize --binaries DIR...` */
  readonly binaries?: readonly string[];
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
  let reports = 0;
  let truncated = 0;
  let diagnostics = 0;
  // JSON Lines are encoded into batches of bytes (records as JSON.stringify writes them).
  const json = new RecordJsonWriter();
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
        if (json.full) await io.stdout.writeBytes(json.take());
      } else if (record.type === 'report') {
        await io.stdout.write(`${describeReport(record)}\n`);
      } else if (record.type === 'diagnostic') {
        await io.stderr.write(`${record.file}:${record.line}: ${record.code}: ${record.message}\n`);
      } else {
        await io.stdout.write(`${describeHits(record)}\n`);
      }
    },
    { binaries: options.binaries },
  ).finally(async () => {
    // What was read before an error is still written.
    if (options.json) await io.stdout.writeBytes(json.take());
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

/** One line: where, what, and the top program frame of each access (or of the first stacks). */
function describeReport(report: Report): string {
  const where = `${report.source.file}:${report.source.line}`;
  const stacks =
    report.accesses.length > 0
      ? report.accesses.map((a) => a.frames)
      : report.stacks.length > 0
        ? report.stacks.slice(0, 2).map((s) => s.frames)
        : report.threads.slice(0, 1).map((t) => t.frames);
  // The first frame of the program, not of TSan's runtime (`pthread_mutex_lock`, `free`).
  const tops = stacks
    .map((frames) =>
      formatFrame(frames.find((f) => f.function !== null && !isRuntimeFrame(f)) ?? frames[0]),
    )
    .join(' <-> ');
  const flags = [
    report.pid === null ? null : `pid ${report.pid}`,
    report.truncated ? 'truncated' : null,
  ]
    .filter((f) => f !== null)
    .join(', ');
  return `${where}  ${report.kind}: ${tops || '(no frames)'}${flags ? `  [${flags}]` : ''}`;
}
