import { lintSuppressions } from '../../match/suppression-lint.js';
import { SuppressionMatcher } from '../../match/suppression-matcher.js';
import { SuppressionUsage } from '../../match/suppression-usage.js';
import {
  checkToJson,
  checkToText,
  type SuppressionCheck,
} from '../../render/suppressions-check.js';
import { Triage } from '../../triage/triage.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { modulePathResolver } from '../module-paths.js';
import type { CommandIo } from '../output.js';
import { readConfig } from '../read-config.js';
import { readRecords } from '../read-records.js';
import { readSuppressionFile } from '../read-suppressions.js';

export interface SuppressionsCheckOptions {
  readonly logs: readonly string[];
  readonly json: boolean;
  readonly config?: string;
  readonly modulePaths: readonly string[];
}

/**
 * `racelens suppressions check FILE [--logs <inputs...>]`: what is wrong with the file itself,
 * and, against the logs, what each entry matches. Exits 1 when an entry is broken (a line the
 * runtime refuses, a pattern that can never match).
 */
export async function suppressionsCheckCommand(
  path: string,
  options: SuppressionsCheckOptions,
  io: CommandIo,
): Promise<ExitCode> {
  // The file alone, without the runtime's built-in entries: those are not the user's to fix.
  const file = await readSuppressionFile([path], io, { builtins: false, quiet: true });
  const matcher = new SuppressionMatcher(file.entries, {
    modulePath: modulePathResolver(options.modulePaths),
  });
  const usage = new SuppressionUsage(matcher);
  const triage = new Triage({ config: readConfig(options.config) });
  const inputErrors = await readRecords(options.logs, io, (record) => {
    if (record.type === 'suppression-hits') {
      usage.addRuntimeHits(record);
      return;
    }
    const group = triage.add(record);
    if (record.type === 'report' && group) usage.addReport(record, group.signature.id);
  });
  const result = triage.finish();
  const check: SuppressionCheck = {
    file: path,
    logs: options.logs,
    usage,
    findings: [
      ...lintSuppressions(file),
      ...(options.logs.length > 0 ? usage.findings() : []),
    ].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line),
    titles: new Map(result.groups.map((g) => [g.group.signature.id, g.group.signature.title])),
  };
  await io.stdout.write(
    options.json ? `${JSON.stringify(checkToJson(check), null, 2)}\n` : checkToText(check),
  );
  if (inputErrors > 0) return EXIT.input;
  return check.findings.some((f) => f.severity === 'error') ? EXIT.findings : EXIT.ok;
}
