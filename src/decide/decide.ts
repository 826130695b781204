import type { GroupRef, Store } from '../store/store.js';
import { StoreError } from '../store/store.js';
import { activeDecisions, type Decision, type DecisionEntry } from './decision.js';

/**
 * What `decide` asks for: a decision to add, or the undo of one (the newest that holds, or
 * the entry named by its id).
 */
export type DecideRequest =
  | {
      readonly kind: 'add';
      readonly decision: Exclude<Decision, { kind: 'undo' | 'duplicate-of' }>;
    }
  | { readonly kind: 'duplicate-of'; readonly group: string }
  | { readonly kind: 'undo'; readonly entry: number | null };

/** A decision the user cannot make: the message says why and what to do. */
export class DecideError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecideError';
  }
}

/**
 * Makes or undoes a decision on the group `id` names (a 4+ character prefix of its short id
 * or its signature, among the groups the store saw or decided about). The library's entry for
 * the CLI and the team server alike.
 */
export async function decide(
  store: Store,
  id: string,
  request: DecideRequest,
  by: string,
): Promise<{ readonly group: GroupRef; readonly entry: DecisionEntry }> {
  const group = await requireGroup(store, id);
  const base = { signature: group.signature, shortId: group.shortId, title: group.title, by };
  switch (request.kind) {
    case 'add': {
      let decision = request.decision;
      // A group id (a prefix of one) is kept as the group's short id; anything else as given.
      if (decision.kind === 'related-to') {
        const target = await store.findGroup(decision.target).catch(() => null);
        if (target !== null) decision = { kind: 'related-to', target: target.shortId };
      }
      return { group, entry: await store.addDecision({ ...base, decision }) };
    }
    case 'duplicate-of': {
      const target = await requireGroup(store, request.group);
      if (target.signature === group.signature)
        throw new DecideError(`group ${group.shortId} cannot be a duplicate of itself`);
      const decision: Decision = { kind: 'duplicate-of', group: target.shortId };
      return { group, entry: await store.addDecision({ ...base, decision }) };
    }
    case 'undo': {
      const held = activeDecisions(await store.decisionHistory([group.signature]));
      const undone =
        request.entry === null ? held.at(-1) : held.find((d) => d.id === request.entry);
      if (undone === undefined)
        throw new DecideError(
          request.entry === null
            ? `group ${group.shortId} has no decision to undo ('racelens decisions' lists them)`
            : `group ${group.shortId} has no decision #${request.entry} that holds ('racelens decisions' lists them)`,
        );
      const decision: Decision = { kind: 'undo', undoes: undone.id };
      return { group, entry: await store.addDecision({ ...base, decision }) };
    }
  }
}

async function requireGroup(store: Store, id: string): Promise<GroupRef> {
  const group = await store.findGroup(id);
  if (group === null)
    throw new StoreError(
      `no group has the id '${id}' in ${store.location}; 'racelens history' lists the groups recorded (ingest the log first)`,
    );
  return group;
}

/** Every group's decision history, grouped by signature, groups in order of first decision. */
export async function listDecisions(
  store: Store,
): Promise<{ readonly group: GroupRef; readonly history: DecisionEntry[] }[]> {
  const groups = new Map<string, { group: GroupRef; history: DecisionEntry[] }>();
  for (const entry of await store.decisionHistory()) {
    let item = groups.get(entry.signature);
    if (!item) {
      item = {
        group: { signature: entry.signature, shortId: entry.shortId, title: entry.title },
        history: [],
      };
      groups.set(entry.signature, item);
    }
    item.history.push(entry);
  }
  return [...groups.values()];
}
