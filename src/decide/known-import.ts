import type { KnownIssue } from '../match/known-issues.js';
import type { Store } from '../store/store.js';
import { activeDecisions, type Decision } from './decision.js';
import { isClosed } from './group-state.js';
import type { KnownDecision } from './known-decisions.js';
import { shortIdOf } from './short-id.js';

export interface ImportSummary {
  /** Known issues read. */
  readonly issues: number;
  /** Groups (signatures) decisions were recorded for. */
  readonly groups: number;
  /** Decisions added. */
  readonly added: number;
  /** Decisions the store already held (an import run twice adds nothing). */
  readonly unchanged: number;
  /** Signatures listed as short ids the store does not know (no full signature to key on). */
  readonly unresolved: readonly string[];
}

/**
 * Loads known issues into a store as decisions, keyed by each signature: the decisions the
 * file records (a `known export`), or else what the tracker says (open: filed; closed: filed
 * closed and fixed). A decision the group already holds is not added again.
 */
export async function importKnown(
  store: Store,
  issues: readonly KnownIssue[],
  by: string,
): Promise<ImportSummary> {
  let added = 0;
  let unchanged = 0;
  const groups = new Set<string>();
  const unresolved: string[] = [];
  for (const issue of issues) {
    const decisions = issue.decisions?.length ? issue.decisions : trackerDecisions(issue);
    for (const listed of issue.signatures) {
      const signature = await fullSignature(store, listed);
      if (signature === null) {
        unresolved.push(listed);
        continue;
      }
      groups.add(signature);
      const held = new Set(
        activeDecisions(await store.decisionHistory([signature])).map((d) => key(d.decision)),
      );
      const title =
        issue.reports.find((r) => r.signature.text === signature)?.signature.title ?? issue.title;
      for (const made of decisions) {
        if (held.has(key(made.decision))) {
          unchanged++;
          continue;
        }
        await store.addDecision({
          signature,
          shortId: shortIdOf(signature),
          title,
          decision: made.decision,
          by: made.by ?? by,
          ...(made.at ? { at: made.at } : {}),
        });
        held.add(key(made.decision));
        added++;
      }
    }
  }
  return { issues: issues.length, groups: groups.size, added, unchanged, unresolved };
}

/** What a tracker's issue says: filed (its state), and fixed when closed. */
function trackerDecisions(issue: KnownIssue): KnownDecision[] {
  const closed = isClosed(issue.state);
  const filed: Decision = {
    kind: 'filed',
    ref: issue.url ?? issue.id,
    title: issue.title,
    state: closed ? 'closed' : 'open',
  };
  const list: KnownDecision[] = [{ decision: filed, by: null, at: null }];
  if (closed) list.push({ decision: { kind: 'fixed', in: null }, by: null, at: null });
  return list;
}

/** A signature text as it is; a short id through the store; null when the store lacks it. */
async function fullSignature(store: Store, listed: string): Promise<string | null> {
  if (listed.includes('|')) return listed;
  const group = await store.findGroup(listed).catch(() => null);
  return group?.signature ?? null;
}

/** Two decisions are the same when their fields are (who and when aside). */
function key(decision: Decision): string {
  return JSON.stringify(Object.entries(decision).sort(([a], [b]) => a.localeCompare(b)));
}
