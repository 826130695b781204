import type { Segment, Stitch } from './segment.js';
import type { SegmentBatch } from './segment-events.js';

/** To a segment worker. */
export type ToSegmentWorker =
  | {
      /** A segment's bytes; with `job`, the worker parses it (and on into the next ones). */
      readonly type: 'segment';
      readonly input: number;
      readonly file: string;
      readonly pidFromName: number | null;
      readonly segment: Segment;
      readonly job: boolean;
    }
  /** The input has `count` segments: asking for a later one gets null. */
  | { readonly type: 'end'; readonly input: number; readonly count: number }
  /** The input is done: drop what is kept of it. */
  | { readonly type: 'forget'; readonly input: number }
  /** A batch's buffer, written out: the worker fills it again. */
  | { readonly type: 'reuse'; readonly buffer: ArrayBuffer };

/** From a segment worker. */
export type FromSegmentWorker =
  | {
      readonly type: 'batch';
      readonly input: number;
      readonly index: number;
      readonly batch: SegmentBatch;
    }
  /** A parse ran on past its segment and needs this one's bytes. */
  | { readonly type: 'need'; readonly input: number; readonly index: number }
  /** The job is done: where it met the next fresh parse, or null when it finished the input. */
  | {
      readonly type: 'done';
      readonly input: number;
      readonly index: number;
      readonly stitch: Stitch | null;
    }
  | {
      readonly type: 'failed';
      readonly input: number;
      readonly index: number;
      readonly message: string;
    };
