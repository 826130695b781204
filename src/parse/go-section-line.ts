import type { Location, ThreadRef } from '../model/report.js';
import type { AccessHeader } from './access-line.js';
import type { ThreadHeader } from './thread-line.js';

// Go's race detector (runtime/race, `-race`) prints its own layout; see docs/parsing.md.
// Goroutines become thread refs `G<n>`; the main goroutine is `main`, as TSan's main thread.

/** `goroutine 7` -> `G7`; `main goroutine` -> `main`. */
export function parseGoroutineWho(text: string): ThreadRef | null {
  if (text === 'main goroutine') return 'main';
  const numbered = /^goroutine (\d{1,10})$/.exec(text);
  return numbered ? `G${numbered[1]}` : null;
}

// `Write at 0x00c0000ae008 by goroutine 7:`, `Previous read at 0x... by main goroutine:`.
// Go prints no size, no atomic variant and no mutex set; Go before 1.3 no address either
// (`Read by goroutine 13:`).
const GO_ACCESS =
  /^(Previous )?([Ww]rite|[Rr]ead)(?: at (0x[0-9a-fA-F]+))?(?: by (main goroutine|goroutine \d{1,10}):?)?$/;

/** Reads a Go access header (the line before an access stack). */
export function parseGoAccessHeader(text: string): AccessHeader | null {
  const match = GO_ACCESS.exec(text);
  if (!match || (match[3] === undefined && match[4] === undefined)) return null;
  return {
    op: match[2]!.toLowerCase() === 'write' ? 'write' : 'read',
    atomic: false,
    previous: match[1] !== undefined,
    size: null,
    address: match[3] ?? null,
    thread: match[4] === undefined ? null : parseGoroutineWho(match[4]),
    mutexes: [],
  };
}

const GOROUTINE = /^Goroutine (\d{1,10}) \((running|finished)\) created at:$/;

/** `Goroutine 7 (running) created at:`: a goroutine's creation stack follows. */
export function parseGoroutineHeader(text: string): ThreadHeader | null {
  const match = GOROUTINE.exec(text);
  if (!match) return null;
  return {
    id: `G${match[1]}`,
    name: null,
    tid: null,
    state: match[2] === 'running' ? 'running' : 'finished',
    // Go names no creator in the header: the creation stack itself shows it.
    createdBy: null,
    gcdWorker: false,
    hasStack: true,
  };
}

/** `Found 3 data race(s)`, printed at exit where TSan prints `reported N warnings`. */
export function parseGoFoundRaces(text: string): number | null {
  const match = /^Found (\d{1,12}) data race\(s\)$/.exec(text);
  return match ? Number(match[1]) : null;
}

const GO_HEAP =
  /^Heap block of size (\d{1,12}) at (0x[0-9a-fA-F]+) allocated by (main goroutine|goroutine \d{1,10}):$/;
const GO_GLOBAL =
  /^Global var (\S+) of size (\d{1,12}) at (0x[0-9a-fA-F]+) declared at (?:\S.*):\d{1,9}$/;

/**
 * Go's location sections: `Heap block of size 8 at 0x... allocated by goroutine 6:` (an
 * allocation stack follows) and `Global var x of size 8 at 0x... declared at /a/main.go:5`.
 */
export function parseGoLocation(text: string): Location | null {
  const heap = GO_HEAP.exec(text);
  if (heap) {
    return {
      type: 'heap',
      size: Number(heap[1]),
      address: heap[2]!,
      thread: parseGoroutineWho(heap[3]!),
      frames: [],
    };
  }
  const global = GO_GLOBAL.exec(text);
  if (!global) return null;
  return {
    type: 'global',
    name: global[1]!,
    size: Number(global[2]),
    address: global[3]!,
    module: null,
    offset: null,
    artifact: false,
  };
}
