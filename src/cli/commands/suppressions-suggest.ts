import { SuppressionSuggester } from '../../match/suppression-suggest.js';
import { suggestionsToJson, suggestionsToText } from '../../render/suppressions-suggest.js';
import { anchorOf } from '../../triage/normalize-stack.js';
import { Triage } from '../../triage/triage.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CommandIo } from '../output.js';
import { readConfig } from '../read-config.js';
import { readRecords } from '../read-records.js';
import { readSuppressions } from '../read-suppressions.js';

export interface SuppressionsSuggestOptions {
  readonly json: boolean;
  readonly config?: string;
  readonly suppressions: readonly string[];
  readonly modulePaths: readonly string[];
  /** `--allow-use-after-free`: suggest lines for use-after-free reports too. */
  readonly allowUseAfterFree?: boolean;
}

/**
 * `racelens suppressions suggest <inputs...>`: for every group not already suppressed by
 * `--suppressions`, the narrowest line that suppresses it and nothing else seen.
 */
export async function suppressionsSuggestCommand(
  inputs: readonly string[],
  options: SuppressionsSuggestOptions,
  io: CommandIo,
): Promise<ExitCode> {
  const suppressions =
    options.suppressions.length > 0
      ? await readSuppressions(options.suppressions, options.modulePaths, io)
      : undefined;
  const triage = new Triage({ config: readConfig(options.config), suppressions });
  const suggester = new SuppressionSuggester();
  const inputErrors = await readRecords(inputs, io, (record) => {
    const group = triage.add(record);
    if (record.type === 'report' && group) suggester.add(record, group.signature.id);
  });
  const result = triage.finish();
  const suggestions = result.groups
    .filter(({ group }) => group.suppressedBy === null && group.report.family !== 'unknown')
    .map(({ group }) =>
      suggester.suggest(
        {
          id: group.signature.id,
          title: group.signature.title,
          count: group.count,
          anchorFunctions: group.sides
            .map((side) => anchorOf(side)?.frame.function ?? null)
            .filter((f) => f !== null),
        },
        { allowUseAfterFree: options.allowUseAfterFree === true },
      ),
    );
  await io.stdout.write(
    options.json
      ? `${JSON.stringify(suggestionsToJson(suggestions), null, 2)}\n`
      : suggestionsToText(suggestions, result.totals.suppressed),
  );
  return inputErrors > 0 ? EXIT.input : EXIT.ok;
}
