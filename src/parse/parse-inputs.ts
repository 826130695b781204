import type { Readable } from 'node:stream';
import { PARSE_SCHEMA_VERSION, type ParseRecord } from '../model/report.js';
import { decompressIfGzip } from '../read/decompress.js';
import { errorCode, expandInputs, InputError } from '../read/input-sources.js';
import { LineSplitter } from '../read/line-splitter.js';
import { LineClassifier } from './classify-line.js';
import { LogParser } from './log-parser.js';

export interface ParseInputsOptions {
  /** What `-` reads; process.stdin by default. */
  readonly stdin?: () => Readable;
}

/**
 * Streams records out of files, directories, gzip files, `log_path` prefixes and stdin. Memory
 * stays bounded by one chunk and the reports open at once, whatever the size of the input.
 * Inputs that cannot be opened are yielded as `InputError`s for the caller to report.
 */
export async function* parseInputs(
  paths: readonly string[],
  options: ParseInputsOptions = {},
): AsyncGenerator<ParseRecord | InputError> {
  // One classifier for all inputs: frames repeat across the files of one run too.
  const classifier = new LineClassifier();
  for await (const source of expandInputs(paths, options.stdin)) {
    if (source instanceof InputError) {
      yield source;
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
    try {
      for await (const chunk of decompressIfGzip(source.open())) {
        splitter.write(chunk);
        if (pending.length > 0) yield* pending.splice(0);
      }
    } catch (error) {
      failure = error;
    }
    splitter.end();
    parser.finish();
    yield* pending.splice(0);
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

function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
