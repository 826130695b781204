/**
 * A stretch of one input's bytes, cut at a line end where it can be, for a worker thread to
 * parse. Lines keep their numbers in the whole input: the cutter counts the newlines before.
 */
export interface Segment {
  readonly index: number;
  /** Shared: the worker that parses the segment reads it, and so does the one whose parse runs on into it. */
  readonly buffer: SharedArrayBuffer;
  readonly length: number;
  /**
   * Bytes before the first line that starts in this segment: 0 after a cut at a line end, the
   * end of a line begun in the segment before when a line was too long to cut at its end,
   * -1 when no line starts here at all.
   */
  readonly skip: number;
  /** The number of that first line (1-based, counted over the whole input). */
  readonly firstLine: number;
}

/** Where a segment's parse met the fresh parse of a later segment: same state after `line`. */
export interface Stitch {
  readonly segment: number;
  readonly line: number;
}

/** The emission line of records emitted at the end of the input, after its last line. */
export const AT_END = Number.MAX_SAFE_INTEGER;
