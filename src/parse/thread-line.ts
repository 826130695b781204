import type { ThreadRef } from '../model/report.js';
import { parseWho } from './thread-ref.js';

export interface ThreadHeader {
  readonly id: ThreadRef;
  readonly name: string | null;
  readonly tid: number | null;
  readonly state: 'running' | 'finished' | null;
  readonly createdBy: ThreadRef | null;
  readonly gcdWorker: boolean;
  /** ` at:` follows: a creation stack comes next. */
  readonly hasStack: boolean;
}

const STATE = /^\((?:tid=(\d{1,10}), )?(running|finished)\)$/;

/**
 * `Thread T7 'Thread-7 (hamme' (tid=22032, running) created by main thread at:`.
 * Names may hold spaces, quotes and parentheses, so the `(tid=..., state)` group is found
 * from the right and the name is what lies between the thread id and it.
 */
export function parseThreadHeader(text: string): ThreadHeader | null {
  if (!text.startsWith('Thread T')) return null;
  const idEnd = text.indexOf(' ', 8);
  if (idEnd === -1) return null;
  const id = text.slice(7, idEnd);
  if (!/^T\d{1,10}$/.test(id)) return null;

  let tail: string;
  let gcdWorker = false;
  let createdBy: ThreadRef | null = null;
  let hasStack = false;
  const created = text.lastIndexOf(' created by ');
  if (created !== -1) {
    let who = text.slice(created + 12);
    if (who.endsWith(' at:')) {
      hasStack = true;
      who = who.slice(0, -4);
    } else if (who.endsWith(':')) {
      hasStack = true;
      who = who.slice(0, -1);
    }
    createdBy = parseWho(who);
    if (createdBy === null) return null;
    tail = text.slice(idEnd + 1, created);
  } else if (text.endsWith(' is a GCD worker thread')) {
    gcdWorker = true;
    tail = text.slice(idEnd + 1, -' is a GCD worker thread'.length);
  } else {
    return null;
  }

  const open = tail.lastIndexOf('(');
  if (open === -1) return null;
  const state = STATE.exec(tail.slice(open));
  if (!state) return null;
  const namePart = tail.slice(0, open).trim();
  const name =
    namePart.length >= 2 && namePart.startsWith("'") && namePart.endsWith("'")
      ? namePart.slice(1, -1)
      : namePart.length > 0
        ? namePart
        : null;
  return {
    id,
    name,
    tid: state[1] === undefined ? null : Number(state[1]),
    state: state[2] === 'running' ? 'running' : 'finished',
    createdBy,
    gcdWorker,
    hasStack,
  };
}
