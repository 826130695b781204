import { createHash } from 'node:crypto';
import { type DiagnosticRecord, PARSE_SCHEMA_VERSION } from '../model/report.js';
import { decompressIfGzip } from '../read/decompress.js';
import { errorCode, InputError, type InputSource } from '../read/input-sources.js';

export interface InputSummary {
  readonly name: string;
  readonly sha256: string;
  readonly bytes: number;
  /** Reading stopped on an error: the input was not read whole. */
  readonly failed: boolean;
}

/** See ParseInputsOptions.onInputEnd. */
export type InputEndListener = (input: InputSummary) => Promise<void> | void;

/** An input's bytes as read, hashed on their way through when someone listens for the end. */
export class SourceBytes {
  private readonly hash;
  private bytes = 0;

  constructor(
    private readonly source: InputSource,
    private readonly onInputEnd: InputEndListener | undefined,
  ) {
    this.hash = onInputEnd ? createHash('sha256') : null;
  }

  /**
   * The input's chunks, decompressed; each is done with before the next is asked for.
   * `chunkBytes`: larger reads, for a reader that only copies the bytes (SegmentedParse).
   */
  chunks(chunkBytes?: number): AsyncIterable<Buffer> {
    const chunks = this.source.readTransient?.(chunkBytes) ?? this.source.open();
    const hash = this.hash;
    if (hash === null) return decompressIfGzip(chunks);
    return decompressIfGzip(
      tap(chunks, (chunk) => {
        hash.update(chunk);
        this.bytes += chunk.length;
      }),
    );
  }

  /**
   * Tells the listener the input ended, then yields what a read error comes to: the input
   * could not be read at all, or reading stopped after some line.
   */
  async *end(failure: unknown, linesRead: number): AsyncGenerator<InputError | DiagnosticRecord> {
    const name = this.source.name;
    if (this.hash)
      await this.onInputEnd?.({
        name,
        sha256: this.hash.digest('hex'),
        bytes: this.bytes,
        failed: failure !== null,
      });
    if (failure === null) return;
    if (linesRead === 0 && errorCode(failure) !== 'Z_DATA_ERROR') {
      yield new InputError('unreadable', name, `${name}: cannot read (${describe(failure)})`, {
        cause: failure,
      });
      return;
    }
    yield {
      type: 'diagnostic',
      schemaVersion: PARSE_SCHEMA_VERSION,
      code: 'input-error',
      message: `reading stopped after line ${linesRead}: ${describe(failure)}`,
      file: name,
      line: linesRead,
    };
  }
}

/** The chunks of a stream, each shown to `see` on its way through. */
async function* tap(source: AsyncIterable<Buffer>, see: (chunk: Buffer) => void) {
  for await (const chunk of source) {
    see(chunk);
    yield chunk;
  }
}

export function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
