import { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { openStoreAt } from '../store/open-store.js';
import { StoreError } from '../store/store.js';
import type { StoreLocation } from '../store/store-location.js';
import type { Config } from '../triage/config.js';
import type { FromWorker, ToWorker } from './ingest-protocol.js';
import { ingestStream } from './ingest-stream.js';

/** What the pool gives each worker. */
export interface IngestWorkerData {
  readonly location: StoreLocation;
  readonly config?: Config;
}

/**
 * A body arriving in messages, as a stream for the parser. A chunk is acknowledged once the
 * stream has room for more (at once, or when the parser next reads), which lets the main
 * thread send another: at most a few chunks wait here, whatever the body's size.
 */
class ChunkStream extends Readable {
  private owed = 0;
  constructor(private readonly ack: () => void) {
    super({ highWaterMark: 1 << 20 });
  }
  override _read(): void {
    for (; this.owed > 0; this.owed--) this.ack();
  }
  add(chunk: Buffer): void {
    if (this.push(chunk)) this.ack();
    else this.owed++;
  }
}

/**
 * The ingest worker (a `worker_threads` thread of `racelens serve`): parses, triages and
 * records the logs the main thread streams to it, with a store connection of its own (SQLite
 * in WAL mode lets the main thread read meanwhile), so that CPU-heavy parsing never holds up
 * the requests the main thread answers.
 */
function main(): void {
  const port = parentPort;
  if (port === null) throw new Error('ingest-worker.js runs as a worker thread of racelens serve');
  const data = workerData as IngestWorkerData;
  const post = (message: FromWorker) => port.postMessage(message);
  // Listening from the first moment: bodies arriving while the store opens wait in their streams.
  const opened = openStoreAt(data.location, { create: false }).then((store) => {
    if (store === null) throw new StoreError(`no racelens store at ${data.location.display}`);
    return store;
  });
  opened.catch((error: unknown) => {
    post({ type: 'broken', message: error instanceof Error ? error.message : String(error) });
    port.close();
  });
  const bodies = new Map<number, ChunkStream>();
  port.on('message', (message: ToWorker) => {
    switch (message.type) {
      case 'start': {
        const { id } = message;
        const body = new ChunkStream(() => post({ type: 'ack', id }));
        bodies.set(id, body);
        const options = { limit: message.limit, config: data.config };
        opened
          .then((store) => ingestStream(store, body, message.params, options))
          .then(
            (outcome) => post({ type: 'done', id, outcome }),
            (error: unknown) =>
              post({
                type: 'error',
                id,
                message: error instanceof Error ? error.message : String(error),
                storeError: error instanceof StoreError,
              }),
          )
          .finally(() => {
            bodies.delete(id);
            body.destroy();
          });
        return;
      }
      case 'chunk':
        bodies.get(message.id)?.add(Buffer.from(message.data));
        return;
      case 'end':
        bodies.get(message.id)?.push(null);
        return;
      case 'abort':
        bodies.get(message.id)?.destroy(new Error(message.message));
        return;
      case 'close':
        void opened
          .then((store) => store.close())
          .catch(() => {})
          .finally(() => port.close());
        return;
    }
  });
}

main();
