import { LineClassifier } from '../classify-line.js';
import { RecordJsonWriter } from '../record-json.js';
import type { Segment } from './segment.js';
import { BATCH_BYTES } from './segment-events.js';
import { parseSegment } from './segment-parse.js';
import type { FromSegmentWorker, ToSegmentWorker } from './segment-protocol.js';

/**
 * A segment worker's state and jobs, apart from the thread: the worker script wires it to its
 * port, and the in-thread pool (tests, one-core machines) to direct calls. Jobs run one at a
 * time in the order given.
 */
export class SegmentWorkerCore {
  private readonly inputs = new Map<number, InputSegments>();
  // One classifier and one writer for all jobs: frames repeat across segments and files.
  private readonly classifier = new LineClassifier();
  private readonly json = new RecordJsonWriter();
  private queue: Promise<void> = Promise.resolve();
  /** Batch buffers the coordinator has written out and sent back. */
  private readonly spare: ArrayBuffer[] = [];
  private readonly takeBuffer = (): Buffer => {
    const spare = this.spare.pop();
    return spare === undefined ? Buffer.allocUnsafeSlow(BATCH_BYTES) : Buffer.from(spare);
  };

  constructor(
    private readonly post: (message: FromSegmentWorker, transfer?: ArrayBuffer[]) => void,
  ) {}

  receive(message: ToSegmentWorker): void {
    switch (message.type) {
      case 'segment': {
        const input = this.input(message.input);
        input.add(message.segment, message.job);
        if (message.job) this.queue = this.queue.then(() => this.run(message, input));
        return;
      }
      case 'end':
        this.input(message.input).end(message.count);
        return;
      case 'forget':
        this.inputs.delete(message.input);
        return;
      case 'reuse':
        if (message.buffer.byteLength === BATCH_BYTES && this.spare.length < MAX_SPARE) {
          this.spare.push(message.buffer);
        }
        return;
    }
  }

  private input(id: number): InputSegments {
    let input = this.inputs.get(id);
    if (input === undefined) {
      input = new InputSegments((index) => this.post({ type: 'need', input: id, index }));
      this.inputs.set(id, input);
    }
    return input;
  }

  private async run(
    message: Extract<ToSegmentWorker, { type: 'segment' }>,
    input: InputSegments,
  ): Promise<void> {
    const { segment } = message;
    const where = { input: message.input, index: segment.index };
    try {
      const stitch = await parseSegment(
        { file: message.file, pidFromName: message.pidFromName, segment },
        (index) => input.get(index),
        this.classifier,
        (batch) =>
          this.post({ type: 'batch', ...where, batch }, [
            batch.bytes.buffer as ArrayBuffer,
            batch.events.buffer as ArrayBuffer,
          ]),
        this.takeBuffer,
        this.json,
      );
      input.release(segment.index);
      this.post({ type: 'done', ...where, stitch });
    } catch (error) {
      this.post({ type: 'failed', ...where, message: String(error) });
    }
  }
}

/** Spare batch buffers kept at most: about a segment's output. */
const MAX_SPARE = 32;

/** The segments of one input this worker holds, and the parse waiting for one. */
class InputSegments {
  private readonly segments = new Map<number, { segment: Segment; job: boolean }>();
  private readonly waiting = new Map<number, (segment: Segment | null) => void>();
  private count: number | null = null;

  constructor(private readonly need: (index: number) => void) {}

  add(segment: Segment, job: boolean): void {
    const waiter = this.waiting.get(segment.index);
    this.segments.set(segment.index, { segment, job });
    if (waiter === undefined) return;
    this.waiting.delete(segment.index);
    waiter(segment);
  }

  end(count: number): void {
    this.count = count;
    for (const [index, waiter] of this.waiting) {
      if (index < count) continue;
      this.waiting.delete(index);
      waiter(null);
    }
  }

  /** A segment read on into: held until used once unless it is a job of this worker's. */
  get(index: number): Promise<Segment | null> {
    const held = this.segments.get(index);
    if (held !== undefined) {
      if (!held.job) this.segments.delete(index);
      return Promise.resolve(held.segment);
    }
    if (this.count !== null && index >= this.count) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.waiting.set(index, (segment) => {
        if (segment !== null) this.segments.delete(index);
        resolve(segment);
      });
      this.need(index);
    });
  }

  /** The job of `index` is done: its segment and any before it are not needed again. */
  release(index: number): void {
    for (const key of this.segments.keys()) if (key <= index) this.segments.delete(key);
  }
}
