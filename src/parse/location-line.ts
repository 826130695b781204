import type { Location } from '../model/report.js';
import { parseWho, WHO } from './thread-ref.js';

const STACK_OR_TLS = new RegExp(`^Location is (stack|TLS) of ${WHO}\\.?$`);
// gcc 12: `created by`; clang 19: `created|destroyed by`; trunk may print `at::`.
const FD = new RegExp(`^Location is file descriptor (\\d{1,10}) ([a-z|]{1,32}) by ${WHO} at:*$`);
const HEX = /^0x[0-9a-fA-F]+$/;
const ALLOCATED = new RegExp(`^ allocated by ${WHO}:?$`);

/**
 * Location section header; heap and fd locations are followed by a stack. Names and tags are
 * free text (a global may be called anything the symbolizer says), so those lines are taken
 * apart from the right with plain string operations: no pattern can backtrack over a long line.
 */
export function parseLocationHeader(text: string): Location | null {
  if (!text.startsWith('Location is ')) return null;
  if (text.startsWith('Location is global ')) return parseGlobal(text.slice(19));
  const stackOrTls = STACK_OR_TLS.exec(text);
  if (stackOrTls) {
    return { type: stackOrTls[1] === 'TLS' ? 'tls' : 'stack', thread: parseWho(stackOrTls[2]!) };
  }
  if (text.startsWith('Location is file descriptor ')) {
    const fd = FD.exec(text);
    if (!fd) return null;
    return { type: 'fd', fd: Number(fd[1]), event: fd[2]!, thread: parseWho(fd[3]!), frames: [] };
  }
  return parseBlock(text.slice(12));
}

/** `'_PyRuntime' of size 359232 at 0x5555560c3408 (python+0xbc6bc8)`; size and quotes optional. */
function parseGlobal(rest: string): Location | null {
  if (!rest.endsWith(')')) return null;
  const open = rest.lastIndexOf(' (');
  if (open === -1) return null;
  const group = rest.slice(open + 2, -1);
  const plus = group.lastIndexOf('+0x');
  if (plus === -1 || !HEX.test(group.slice(plus + 1))) return null;
  const module = group.slice(0, plus);
  const offset = group.slice(plus + 1);
  const head = rest.slice(0, open);
  const at = head.lastIndexOf(' at 0x');
  if (at === -1 || !HEX.test(head.slice(at + 4))) return null;
  const address = head.slice(at + 4);
  let namePart = head.slice(0, at);
  let size: number | null = null;
  const sizeAt = namePart.lastIndexOf(' of size ');
  if (sizeAt !== -1 && /^\d{1,12}$/.test(namePart.slice(sizeAt + 9))) {
    size = Number(namePart.slice(sizeAt + 9));
    namePart = namePart.slice(0, sizeAt);
  }
  let name: string;
  if (namePart.length >= 2 && namePart.startsWith("'") && namePart.endsWith("'")) {
    name = namePart.slice(1, -1);
  } else if (namePart.length > 0 && !namePart.includes(' ')) {
    name = namePart; // old runtimes print the name unquoted
  } else {
    return null;
  }
  return {
    type: 'global',
    name,
    size,
    address,
    module,
    offset,
    // Both runtimes print a bogus global after a stack location (`[stack]` module).
    artifact: module === '[stack]' || name === '??' || name === '<null>',
  };
}

/** `heap block of size 40 at 0x7b0c00000000 allocated by main thread:` (or a tag for `heap block`). */
function parseBlock(rest: string): Location | null {
  const by = rest.lastIndexOf(' allocated by ');
  if (by === -1) return null;
  const who = ALLOCATED.exec(rest.slice(by));
  if (!who) return null;
  const head = rest.slice(0, by);
  const at = head.lastIndexOf(' at 0x');
  if (at === -1 || !HEX.test(head.slice(at + 4))) return null;
  const sizeAt = head.lastIndexOf(' of size ', at);
  if (sizeAt <= 0) return null;
  const size = head.slice(sizeAt + 9, at);
  if (!/^\d{1,12}$/.test(size)) return null;
  const tag = head.slice(0, sizeAt);
  return {
    type: 'heap',
    size: Number(size),
    address: head.slice(at + 4),
    thread: parseWho(who[1]!),
    ...(tag === 'heap block' ? {} : { objectType: tag }),
    frames: [],
  };
}
