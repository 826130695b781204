import { availableParallelism } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { isSparseLog } from './sparse-log.js';

/**
 * Heap caps of each worker, in MB. Left to itself V8 grows the semi-spaces to 16 MB each under
 * a parse's allocation rate and lets the old generation fill with garbage for long before it
 * collects: peak RSS then grew with the input (+32 MB from 64 MB to 1 GB of input). Capped, the
 * collections come more often and RSS stays flat. A worker's live data is its frame cache and
 * the reports open at once (bounded by MAX_OPEN_REPORTS): a few MB.
 */
const YOUNG_GENERATION_MB = 12;
const OLD_GENERATION_MB = 48;

/** Segments 4 MB: big enough that stitching is rare, small enough that RSS stays low. */
export const DEFAULT_SEGMENT_BYTES = 4 << 20;

/**
 * Threads for a segmented parse: `RACELENS_PARSE_THREADS`, else one per core, 2 to 4. Below 2
 * there is no segmented parse (one thread, as before).
 */
export function parseThreads(): number {
  return positiveEnv('RACELENS_PARSE_THREADS') ?? Math.max(2, Math.min(4, availableParallelism()));
}

/** `RACELENS_SEGMENT_BYTES` (tests cut small segments, to stitch often), else the default. */
export function segmentBytes(): number {
  return positiveEnv('RACELENS_SEGMENT_BYTES') ?? DEFAULT_SEGMENT_BYTES;
}

/** Files of at least two segments are parsed on threads; smaller ones on one thread. */
export function segmentedMinBytes(): number {
  return 2 * segmentBytes();
}

/**
 * Whether a file is parsed on threads: it holds two segments or more, and it is not a sparse
 * log (isSparseLog) about to be given two threads, unless RACELENS_PARSE_THREADS asks for
 * them. A sparse log's parse is mostly the skipper's, cheap next to what threads cost: a second
 * isolate's start and heap, the main thread's reading and cutting. On two cores the one-thread
 * parse of the bench's 256 MB CI log takes ~0.70 s, the threaded one ~0.82 s; more threads
 * than that split the remaining work finely enough to pay.
 */
export function parsesOnThreads(path: string, size: number): boolean {
  const chosen = positiveEnv('RACELENS_PARSE_THREADS') !== undefined;
  return threadsPay(size, parseThreads(), chosen, () => isSparseLog(path, size));
}

/** parsesOnThreads's rule; `chosen`: the threads were set by RACELENS_PARSE_THREADS. */
export function threadsPay(
  size: number,
  threads: number,
  chosen: boolean,
  sparse: () => boolean,
): boolean {
  if (threads < 2 || size < segmentedMinBytes()) return false;
  return chosen || threads > 2 || !sparse();
}

function positiveEnv(name: string): number | undefined {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/** A parse worker thread, with the heap caps above. */
export function spawnSegmentWorker(script?: URL): Worker {
  // Parse threads keep every core busy: V8's helper threads for parallel young-generation
  // collections then only take turns with them (measured: ~4% of the wall time). Read at each
  // collection, so it holds from here on, for this process.
  setFlagsFromString('--no-parallel-scavenge');
  return new Worker(script ?? new URL('./segment-worker.js', import.meta.url), {
    resourceLimits: {
      maxYoungGenerationSizeMb: YOUNG_GENERATION_MB,
      maxOldGenerationSizeMb: OLD_GENERATION_MB,
    },
  });
}

let prestarted: Worker[] = [];

/**
 * Starts parse workers before they are asked for: a worker takes ~150 ms to load its modules,
 * which then overlaps the loading of the CLI's. Unused ones do not keep the process alive.
 */
export function prestartSegmentWorkers(count: number): void {
  prestarted = Array.from({ length: count }, () => {
    const worker = spawnSegmentWorker();
    // Until a pool takes it (and listens), a failure must not end the process.
    worker.on('error', () => {});
    worker.unref();
    return worker;
  });
}

/** A prestarted worker, or undefined. */
export function takePrestartedWorker(): Worker | undefined {
  const worker = prestarted.shift();
  worker?.ref();
  return worker;
}
