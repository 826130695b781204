import type { CycleMutex, LockEdge } from '../model/report.js';
import { parseWho, WHO } from './thread-ref.js';

export interface MutexHeader {
  readonly id: string;
  readonly address: string | null;
  readonly destroyed: boolean;
}

const CREATED = /^Mutex (M\d{1,12})(?: \((0x[0-9a-fA-F]+)\))? created at:$/;
const DESTROYED = /^Mutex (M\d{1,12})(?: \((0x[0-9a-fA-F]+)\))? is already destroyed\.$/;

/** `Mutex M0 (0x5555555580a0) created at:` (older runtimes: no address; `is already destroyed.`) */
export function parseMutexHeader(text: string): MutexHeader | null {
  const created = CREATED.exec(text);
  if (created) return { id: created[1]!, address: created[2] ?? null, destroyed: false };
  const destroyed = DESTROYED.exec(text);
  if (destroyed) return { id: destroyed[1]!, address: destroyed[2] ?? null, destroyed: true };
  return null;
}

const EDGE = new RegExp(
  `^Mutex (M\\d{1,12}) acquired here while holding mutex (M\\d{1,12}) in ${WHO}:$`,
);
const EDGE_PREVIOUS = /^Mutex (M\d{1,12}) previously acquired by the same thread here:$/;

export interface EdgeHeader {
  readonly previous: boolean;
  readonly edge: LockEdge;
}

/** Lock-order inversion edges and, with second_deadlock_stack=1, their earlier acquisitions. */
export function parseEdgeHeader(text: string): EdgeHeader | null {
  const edge = EDGE.exec(text);
  if (edge) {
    return {
      previous: false,
      edge: { acquired: edge[1]!, held: edge[2]!, thread: parseWho(edge[3]!) },
    };
  }
  const previous = EDGE_PREVIOUS.exec(text);
  if (previous)
    return { previous: true, edge: { acquired: previous[1]!, held: null, thread: null } };
  return null;
}

/** `Cycle in lock order graph: M0 (0x...) => M1 (0x...) => M0` */
export function parseCycle(text: string): CycleMutex[] | null {
  const prefix = 'Cycle in lock order graph: ';
  if (!text.startsWith(prefix)) return null;
  const nodes = text
    .slice(prefix.length)
    .split(' => ')
    .map((part) => /^(M\d{1,12})(?: \((0x[0-9a-fA-F]+)\))?$/.exec(part.trim()));
  const cycle: CycleMutex[] = [];
  for (const node of nodes) {
    if (!node) return null;
    cycle.push({ id: node[1]!, address: node[2] ?? null });
  }
  // The cycle is printed closed (`M0 => M1 => M0`); keep each mutex once.
  const last = cycle[cycle.length - 1];
  if (cycle.length > 1 && last && last.id === cycle[0]?.id) cycle.pop();
  return cycle;
}
