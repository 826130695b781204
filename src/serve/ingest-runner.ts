import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Store } from '../store/store.js';
import type { Config } from '../triage/config.js';
import { type IngestOutcome, type IngestParams, ingestStream } from './ingest-stream.js';

/** Runs one ingest: the body (a web stream, as hono gives it) through parse, triage, store. */
export interface IngestRunner {
  run(
    body: ReadableStream<Uint8Array> | null,
    params: IngestParams,
    limit: number,
  ): Promise<IngestOutcome>;
}

/**
 * Ingest on the calling thread, with the server's own store: for tests of the app and for a
 * server without workers. `racelens serve` uses an IngestPool, so a parse never holds up reads.
 */
export function inProcessIngest(store: Store, config?: Config): IngestRunner {
  return {
    async run(raw, params, limit) {
      const body = raw
        ? Readable.fromWeb(raw as unknown as WebReadableStream<Uint8Array>)
        : Readable.from([]);
      const outcome = await ingestStream(store, body, params, { limit, config });
      // Over the limit: stop reading what the client still sends.
      if (outcome.status === 'too-large') body.destroy();
      return outcome;
    },
  };
}
