import { type Readable, Transform, type TransformCallback } from 'node:stream';
import type { ParseRecord } from '../model/report.js';
import { parseInputs } from '../parse/parse-inputs.js';
import { InputError } from '../read/input-sources.js';
import { contentRunName } from '../store/run-identity.js';
import type { RecordOutcome, Store } from '../store/store.js';
import type { Config } from '../triage/config.js';
import { Triage } from '../triage/triage.js';

export interface IngestParams {
  /** The run to record into; made from the body's hash when left out. */
  readonly run?: string;
  readonly commit?: string;
  readonly branch?: string;
  readonly job?: string;
  /** The input's name in the store (the file name the client sent). */
  readonly name?: string;
}

/** What one ingest came to: recorded (or already there), or refused with nothing stored. */
export type IngestOutcome =
  | {
      readonly status: 'recorded' | 'duplicate';
      readonly run: string;
      readonly sha256: string;
      readonly bytes: number;
      readonly outcome: RecordOutcome;
    }
  | { readonly status: 'too-large'; readonly limit: number }
  | { readonly status: 'unreadable'; readonly message: string };

/** Passes bytes on until `limit`, then fails the stream: reading stops, nothing is recorded. */
class ByteLimit extends Transform {
  private seen = 0;
  exceeded = false;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) {
      this.exceeded = true;
      done(new Error(`the body is larger than ${this.limit} bytes`));
      return;
    }
    done(null, chunk);
  }
}

/**
 * Reads one log from a request body through the parser and triage as it arrives (plain or
 * gzip, never held whole: memory is one chunk and the open reports) and records it in one
 * transaction, once its hash is known. A body over the limit, cut short or not valid gzip is
 * not recorded at all.
 */
export async function ingestStream(
  store: Store,
  body: Readable,
  params: IngestParams,
  options: { readonly limit: number; readonly config?: Config },
): Promise<IngestOutcome> {
  const limited = new ByteLimit(options.limit);
  body.on('error', (error) => limited.destroy(error));
  // The parse reads the error from the stream when it reads it; this only keeps an error that
  // comes before reading starts (a body over the limit, while the parser loads) from being an
  // uncaught one that ends the thread.
  limited.on('error', () => {});
  body.pipe(limited);
  const triage = new Triage({ config: options.config });
  let outcome: IngestOutcome | null = null;
  let problem: string | null = null;
  const records = parseInputs(['-'], {
    stdin: () => limited,
    onInputEnd: async (input) => {
      if (input.failed) return;
      const result = triage.finish();
      const name = params.run ?? contentRunName([input.sha256]);
      const run = await store.openRun({
        name,
        commit: params.commit ?? null,
        branch: params.branch ?? null,
        job: params.job ?? null,
        meta: {},
      });
      const recorded = await store.recordInput(
        run,
        { sha256: input.sha256, bytes: input.bytes, name: params.name ?? 'upload' },
        result,
      );
      outcome = {
        status: recorded.status,
        run: run.name,
        sha256: input.sha256,
        bytes: input.bytes,
        outcome: recorded,
      };
    },
  });
  for await (const record of records) {
    if (record instanceof InputError) problem = record.message;
    else if (isInputError(record)) problem = record.message;
    else triage.add(record);
  }
  body.unpipe(limited);
  if (limited.exceeded) return { status: 'too-large', limit: options.limit };
  return outcome ?? { status: 'unreadable', message: problem ?? 'the body could not be read' };
}

function isInputError(record: ParseRecord): record is Extract<ParseRecord, { type: 'diagnostic' }> {
  return record.type === 'diagnostic' && record.code === 'input-error';
}
