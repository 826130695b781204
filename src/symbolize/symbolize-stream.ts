import type { ParseRecord } from '../model/report.js';
import { visitRecordStacks } from './record-stacks.js';
import type { Symbolizer } from './symbolizer.js';

/** Frames gathered before a batch goes to the symbolizers: bounds memory, amortizes round trips. */
export const FRAMES_PER_BATCH = 1000;

/**
 * Symbolizes a stream of parse records in batches of about `framesPerBatch` frames (or less
 * at the end of input), keeping their order. Anything that is not a parse record (an input
 * error) is passed through in its place.
 */
export async function* symbolizeStream<T>(
  items: AsyncIterable<ParseRecord | T>,
  symbolizer: Symbolizer,
  isRecord: (item: ParseRecord | T) => item is ParseRecord,
  framesPerBatch = FRAMES_PER_BATCH,
): AsyncGenerator<ParseRecord | T> {
  let pending: (ParseRecord | T)[] = [];
  let frames = 0;
  const flush = async function* () {
    const records = pending.filter(isRecord);
    const done = await symbolizer.symbolize(records);
    let next = 0;
    for (const item of pending) yield isRecord(item) ? (done[next++] as ParseRecord) : item;
    pending = [];
    frames = 0;
  };
  for await (const item of items) {
    pending.push(item);
    if (isRecord(item)) frames += frameCount(item);
    if (frames >= framesPerBatch) yield* flush();
  }
  if (pending.length > 0) yield* flush();
}

function frameCount(record: ParseRecord): number {
  let count = 0;
  visitRecordStacks(record, {
    stack: (frames) => {
      count += frames.length;
    },
    global: () => {
      count++;
    },
  });
  return count;
}
