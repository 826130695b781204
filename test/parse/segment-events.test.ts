import { describe, expect, it } from 'vitest';
import type { ParseRecord } from '../../src/index.js';
import {
  BATCH_BYTES,
  RECORD,
  type SegmentBatch,
  SegmentEvents,
} from '../../src/parse/segments/segment-events.js';

const diagnostic = (message: string): ParseRecord =>
  ({
    type: 'diagnostic',
    schemaVersion: 1,
    code: 'fragment',
    message,
    file: 'x.log',
    line: 1,
  }) as ParseRecord;

describe('SegmentEvents', () => {
  it('packs records into batches as their JSON lines, one larger than a batch alone', () => {
    const batches: SegmentBatch[] = [];
    const events = new SegmentEvents(
      (batch) => batches.push(batch),
      () => 7,
    );
    const records = [
      diagnostic('a'.repeat(200_000)),
      diagnostic('ü'.repeat(100_000)), // 200,000 bytes in UTF-8
      diagnostic('b'.repeat(200_000)), // does not fit beside the first two: a new batch
      diagnostic('c'.repeat(BATCH_BYTES + 10)), // larger than any batch
      diagnostic('small'),
    ];
    for (const record of records) events.record(record);
    events.flush();
    expect(batches.map((b) => b.events.length / 4)).toEqual([2, 1, 1, 1]);
    const lines = records.map((r) => `${JSON.stringify(r)}\n`);
    expect(Buffer.concat(batches.map((b) => b.bytes)).toString()).toBe(lines.join(''));
    // Each RECORD event says where its line ends in its batch.
    const ends = batches.flatMap((b) =>
      Array.from({ length: b.events.length / 4 }, (_, i) => {
        expect(b.events[i * 4]).toBe(RECORD);
        expect(b.events[i * 4 + 1]).toBe(7);
        return b.events[i * 4 + 2];
      }),
    );
    const bytes = lines.map((l) => Buffer.byteLength(l));
    expect(ends).toEqual([bytes[0], bytes[0]! + bytes[1]!, bytes[2], bytes[3], bytes[4]]);
  });
});
