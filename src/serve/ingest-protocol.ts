import type { IngestOutcome, IngestParams } from './ingest-stream.js';

/**
 * Messages between the server's main thread and an ingest worker (ingest-pool.ts,
 * ingest-worker.ts). Several ingests share a worker; each message names its ingest by `id`.
 * The body flows in chunks under credit: the main thread sends at most CHUNK_CREDIT chunks the
 * worker has not acknowledged, so a slow parse holds the client back (TCP), not memory.
 */
export const CHUNK_CREDIT = 4;

export type ToWorker =
  | {
      readonly type: 'start';
      readonly id: number;
      readonly params: IngestParams;
      readonly limit: number;
    }
  /** One piece of the body, its buffer transferred. */
  | { readonly type: 'chunk'; readonly id: number; readonly data: ArrayBuffer }
  | { readonly type: 'end'; readonly id: number }
  /** The body could not be read to its end (the client went away): nothing is stored. */
  | { readonly type: 'abort'; readonly id: number; readonly message: string }
  /** No more ingests: close the store and exit. */
  | { readonly type: 'close' };

export type FromWorker =
  /** A chunk of `id` was taken by the parser: the main thread may send one more. */
  | { readonly type: 'ack'; readonly id: number }
  | { readonly type: 'done'; readonly id: number; readonly outcome: IngestOutcome }
  /** The ingest threw (the store refused, a bug): nothing of it is stored. */
  | {
      readonly type: 'error';
      readonly id: number;
      readonly message: string;
      readonly storeError: boolean;
    }
  /** The worker could not open the store; it exits after this. */
  | { readonly type: 'broken'; readonly message: string };
