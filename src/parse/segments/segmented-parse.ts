import type { PlainFile } from '../../read/input-sources.js';
import type { Segment } from './segment.js';
import { SegmentCutter, segmentBufferBytes } from './segment-cutter.js';
import {
  type SegmentPoolOptions,
  type SegmentWorkerPort,
  startSegmentWorkers,
} from './segment-pool.js';
import type { FromSegmentWorker } from './segment-protocol.js';
import { SegmentStitcher, type SerializedRecords } from './segment-stitcher.js';
import { SharedBufferPool } from './shared-buffer-pool.js';

export interface SegmentedParseOptions extends SegmentPoolOptions {
  /** About how many bytes each segment holds. */
  readonly segmentBytes: number;
}

/** A parse thread failed (it crashed, or reached its heap cap): the input is not parsed whole. */
export class SegmentWorkerError extends Error {
  override name = 'SegmentWorkerError';
}

/** An input's bytes: chunks (copied into segments), or a plain file read into them directly. */
export type SegmentInput =
  | { readonly kind: 'chunks'; readonly chunks: AsyncIterable<Buffer> }
  | { readonly kind: 'file'; readonly file: PlainFile };

/** Bytes read at a time: this thread only moves them into segments, it does not decode them. */
export const READ_BYTES = 1 << 20;

/** What one input's parse read: its lines, for a read error's diagnostic. */
export interface SegmentedInputEnd {
  readonly linesRead: number;
}

/**
 * `parse --json` of large inputs on several threads. Each input is cut into segments; each
 * segment is parsed by a worker as if the input started there and then on until it meets
 * the next segment's parse (segment-parse.ts); the output is put back in order with the
 * lines each segment owns (segment-stitcher.ts). The records are the ones one parse in one
 * thread writes, character for character, in the same order. Memory: a few segments and
 * their output at a time, whatever the input's size.
 */
export class SegmentedParse {
  private ports: Promise<SegmentWorkerPort[]> | null = null;
  private readonly runs = new Map<number, InputRun>();
  private nextInput = 0;
  private failure: SegmentWorkerError | null = null;
  private readonly buffers: SharedBufferPool;

  constructor(private readonly options: SegmentedParseOptions) {
    this.buffers = new SharedBufferPool(segmentBufferBytes(options.segmentBytes));
  }

  /**
   * The records of one input, as JSON Lines text in order. Reading stops at a read error;
   * what was read is parsed to the end and the error is thrown after the last text.
   */
  async *parse(
    file: string,
    pidFromName: number | null,
    input: SegmentInput,
    end: (info: SegmentedInputEnd) => void,
  ): AsyncGenerator<SerializedRecords> {
    const ports = await this.start();
    const id = this.nextInput++;
    const run = new InputRun(id, file, pidFromName, ports, this.options.segmentBytes, this.buffers);
    this.runs.set(id, run);
    const reader = input.kind === 'chunks' ? input.chunks[Symbol.asyncIterator]() : null;
    // Reads on; false at the end of the input. A plain file is read straight into the segment
    // being filled; chunks are copied into it.
    const readMore = async (): Promise<boolean> => {
      if (input.kind === 'file') {
        const room = run.room();
        const count = await input.file.read(room.subarray(0, Math.min(room.length, READ_BYTES)));
        if (count === 0) return false;
        run.filledBy(count);
        return true;
      }
      const next = await reader!.next();
      if (next.done) return false;
      run.push(next.value);
      return true;
    };
    let readError: unknown = null;
    try {
      for (;;) {
        const failure = this.failure ?? run.failure;
        if (failure) throw failure;
        yield* run.takeOutput();
        if (run.finished) break;
        if (run.wantsBytes) {
          try {
            if (!(await readMore())) run.endOfInput();
          } catch (error) {
            readError = error;
            run.endOfInput();
          }
          continue;
        }
        await run.nextEvent();
      }
    } finally {
      // Closes the file when the parse ends early (a failed thread, a consumer that stopped).
      if (readError === null) await reader?.return?.();
      this.runs.delete(id);
      for (const port of ports) port.post({ type: 'forget', input: id });
    }
    end({ linesRead: run.linesRead });
    if (readError !== null) throw readError;
  }

  async close(): Promise<void> {
    const ports = (await this.ports) ?? [];
    this.ports = null;
    await Promise.all(ports.map((port) => port.terminate()));
  }

  private start(): Promise<SegmentWorkerPort[]> {
    this.ports ??= startSegmentWorkers(
      this.options,
      (worker, message) => this.runs.get(message.input)?.receive(worker, message),
      (error) => {
        this.failure = new SegmentWorkerError(error.message);
        for (const run of this.runs.values()) run.wake();
      },
    );
    return this.ports;
  }
}

