import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FromSegmentWorker, ToSegmentWorker } from './segment-protocol.js';
import { SegmentWorkerCore } from './segment-worker-core.js';

/** One worker as the coordinator sees it: a thread, or a core run in this thread. */
export interface SegmentWorkerPort {
  post(message: ToSegmentWorker, transfer?: ArrayBuffer[]): void;
  terminate(): Promise<void>;
}

export interface SegmentPoolOptions {
  /** Threads to parse with; 0 runs two workers' cores in this thread (tests: same results). */
  readonly threads: number;
  /** The worker script; the built `segment-worker.js` beside this file by default. */
  readonly script?: URL;
}

/**
 * Young-generation cap of each worker, in MB. Node's default lets V8 grow the semi-spaces to
 * 16 MB each under a parse's allocation rate, which is most of the peak RSS that grew with the
 * input; capped, the scavenges come more often and RSS stays flat.
 */
const YOUNG_GENERATION_MB = 12;

/** Threads by default: one per core, at least two (one core still overlaps reading and parsing). */
export function defaultParseThreads(): number {
  return Math.max(2, Math.min(4, availableParallelism()));
}

/** Starts the workers; every message they send goes to `receive`. */
export function startSegmentWorkers(
  options: SegmentPoolOptions,
  receive: (worker: number, message: FromSegmentWorker) => void,
  fail: (error: Error) => void,
): SegmentWorkerPort[] {
  if (options.threads === 0) {
    return [0, 1].map((id) => {
      const core = new SegmentWorkerCore((message) => setImmediate(() => receive(id, message)));
      return {
        post: (message) => setImmediate(() => core.receive(message)),
        terminate: async () => {},
      };
    });
  }
  const script = options.script ?? new URL('./segment-worker.js', import.meta.url);
  return Array.from({ length: options.threads }, (_, id) => {
    const worker = new Worker(script, {
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    worker.on('message', (message: FromSegmentWorker) => receive(id, message));
    worker.on('error', (error) => fail(new Error(`a parse worker failed: ${error.message}`)));
    worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`a parse worker stopped (exit code ${code})`));
    });
    return {
      post: (message, transfer) => worker.postMessage(message, transfer),
      terminate: async () => {
        worker.removeAllListeners('exit');
        await worker.terminate();
      },
    };
  });
}
