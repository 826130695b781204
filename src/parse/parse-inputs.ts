import type { Readable } from 'node:stream';
import type { ParseRecord } from '../model/report.js';
import { expandInputs, InputError, type InputSource } from '../read/input-sources.js';
import type { WalkOptions } from '../read/walk-options.js';
import { parseInSegments } from './segments/parse-in-segments.js';
import type { SerializedRecords } from './segments/segment-stitcher.js';
import type { SegmentedParse } from './segments/segmented-parse.js';
import { SequentialParsing } from './sequential-parsing.js';
import type { InputEndListener } from './source-bytes.js';

export interface ParseInputsOptions {
  /** What `-` reads; process.stdin by default. */
  readonly stdin?: () => Readable;
  /**
   * Called after the last record of each input was taken, with the SHA-256 and size of its
   * bytes as read (before decompression). `ingest` records an input there, whole or not at all.
   * Awaited before the next input is read, so that a slow store slows reading down.
   */
  readonly onInputEnd?: InputEndListener;
  /** How named directories are walked (`--include`, `--exclude`, skipped binary files). */
  readonly walk?: WalkOptions;
  /**
   * The files `wants` picks are parsed on several threads and come out as JSON Lines text
   * (`parse --json`): the same records, already written.
   */
  readonly segmented?: {
    readonly parse: SegmentedParse;
    readonly wants: (source: InputSource) => boolean;
  };
}

type ParseItem = ParseRecord | InputError;

export type { InputSummary } from './source-bytes.js';

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
  const sequential = new SequentialParsing();
  for await (const source of expandInputs(paths, options.stdin, options.walk)) {
    if (source instanceof InputError) {
      yield source;
      continue;
    }
    const segmented = options.segmented;
    if (segmented?.wants(source)) {
      yield* parseInSegments(source, segmented.parse, sequential, options.onInputEnd);
      continue;
    }
    yield* sequential.parse(source, options.onInputEnd);
  }
}
