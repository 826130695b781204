/** Free buffers kept at most: about the segments in flight at once. */
const MAX_FREE = 4;

/**
 * Segment buffers used again: a new SharedArrayBuffer is zeroed and faulted in page by page,
 * which cost more system time than the parse saved. A buffer comes back once no worker can
 * read its segment any more (SegmentedParse).
 */
export class SharedBufferPool {
  private readonly free: SharedArrayBuffer[] = [];

  constructor(readonly bytes: number) {}

  take(): SharedArrayBuffer {
    return this.free.pop() ?? new SharedArrayBuffer(this.bytes);
  }

  give(buffer: SharedArrayBuffer): void {
    if (buffer.byteLength === this.bytes && this.free.length < MAX_FREE) this.free.push(buffer);
  }
}
