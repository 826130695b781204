import { stringify } from 'yaml';
import type { Store } from '../store/store.js';
import { listDecisions } from './decide.js';
import { type ActiveDecision, activeDecisions } from './decision.js';

/**
 * `racelens known export`: the decisions that hold, per group, in the `--known` format (YAML):
 * one entry per group with its signature, a tracker state (closed once fixed or its issue is
 * closed) and its decisions with who and when. A file to review and commit; `--known` reads
 * it without a store, `known import` loads it into one.
 */
export async function knownExport(store: Store): Promise<{ text: string; groups: number }> {
  const entries = [];
  for (const { group, history } of await listDecisions(store)) {
    const held = activeDecisions(history);
    if (held.length === 0) continue;
    const filed = held.find((d) => d.decision.kind === 'filed');
    entries.push({
      id: group.shortId,
      title: group.title ?? undefined,
      url: filed?.decision.kind === 'filed' ? filed.decision.ref : undefined,
      state: closes(held) ? 'closed' : 'open',
      signatures: [group.signature],
      decisions: held.map((d) => ({ ...d.decision, by: d.by, at: d.at })),
    });
  }
  const header = [
    '# racelens known issues: written by `racelens known export`.',
    '# Use with `racelens triage --known FILE`, or load into a store with `racelens known import FILE`.',
    '',
  ].join('\n');
  return {
    text: `${header}${stringify({ issues: entries }, { lineWidth: 0 })}`,
    groups: entries.length,
  };
}

function closes(held: readonly ActiveDecision[]): boolean {
  return held.some(
    (d) =>
      d.decision.kind === 'fixed' || (d.decision.kind === 'filed' && d.decision.state === 'closed'),
  );
}
