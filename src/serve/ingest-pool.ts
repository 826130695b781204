import { Worker } from 'node:worker_threads';
import { StoreError } from '../store/store.js';
import type { StoreLocation } from '../store/store-location.js';
import type { Config } from '../triage/config.js';
import { CHUNK_CREDIT, type FromWorker, type ToWorker } from './ingest-protocol.js';
import type { IngestRunner } from './ingest-runner.js';
import type { IngestOutcome, IngestParams } from './ingest-stream.js';
import type { IngestWorkerData } from './ingest-worker.js';

export interface IngestPoolOptions {
  readonly location: StoreLocation;
  readonly config?: Config;
  /** Worker threads; ingests are spread over them, several per worker. */
  readonly size: number;
  /** The worker's script: the built ingest-worker.js beside this module unless given. */
  readonly script?: URL;
}

/** The worker running an ingest died: nothing of the ingest is stored; the pool starts another. */
export class IngestWorkerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IngestWorkerError';
  }
}

/** One ingest under way in a worker: how it ends, and the credit for its next chunk. */
interface Job {
  readonly settle: (result: { outcome: IngestOutcome } | { error: Error }) => void;
  credit: number;
  /** Resumes a pump waiting for credit. */
  wake: (() => void) | null;
  /** Cancels the body's reading (a pending read ends at once): the answer needs no more. */
  stop: (() => void) | null;
  finished: boolean;
}

interface Slot {
  readonly worker: Worker;
  readonly jobs: Map<number, Job>;
}

/**
 * Ingest worker threads (ingest-worker.ts) for `racelens serve`. The main thread only moves
 * the body's chunks (their buffers transferred) and waits for the outcome; a worker that dies
 * fails its ingests (nothing of them is stored: each records in one transaction) and is
 * replaced on the next ingest.
 */
export class IngestPool implements IngestRunner {
  private readonly slots: (Slot | null)[];
  private nextId = 0;

  constructor(private readonly options: IngestPoolOptions) {
    this.slots = Array.from({ length: Math.max(1, options.size) }, () => null);
  }

  async run(
    body: ReadableStream<Uint8Array> | null,
    params: IngestParams,
    limit: number,
  ): Promise<IngestOutcome> {
    const slot = this.pick();
    const id = ++this.nextId;
    let settle: Job['settle'] = () => {};
    const ended = new Promise<{ outcome: IngestOutcome } | { error: Error }>((resolve) => {
      settle = resolve;
    });
    const job: Job = { settle, credit: CHUNK_CREDIT, wake: null, stop: null, finished: false };
    slot.jobs.set(id, job);
    // A worker with ingests under way keeps the process up; an idle one does not.
    slot.worker.ref();
    send(slot, { type: 'start', id, params, limit });
    const pumped = pump(slot, id, job, body);
    const result = await ended;
    job.finished = true;
    job.wake?.();
    // Over the limit, or the worker died: a client still sending (or stalled) is not waited for.
    job.stop?.();
    await pumped;
    if ('error' in result) throw result.error;
    return result.outcome;
  }

  /** Lets each worker close its store and exit; the ingests must be over (InFlight.idle). */
  async close(): Promise<void> {
    await Promise.all(
      this.slots.map(async (slot, i) => {
        if (slot === null) return;
        this.slots[i] = null;
        const exited = new Promise((resolve) => slot.worker.once('exit', resolve));
        // Keeps the process up until the worker has closed its store.
        slot.worker.ref();
        send(slot, { type: 'close' });
        const cut = setTimeout(() => void slot.worker.terminate(), 5000);
        await exited;
        clearTimeout(cut);
      }),
    );
  }

  /** The worker with the fewest ingests under way (a missing one has none): started if missing. */
  private pick(): Slot {
    let index = 0;
    let load = Number.POSITIVE_INFINITY;
    this.slots.forEach((slot, i) => {
      const size = slot?.jobs.size ?? 0;
      if (size < load) {
        load = size;
        index = i;
      }
    });
    return this.slots[index] ?? this.start(index);
  }

  private start(index: number): Slot {
    const data: IngestWorkerData = { location: this.options.location, config: this.options.config };
    const script = this.options.script ?? new URL('./ingest-worker.js', import.meta.url);
    const slot: Slot = { worker: new Worker(script, { workerData: data }), jobs: new Map() };
    this.slots[index] = slot;
    const fail = (error: Error) => {
      if (this.slots[index] === slot) this.slots[index] = null;
      for (const job of slot.jobs.values()) job.settle({ error });
      slot.jobs.clear();
    };
    slot.worker.on('message', (message: FromWorker) => {
      if (message.type === 'broken') return fail(new StoreError(message.message));
      const job = slot.jobs.get(message.id);
      if (job === undefined) return;
      if (message.type === 'ack') {
        job.credit++;
        job.wake?.();
        return;
      }
      slot.jobs.delete(message.id);
      if (slot.jobs.size === 0) slot.worker.unref();
      if (message.type === 'done') job.settle({ outcome: message.outcome });
      else
        job.settle({
          error: message.storeError ? new StoreError(message.message) : new Error(message.message),
        });
    });
    slot.worker.on('error', (error) =>
      fail(new IngestWorkerError(`the ingest worker failed (${error.message})`)),
    );
    slot.worker.on('exit', (code) =>
      fail(new IngestWorkerError(`the ingest worker stopped (exit code ${code})`)),
    );
    return slot;
  }
}

function send(slot: Slot, message: ToWorker, transfer?: ArrayBuffer[]): void {
  slot.worker.postMessage(message, transfer);
}

/**
 * Moves the body to the worker chunk by chunk under credit, until it ends, the client cuts it
 * short (abort: nothing stored) or the worker has its answer (over the limit: stop reading).
 */
async function pump(
  slot: Slot,
  id: number,
  job: Job,
  body: ReadableStream<Uint8Array> | null,
): Promise<void> {
  if (body === null) {
    send(slot, { type: 'end', id });
    return;
  }
  const reader = body.getReader();
  job.stop = () => void reader.cancel().catch(() => {});
  try {
    for (;;) {
      while (job.credit === 0 && !job.finished)
        await new Promise<void>((resolve) => {
          job.wake = resolve;
        });
      job.wake = null;
      if (job.finished) return;
      const { done, value } = await reader.read();
      if (job.finished) return;
      if (done) {
        send(slot, { type: 'end', id });
        return;
      }
      job.credit--;
      const data = ownBuffer(value);
      send(slot, { type: 'chunk', id, data }, [data]);
    }
  } catch (error) {
    if (!job.finished)
      send(slot, {
        type: 'abort',
        id,
        message: error instanceof Error ? error.message : String(error),
      });
  } finally {
    if (job.finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

/** The chunk's own ArrayBuffer when it spans all of it (moved, not copied), else a copy. */
function ownBuffer(chunk: Uint8Array): ArrayBuffer {
  const { buffer } = chunk;
  if (
    buffer instanceof ArrayBuffer &&
    chunk.byteOffset === 0 &&
    chunk.byteLength === buffer.byteLength
  )
    return buffer;
  return chunk.slice().buffer;
}
