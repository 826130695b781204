import { groupRunsToJson, historyToJson } from '../../render/history-json.js';
import { groupRunsToText, historyToText } from '../../render/history-terminal.js';
import { normalizeSince } from '../../store/since.js';
import { EXIT, type ExitCode, ExitError } from '../exit-codes.js';
import { openStoreToRead, storeOrExit } from '../open-read-store.js';
import type { CommandIo } from '../output.js';

export interface HistoryCommandOptions {
  readonly group?: string;
  readonly since?: string;
  readonly json: boolean;
  readonly db?: string;
}

/** `racelens history [--group ID] [--since DATE] [--json] [--db PATH]`: reads, never writes. */
export async function historyCommand(
  options: HistoryCommandOptions,
  io: CommandIo,
): Promise<ExitCode> {
  const since = options.since === undefined ? null : sinceOf(options.since);
  if (options.group !== undefined && since !== null) {
    throw new ExitError(
      EXIT.usage,
      '--since does not apply to --group, which lists every run that saw the group; leave one out',
    );
  }
  const { store, location } = await openStoreToRead(options.db);
  try {
    const group = options.group;
    if (group !== undefined) {
      // An ambiguous or too short id is said by the store in one line.
      const groupRuns = await storeOrExit(() => store.groupRuns(group));
      if (groupRuns === null) {
        throw new ExitError(
          EXIT.usage,
          `no group has the id '${options.group}' in ${location}; 'racelens history' lists the ids`,
        );
      }
      const total = groupRuns.totalRuns;
      await io.stdout.write(
        options.json
          ? `${JSON.stringify(groupRunsToJson(groupRuns, total), null, 2)}\n`
          : groupRunsToText(groupRuns, total),
      );
      return EXIT.ok;
    }
    const result = await storeOrExit(() => store.history(since === null ? {} : { since }));
    await io.stdout.write(
      options.json
        ? `${JSON.stringify(historyToJson(result, since), null, 2)}\n`
        : historyToText(result, { store: location, since }),
    );
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

function sinceOf(text: string): string {
  const since = normalizeSince(text);
  if (since === null) {
    throw new ExitError(
      EXIT.usage,
      `--since takes an ISO date or date-time (2024-05-01, 2024-05-01T12:00Z), not '${text}'`,
    );
  }
  return since;
}
