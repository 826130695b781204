import type { Access, MutexRef } from '../model/report.js';
import { parseWho, WHO } from './thread-ref.js';

/** What an access header line says: an access without its stack. */
export type AccessHeader = Omit<Access, 'frames' | 'stackRestored'>;

// `Write of size 8 at 0x55 by main thread:`, `Previous atomic write of size 8 at ... by thread T7
// (mutexes: write M0, read M1):`. The first access is capitalised (`Atomic write`), later ones
// are `Previous atomic write`. Everything after the address is optional: a line cut short
// (or split by another writer) still says which access it is.
const MEMORY_ACCESS = new RegExp(
  `^(Previous )?(?:([Aa]tomic) )?([Ww]rite|[Rr]ead) of size (\\d{1,6}) at (0x[0-9a-fA-F]*)(?: by ${WHO}(?: \\(mutexes: ([^)]*)\\)?)?:?)?$`,
);

// External (tagged) objects and Swift: `Modifying access of Swift variable at 0x... by thread T1:`.
// The object type is free text, so it is cut out with string operations (see parseExternal).
const EXTERNAL_HEAD = /^(Previous )?([Mm]odifying|[Rr]ead-only) access of /;
const EXTERNAL_TAIL = new RegExp(`^ at (0x[0-9a-fA-F]+) by ${WHO}(?: \\(mutexes: ([^)]*)\\))?:?$`);

/** Reads a memory-access section header (the line before an access stack). */
export function parseAccessHeader(text: string): AccessHeader | null {
  const memory = MEMORY_ACCESS.exec(text);
  if (memory) {
    return {
      op: memory[3]!.toLowerCase() === 'write' ? 'write' : 'read',
      atomic: memory[2] !== undefined,
      previous: memory[1] !== undefined,
      size: Number(memory[4]),
      address: memory[5]!,
      thread: memory[6] === undefined ? null : parseWho(memory[6]),
      mutexes: parseMutexSet(memory[7]),
    };
  }
  return parseExternal(text);
}

function parseExternal(text: string): AccessHeader | null {
  const head = EXTERNAL_HEAD.exec(text);
  if (!head) return null;
  const at = text.lastIndexOf(' at 0x');
  if (at < head[0].length) return null;
  const tail = EXTERNAL_TAIL.exec(text.slice(at));
  if (!tail) return null;
  return {
    op: head[2]!.toLowerCase() === 'modifying' ? 'write' : 'read',
    atomic: false,
    previous: head[1] !== undefined,
    size: null,
    address: tail[1]!,
    thread: parseWho(tail[2]!),
    mutexes: parseMutexSet(tail[3]),
    objectType: text.slice(head[0].length, at),
  };
}

/** `write M0, read M1` */
function parseMutexSet(text: string | undefined): MutexRef[] {
  if (!text) return [];
  const refs: MutexRef[] = [];
  for (const part of text.split(',')) {
    const match = /^\s*(write|read) (M\d+)\s*$/.exec(part);
    if (match) refs.push({ mode: match[1] === 'read' ? 'read' : 'write', id: match[2]! });
  }
  return refs;
}
