import { listDecisions } from '../../decide/decide.js';
import { activeDecisions, describeDecision } from '../../decide/decision.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { openStoreToRead, storeOrExit } from '../open-read-store.js';
import type { CommandIo } from '../output.js';

/** Version of `racelens decisions --json` (schemas/decisions.schema.json). */
export const DECISIONS_SCHEMA_VERSION = 1 as const;

/**
 * `racelens decisions [--json]`: per group, the decisions that hold, and with `--history` every
 * entry (undone ones and the undos too).
 */
export async function decisionsCommand(
  options: { readonly json: boolean; readonly history: boolean; readonly db?: string },
  io: CommandIo,
): Promise<ExitCode> {
  const { store } = await openStoreToRead(options.db);
  try {
    const groups = await storeOrExit(() => listDecisions(store));
    if (options.json) {
      const doc = {
        schemaVersion: DECISIONS_SCHEMA_VERSION,
        groups: groups.map(({ group, history }) => ({
          id: group.shortId,
          signature: group.signature,
          title: group.title,
          decisions: activeDecisions(history),
          history,
        })),
      };
      await io.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
      return EXIT.ok;
    }
    const lines: string[] = [];
    for (const { group, history } of groups) {
      const shown = options.history ? history : activeDecisions(history);
      if (shown.length === 0) continue;
      lines.push(`${group.shortId}  ${group.title ?? group.signature}`);
      for (const entry of shown)
        lines.push(
          `  #${entry.id}  ${describeDecision(entry.decision)}  (${entry.by}, ${entry.at})`,
        );
    }
    await io.stdout.write(lines.length === 0 ? 'no decisions recorded\n' : `${lines.join('\n')}\n`);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}
