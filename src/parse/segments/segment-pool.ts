import type { FromSegmentWorker, ToSegmentWorker } from './segment-protocol.js';
import { spawnSegmentWorker, takePrestartedWorker } from './segment-thread.js';

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
 * Starts the workers; every message they send goes to `receive`. The parser's own modules are
 * loaded here only for the in-thread cores (threads: 0): this thread does not parse otherwise.
 */
export async function startSegmentWorkers(
  options: SegmentPoolOptions,
  receive: (worker: number, message: FromSegmentWorker) => void,
  fail: (error: Error) => void,
): Promise<SegmentWorkerPort[]> {
  if (options.threads === 0) {
    const { SegmentWorkerCore } = await import('./segment-worker-core.js');
    return [0, 1].map((id) => {
      const core = new SegmentWorkerCore((message) => setImmediate(() => receive(id, message)));
      return {
        post: (message) => setImmediate(() => core.receive(message)),
        terminate: async () => {},
      };
    });
  }
  return Array.from({ length: options.threads }, (_, id) => {
    // A prestarted one (segment-thread.ts) when there is one still running (threadId -1: exited).
    const prestarted = options.script === undefined ? takePrestartedWorker() : undefined;
    const worker =
      prestarted !== undefined && prestarted.threadId !== -1
        ? prestarted
        : spawnSegmentWorker(options.script);
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
