import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { type DiagnosticRecord, PARSE_SCHEMA_VERSION, type ParseRecord } from '../model/report.js';
import { decompressIfGzip } from '../read/decompress.js';
import { errorCode, expandInputs, InputError, type InputSource } from '../read/input-sources.js';
import { LineSplitter } from '../read/line-splitter.js';
import type { WalkOptions } from '../read/walk-options.js';
import { LineClassifier } from './classify-line.js';
import { LogParser } from './log-parser.js';
import type { SegmentedParse } from './segments/segmented-parse.js';
import type { SerializedRecords } from './segments/segment-stitcher.js';

export interface ParseInputsOptions {
  /** What `-` reads; process.stdin by default. */
  readonly stdin?: () => Readable;
  /**
   * Called after the last record of each input was taken, with the SHA-256 and size of its
   * bytes as read (before decompression). `ingest` records an input there, whole or not at all.
   * Awaited before the next input is read, so that a slow store slows reading down.
   */
  readonly onInputEnd?: (input: InputSummary) => Promise<void> | void;
  /** How named directories are walked (`--include`, `--exclude`, skipped binary files). */
  readonly walk?: WalkOptions;
  /**
   * Files of at least `minBytes` are parsed on several threads and come out as JSON Lines
   * text (`parse --json`): the same records, already written.
   */
  readonly segmented?: { readonly parse: SegmentedParse; readonly minBytes: number };
}

type ParseItem = ParseRecord | InputError;

export interface InputSummary {
  readonly name: string;
  readonly sha256: string;
  readonly bytes: number;
  /** Reading stopped on an error: the input was not read whole. */
  readonly failed: boolean;
}

/**
 * Streams records out of files, directories, gzip files, `log_path` prefixes and stdin. Memory
 * stays bounded by one chunk and the reports open at once, whatever the size of the input.
 * Inputs that cannot be opened are yielded as `InputError`s for the caller to report.
 */
export function parseInputs(
  paths: readonly string[],
  options?: ParseInputsOptions & { readonly segmented?: undefined },
): AsyncGenerator<ParseItem>;
export function parseInputs(
  paths: readonly string[],
  options: ParseInputsOptions,
): AsyncGenerator<ParseItem | SerializedRecords>;
export async function* parseInputs(
  paths: readonly string[],
  options: ParseInputsOptions = {},
): AsyncGenerator<ParseItem | SerializedRecords> {
  // One classifier for all inputs: frames repeat across the files of one run too.
  const classifier = new LineClassifier();
  for await (const source of expandInputs(paths, options.stdin, options.walk)) {
    if (source instanceof InputError) {
      yield source;
      continue;
    }
    const segmented = options.segmented;
    if (segmented !== undefined && (source.size ?? 0) >= segmented.minBytes) {
      yield* parseInSegments(source, segmented.parse, options);
      continue;
    }
    const pending: ParseRecord[] = [];
    const parser = new LogParser(
      source.name,
      (record) => pending.push(record),
      source.pidFromName,
      classifier,
    );
    const splitter = new LineSplitter(parser);
    let failure: unknown = null;
    const hash = options.onInputEnd ? createHash('sha256') : null;
    let bytes = 0;
    try {
      // Each chunk is decoded (and hashed) before the next is asked for, so a file may reuse buffers.
      const chunks: AsyncIterable<Buffer> = source.readTransient?.() ?? source.open();
      const raw: AsyncIterable<Buffer> = hash
        ? tap(chunks, (chunk) => {
            hash.update(chunk);
            bytes += chunk.length;
          })
        : chunks;
      for await (const chunk of decompressIfGzip(raw)) {
        splitter.write(chunk);
        if (pending.length > 0) yield* pending.splice(0);
      }
    } catch (error) {
      failure = error;
    }
    splitter.end();
    parser.finish();
    yield* pending.splice(0);
    if (hash)
      await options.onInputEnd?.({
        name: source.name,
        sha256: hash.digest('hex'),
        bytes,
        failed: failure !== null,
      });
    if (failure !== null) {
      if (splitter.linesRead === 0 && errorCode(failure) !== 'Z_DATA_ERROR') {
        yield new InputError(
          'unreadable',
          source.name,
          `${source.name}: cannot read (${describe(failure)})`,
          {
            cause: failure,
          },
        );
      } else {
        yield {
          type: 'diagnostic',
          schemaVersion: PARSE_SCHEMA_VERSION,
          code: 'input-error',
          message: `reading stopped after line ${splitter.linesRead}: ${describe(failure)}`,
          file: source.name,
          line: splitter.linesRead,
        };
      }
    }
  }
}

/** One large file on several threads (SegmentedParse); hashing and errors as parseInputs. */
async function* parseInSegments(
  source: InputSource,
  segmented: SegmentedParse,
  options: ParseInputsOptions,
): AsyncGenerator<SerializedRecords | InputError | DiagnosticRecord> {
  const hash = options.onInputEnd ? createHash('sha256') : null;
  let bytes = 0;
  let linesRead = 0;
  let failure: unknown = null;
  const chunks: AsyncIterable<Buffer> = source.readTransient?.() ?? source.open();
  const raw: AsyncIterable<Buffer> = hash
    ? tap(chunks, (chunk) => {
        hash.update(chunk);
        bytes += chunk.length;
      })
    : chunks;
  try {
    yield* segmented.parse(source.name, source.pidFromName, decompressIfGzip(raw), (end) => {
      linesRead = end.linesRead;
    });
  } catch (error) {
    failure = error;
  }
  if (hash)
    await options.onInputEnd?.({
      name: source.name,
      sha256: hash.digest('hex'),
      bytes,
      failed: failure !== null,
    });
  if (failure === null) return;
  if (linesRead === 0 && errorCode(failure) !== 'Z_DATA_ERROR') {
    yield new InputError('unreadable', source.name, `${source.name}: cannot read (${describe(failure)})`, {
      cause: failure,
    });
    return;
  }
  yield {
    type: 'diagnostic',
    schemaVersion: PARSE_SCHEMA_VERSION,
    code: 'input-error',
    message: `reading stopped after line ${linesRead}: ${describe(failure)}`,
    file: source.name,
    line: linesRead,
  };
}

/** The chunks of a stream, each shown to `see` on its way through. */
async function* tap(source: AsyncIterable<Buffer>, see: (chunk: Buffer) => void) {
  for await (const chunk of source) {
    see(chunk);
    yield chunk;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
