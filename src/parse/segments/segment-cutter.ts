import type { Segment } from './segment.js';
import { SharedBufferPool } from './shared-buffer-pool.js';

/**
 * Cuts an input's chunks into segments of about `segmentBytes`, each ending after its last
 * newline; a line longer than a segment is cut where the segment is full (the next segment
 * then starts with that line's end, see Segment.skip). Memory: one segment being filled.
 */
export class SegmentCutter {
  private view: Buffer = Buffer.alloc(0);
  private filled = 0;
  private index = 0;
  private newlinesBefore = 0;
  private endsWithNewline = true;

  /** The pool's buffers hold more than a segment (segmentBufferBytes): a cut comes once one is full. */
  constructor(
    private readonly segmentBytes: number,
    private readonly pool = new SharedBufferPool(segmentBufferBytes(segmentBytes)),
  ) {
    this.fresh();
  }

  /** Where the next bytes go, for a reader that reads into it (then: filledBy()). */
  room(): Buffer {
    return this.view.subarray(this.filled);
  }

  /** `count` bytes were read into room(): the segments they complete, in order. */
  filledBy(count: number): Segment[] {
    this.filled += count;
    const done: Segment[] = [];
    while (this.filled >= this.currentSegmentBytes) done.push(this.cut());
    return done;
  }

  /** Segments completed by this chunk, in order. */
  push(chunk: Buffer): Segment[] {
    const done: Segment[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      const count = Math.min(this.view.length - this.filled, chunk.length - offset);
      chunk.copy(this.view, this.filled, offset, offset + count);
      offset += count;
      done.push(...this.filledBy(count));
    }
    return done;
  }

  /** The last segment; null when the input ended right after a cut (an empty input still has one). */
  end(): Segment | null {
    if (this.filled === 0 && this.index > 0) {
      this.pool.give(this.view.buffer as SharedArrayBuffer);
      return null;
    }
    return this.seal(this.filled);
  }

  /** Segments cut so far (after end(): the input's segment count). */
  get count(): number {
    return this.index;
  }

  /** Lines read so far, a last line without its newline included (as LineSplitter counts). */
  get linesRead(): number {
    return this.newlinesBefore + (this.endsWithNewline ? 0 : 1);
  }

  /**
   * The first segments are smaller (1/8, 1/4, 1/2 of the size): the workers start on them
   * while the rest is read, instead of waiting for two whole segments.
   */
  private get currentSegmentBytes(): number {
    return this.index >= RAMP
      ? this.segmentBytes
      : Math.max(1, this.segmentBytes >> (RAMP - this.index));
  }

  private cut(): Segment {
    const lastNewline = this.view.lastIndexOf(10, this.filled - 1);
    const end = lastNewline === -1 ? this.filled : lastNewline + 1;
    const rest = this.view.subarray(end, this.filled);
    const segment = this.seal(end);
    this.fresh();
    rest.copy(this.view, 0);
    this.filled = rest.length;
    return segment;
  }

  private seal(end: number): Segment {
    const bytes = this.view.subarray(0, end);
    let skip = 0;
    let firstLine = this.newlinesBefore + 1;
    if (!this.endsWithNewline) {
      const newline = bytes.indexOf(10);
      skip = newline === -1 ? -1 : newline + 1;
      firstLine++;
    }
    const segment: Segment = {
      index: this.index++,
      buffer: this.view.buffer as SharedArrayBuffer,
      length: end,
      skip,
      firstLine,
    };
    this.newlinesBefore += countNewlines(bytes);
    if (end > 0) this.endsWithNewline = bytes[end - 1] === 10;
    return segment;
  }

  private fresh(): void {
    this.view = Buffer.from(this.pool.take());
    this.filled = 0;
  }
}

/** Segments before the full size is reached (see currentSegmentBytes). */
const RAMP = 3;

/** A segment and a chunk's worth more, so that the chunk that fills a segment fits. */
export function segmentBufferBytes(segmentBytes: number): number {
  return segmentBytes + (256 << 10);
}

function countNewlines(bytes: Buffer): number {
  let count = 0;
  let at = bytes.indexOf(10);
  while (at !== -1) {
    count++;
    at = bytes.indexOf(10, at + 1);
  }
  return count;
}
