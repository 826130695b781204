import type { Location } from '../model/report.js';
import { parseWho, WHO } from './thread-ref.js';

// Old runtimes print the name unquoted (`Location is global <null> of size 0 at ...`).
const GLOBAL =
  /^Location is global (?:'(.*)'|(\S+))(?: of size (\d{1,12}))? at (0x[0-9a-fA-F]+) \((.*)\+(0x[0-9a-fA-F]+)\)$/;
const HEAP = new RegExp(
  `^Location is (heap block|.+?) of size (\\d{1,12}) at (0x[0-9a-fA-F]+) allocated by ${WHO}:?$`,
);
const STACK_OR_TLS = new RegExp(`^Location is (stack|TLS) of ${WHO}\\.?$`);
// gcc 12: `created by`; clang 19: `created|destroyed by`; trunk may print `at::`.
const FD = new RegExp(`^Location is file descriptor (\\d{1,10}) ([a-z|]+) by ${WHO} at:*$`);

/** Location section header; heap and fd locations are followed by a stack. */
export function parseLocationHeader(text: string): Location | null {
  if (!text.startsWith('Location is ')) return null;
  const global = GLOBAL.exec(text);
  if (global) {
    const name = global[1] ?? global[2]!;
    const module = global[5]!;
    return {
      type: 'global',
      name,
      size: global[3] === undefined ? null : Number(global[3]),
      address: global[4]!,
      module,
      offset: global[6]!,
      // Both runtimes print a bogus global after a stack location (`[stack]` module).
      artifact: module === '[stack]' || name === '??' || name === '<null>',
    };
  }
  const stackOrTls = STACK_OR_TLS.exec(text);
  if (stackOrTls) {
    return { type: stackOrTls[1] === 'TLS' ? 'tls' : 'stack', thread: parseWho(stackOrTls[2]!) };
  }
  const fd = FD.exec(text);
  if (fd) {
    return {
      type: 'fd',
      fd: Number(fd[1]),
      event: fd[2]!,
      thread: parseWho(fd[3]!),
      frames: [],
    };
  }
  const heap = HEAP.exec(text);
  if (heap) {
    const tag = heap[1]!;
    return {
      type: 'heap',
      size: Number(heap[2]),
      address: heap[3]!,
      thread: parseWho(heap[4]!),
      ...(tag === 'heap block' ? {} : { objectType: tag }),
      frames: [],
    };
  }
  return null;
}
