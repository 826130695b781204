import type { DiagnosticRecord, ParseRecord } from '../../model/report.js';
import type { InputError, InputSource, PlainFile } from '../../read/input-sources.js';
import type { SequentialParsing } from '../sequential-parsing.js';
import { type InputEndListener, SourceBytes } from '../source-bytes.js';
import type { SerializedRecords } from './segment-stitcher.js';
import {
  READ_BYTES,
  type SegmentedParse,
  type SegmentInput,
  SegmentWorkerError,
} from './segmented-parse.js';

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
  // A plain file is read straight into the segments, unless its bytes are hashed on the way.
  let plain: PlainFile | null = null;
  try {
    plain = onInputEnd === undefined ? ((await source.openPlain?.()) ?? null) : null;
    const input: SegmentInput =
      plain === null
        ? { kind: 'chunks', chunks: bytes.chunks(READ_BYTES) }
        : { kind: 'file', file: plain };
    const records = segmented.parse(source.name, source.pidFromName, input, (end) => {
      linesRead = end.linesRead;
    });
    for await (const batch of records) {
      written += batch.records;
      yield batch;
    }
  } catch (error) {
    if (!(error instanceof SegmentWorkerError)) failure = error;
    else {
      await plain?.close().catch(() => {});
      yield* sequential.parse(source, onInputEnd, written);
      return;
    }
  }
  await plain?.close().catch(() => {});
  yield* bytes.end(failure, linesRead);
}
