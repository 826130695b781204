import { withDecisions } from '../decide/apply-decisions.js';
import type { DecisionEntry } from '../decide/decision.js';
import type { KnownIssue } from '../match/known-issues.js';
import { StoreError } from '../store/store.js';
import type { TriageResult } from '../triage/triage.js';
import { EXIT, ExitError } from './exit-codes.js';
import { openStoreIfPresent } from './open-read-store.js';
import type { CommandIo } from './output.js';

/**
 * A triage with its decisions: those a `--known` file records (racelens known export), then
 * the store's (when there is one; `--db` or the default). A store that cannot be read is said
 * in one line and triage goes on, as for "seen before", unless `--db` named it.
 */
export async function applyDecisions(
  result: TriageResult,
  known: readonly KnownIssue[],
  db: string | undefined,
  io: CommandIo,
): Promise<TriageResult> {
  const history = [...knownHistory(result, known), ...(await storeHistory(result, db, io))];
  if (history.length === 0) return result;
  return withDecisions(result, history);
}

/** The `--known` file's decisions as history entries of the groups they name. */
function knownHistory(result: TriageResult, known: readonly KnownIssue[]): DecisionEntry[] {
  const entries: DecisionEntry[] = [];
  let id = 0;
  for (const { group } of result.groups) {
    const { text, id: shortId, title } = group.signature;
    for (const issue of known) {
      if (!issue.decisions?.length) continue;
      if (!issue.signatures.has(text) && !issue.signatures.has(shortId)) continue;
      // Ids below zero: these entries are not the store's and are never undone by it.
      for (const made of issue.decisions)
        entries.push({
          id: --id,
          signature: text,
          shortId,
          title,
          decision: made.decision,
          by: made.by ?? issue.source,
          at: made.at ?? '',
        });
    }
  }
  return entries;
}

async function storeHistory(
  result: TriageResult,
  db: string | undefined,
  io: CommandIo,
): Promise<DecisionEntry[]> {
  if (result.groups.length === 0) return [];
  const store = await openStoreIfPresent(db, io);
  if (store === null) return [];
  try {
    return await store.decisionHistory(result.groups.map((g) => g.group.signature.text));
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    if (db !== undefined) throw new ExitError(EXIT.usage, error.message);
    await io.stderr.write(`racelens: ${error.message} (decisions not shown)\n`);
    return [];
  } finally {
    await store.close();
  }
}
