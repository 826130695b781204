import type { LineFilter } from '../../read/line-filter.js';
import { type LineHandler, LineSplitter } from '../../read/line-splitter.js';
import type { LineClassifier } from '../classify-line.js';
import { LogParser } from '../log-parser.js';
import type { RecordJsonWriter } from '../record-json.js';
import { AT_END, type Segment, type Stitch } from './segment.js';
import { IGNORED_COUNTS, type SegmentBatch, SegmentEvents } from './segment-events.js';

export interface SegmentJob {
  readonly file: string;
  readonly pidFromName: number | null;
  readonly segment: Segment;
}

/** The segments of the job's input; null for an index past its last one. */
export type SegmentLookup = (index: number) => Promise<Segment | null>;

/**
 * Parses one segment from its first line, as if the input started there, then reads on into
 * the segments after it until its state meets the state a fresh parse of the next segment
 * has reached: from that line on, that segment's own parse says the same as this one would.
 * To find the line, a shadow parser reads the next segment from its first line beside this
 * one (emitting nothing), and after each line both are asked for their sync keys. Returns
 * the stitch, or null when the parse ran to the input's end (and finished it). Nothing here
 * depends on threads: the worker calls it, and so do the tests, in one thread.
 */
export async function parseSegment(
  job: SegmentJob,
  lookup: SegmentLookup,
  classifier: LineClassifier,
  send: (batch: SegmentBatch) => void,
  buffers?: () => Buffer,
  json?: RecordJsonWriter,
): Promise<Stitch | null> {
  const { file, pidFromName, segment } = job;
  let atEnd = false;
  // The clock reads the splitter, which is made last: nothing is emitted before it reads.
  const events: SegmentEvents = new SegmentEvents(
    send,
    (): number => (atEnd ? AT_END : splitter.linesRead),
    buffers,
    json,
  );
  const parser = new LogParser(file, (r) => events.record(r), pidFromName, classifier, events);
  const lines = new Lockstep(parser);
  const splitter: LineSplitter = new LineSplitter(lines, { linesBefore: segment.firstLine - 1 });
  if (segment.skip >= 0) writeRange(splitter, segment, segment.skip, segment.length);
  for (let next = segment.index + 1; ; next++) {
    const following = await lookup(next);
    if (following === null) {
      splitter.end();
      atEnd = true;
      parser.finish();
      events.flush();
      return null;
    }
    if (following.skip < 0) {
      writeRange(splitter, following, 0, following.length);
      continue;
    }
    writeRange(splitter, following, 0, following.skip);
    let stitchedAt = -1;
    lines.shadow = new LogParser(file, () => {}, pidFromName, classifier, IGNORED_COUNTS);
    lines.onLine = (line: number) => {
      const key = parser.syncKey(line);
      if (key !== null && key === lines.shadow?.syncKey(line)) {
        stitchedAt = line;
        splitter.halt();
      }
    };
    writeRange(splitter, following, following.skip, following.length);
    if (stitchedAt !== -1) {
      events.flush();
      return { segment: next, line: stitchedAt };
    }
    lines.shadow = null;
  }
}

/**
 * Bytes handed to the line splitter at a time. Its skipper copies each piece into its
 * WebAssembly memory (a new one for each segment's splitter): small pieces keep that small.
 */
const PIECE_BYTES = 120 * 1024;

function writeRange(splitter: LineSplitter, segment: Segment, from: number, to: number): void {
  for (let at = from; at < to; at += PIECE_BYTES) {
    splitter.write(Buffer.from(segment.buffer, at, Math.min(PIECE_BYTES, to - at)));
  }
}

/**
 * The lines to the parser and, while a shadow reads beside it, to the shadow too; every line
 * then (no skipping), so that the two are compared after each one.
 */
class Lockstep implements LineHandler {
  shadow: LogParser | null = null;
  onLine: (line: number) => void = () => {};

  constructor(private readonly parser: LogParser) {}

  line(text: string, lineNumber: number): void {
    this.parser.line(text, lineNumber);
    if (this.shadow === null) return;
    this.shadow.line(text, lineNumber);
    this.onLine(lineNumber);
  }

  overlong(lineNumber: number, droppedChars: number): void {
    this.parser.overlong(lineNumber, droppedChars);
  }

  interestingLines(): LineFilter | null {
    return this.shadow === null ? this.parser.interestingLines() : null;
  }

  lastLineUnterminated(lineNumber: number): void {
    this.parser.lastLineUnterminated(lineNumber);
  }
}