/** One input in flight: cutting, handing out jobs and bytes, collecting output. */
class InputRun {
  private readonly cutter: SegmentCutter;
  private readonly stitcher: SegmentStitcher;
  private readonly segments = new Map<number, Segment>();
  private readonly needs: { worker: number; index: number }[] = [];
  private output: SerializedRecords[] = [];
  private nextJob = 0;
  private count: number | null = null;
  private waiter: (() => void) | null = null;
  failure: SegmentWorkerError | null = null;

  constructor(
    private readonly id: number,
    private readonly file: string,
    private readonly pidFromName: number | null,
    private readonly ports: readonly SegmentWorkerPort[],
    segmentBytes: number,
    private readonly buffers: SharedBufferPool,
  ) {
    this.cutter = new SegmentCutter(segmentBytes, buffers);
    this.stitcher = new SegmentStitcher(file, (records) => this.output.push(records));
  }

  /** Jobs running or waiting at most: one a worker and one more, ready for the first free. */
  private get window(): number {
    return this.ports.length + 1;
  }

  get finished(): boolean {
    return this.count !== null && this.stitcher.writing >= this.count && this.output.length === 0;
  }

  get linesRead(): number {
    return this.cutter.linesRead;
  }

  /** Read on when a job can start and nothing read waits for one, or a parse waits for bytes. */
  get wantsBytes(): boolean {
    if (this.count !== null) return false;
    const read = this.cutter.count;
    if (this.needs.some((need) => need.index >= read)) return true;
    return this.nextJob >= read && read < this.stitcher.writing + this.window;
  }

  *takeOutput(): Generator<SerializedRecords> {
    while (this.output.length > 0) {
      const taken = this.output;
      this.output = [];
      yield* taken;
    }
  }

  push(chunk: Buffer): void {
    for (const segment of this.cutter.push(chunk)) this.segments.set(segment.index, segment);
    this.dispatch();
  }

  /** Where a plain file's next bytes are read to (see SegmentCutter.room). */
  room(): Buffer {
    return this.cutter.room();
  }

  filledBy(count: number): void {
    for (const segment of this.cutter.filledBy(count)) this.segments.set(segment.index, segment);
    this.dispatch();
  }

  endOfInput(): void {
    const last = this.cutter.end();
    if (last !== null) this.segments.set(last.index, last);
    this.count = this.cutter.count;
    for (const port of this.ports) port.post({ type: 'end', input: this.id, count: this.count });
    this.dispatch();
  }

  receive(worker: number, message: FromSegmentWorker): void {
    switch (message.type) {
      case 'batch': {
        const buffer = message.batch.bytes.buffer as ArrayBuffer;
        const port = this.ports[worker]!;
        this.stitcher.batch(message.index, message.batch, () =>
          port.post({ type: 'reuse', buffer }, [buffer]),
        );
        break;
      }
      case 'done':
        this.stitcher.done(message.index, message.stitch);
        break;
      case 'need':
        this.needs.push({ worker, index: message.index });
        break;
      case 'failed':
        this.failure = new SegmentWorkerError(
          `parsing ${this.file} failed in a worker: ${message.message}`,
        );
        break;
    }
    this.dispatch();
    this.wake();
  }

  nextEvent(): Promise<void> {
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  wake(): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }

  /** Jobs for segments within the window, bytes for parses that read on; forgets what is done. */
  private dispatch(): void {
    const read = this.cutter.count;
    while (this.nextJob < read && this.nextJob < this.stitcher.writing + this.window) {
      const index = this.nextJob++;
      if (this.stitcher.wanted(index)) this.send(index % this.ports.length, index, true);
      else this.stitcher.skipped(index);
    }
    for (let i = this.needs.length - 1; i >= 0; i--) {
      const need = this.needs[i]!;
      if (need.index >= read) continue;
      this.needs.splice(i, 1);
      this.send(need.worker, need.index, false);
    }
    // Every job up to the one being written is done, so no worker reads these any more.
    for (const [index, segment] of this.segments) {
      if (index >= this.stitcher.writing || index >= this.nextJob) continue;
      this.segments.delete(index);
      this.buffers.give(segment.buffer);
    }
  }

  private send(worker: number, index: number, job: boolean): void {
    const segment = this.segments.get(index);
    if (segment === undefined) throw new Error(`segment ${index} of ${this.file} is gone`);
    this.ports[worker]!.post({
      type: 'segment',
      input: this.id,
      file: this.file,
      pidFromName: this.pidFromName,
      segment,
      job,
    });
  }
}
