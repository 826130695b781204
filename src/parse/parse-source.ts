import { createHash } from 'node:crypto';
import { type DiagnosticRecord, PARSE_SCHEMA_VERSION, type ParseRecord } from '../model/report.js';
import { decompressIfGzip } from '../read/decompress.js';
import { errorCode, InputError, type InputSource } from '../read/input-sources.js';
import { LineSplitter } from '../read/line-splitter.js';
import type { LineClassifier } from './classify-line.js';
import { LogParser } from './log-parser.js';

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

/**
 * The records of one input, parsed on this thread. `skipRecords`: the first records are not
 * yielded (a segmented parse that failed part-way wrote them already; the parse is exact, so
 * the same records come first).
 */
export async function* parseSource(
  source: InputSource,
  classifier: LineClassifier,
  onInputEnd: InputEndListener | undefined,
  skipRecords = 0,
): AsyncGenerator<ParseRecord | InputError> {
  const pending: ParseRecord[] = [];
  let skip = skipRecords;
  const parser = new LogParser(
    source.name,
    (record) => {
      if (skip > 0) skip--;
      else pending.push(record);
    },
    source.pidFromName,
    classifier,
  );
  const splitter = new LineSplitter(parser);
  const bytes = new SourceBytes(source, onInputEnd);
  let failure: unknown = null;
  try {
    for await (const chunk of bytes.chunks()) {
      splitter.write(chunk);
      if (pending.length > 0) yield* pending.splice(0);
    }
  } catch (error) {
    failure = error;
  }
  splitter.end();
  parser.finish();
  yield* pending.splice(0);
  yield* bytes.end(failure, splitter.linesRead);
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
