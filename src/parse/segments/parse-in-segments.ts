import type { DiagnosticRecord, ParseRecord } from '../../model/report.js';
import type { InputError, InputSource } from '../../read/input-sources.js';
import type { SequentialParsing } from '../sequential-parsing.js';
import { type InputEndListener, SourceBytes } from '../source-bytes.js';
import type { SerializedRecords } from './segment-stitcher.js';
import { type SegmentedParse, SegmentWorkerError } from './segmented-parse.js';

/** Bytes read at a time: this thread only copies them into segments, it does not decode them. */
const READ_BYTES = 1 << 20;

/**
 * One large file on several threads (SegmentedParse), its end and read errors told as
 * parseSource tells them. When a parse thread fails (a crash, its heap cap), the input is read
 * again on this thread and the records already written are skipped: nothing is lost.
 */
export async function* parseInSegments(
  source: InputSource,
  segmented: SegmentedParse,
  sequential: SequentialParsing,
  onInputEnd: InputEndListener | undefined,
): AsyncGenerator<SerializedRecords | ParseRecord | InputError | DiagnosticRecord> {
  const bytes = new SourceBytes(source, onInputEnd);
  let linesRead = 0;
  let written = 0;
  let failure: unknown = null;
  try {
    const chunks = bytes.chunks(READ_BYTES);
    const records = segmented.parse(source.name, source.pidFromName, chunks, (end) => {
      linesRead = end.linesRead;
    });
    for await (const batch of records) {
      written += batch.records;
      yield batch;
    }
  } catch (error) {
    if (!(error instanceof SegmentWorkerError)) failure = error;
    else {
      yield* sequential.parse(source, onInputEnd, written);
      return;
    }
  }
  yield* bytes.end(failure, linesRead);
}
