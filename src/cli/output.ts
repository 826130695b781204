import type { Writable } from 'node:stream';

/** Text is gathered up to this size before one write: a write per record costs more than the record. */
const BATCH_CHARS = 1 << 20;

/** Writes to a stream honouring backpressure, so a slow consumer cannot make output pile up. */
export class Output {
  private pending: string[] = [];
  private pendingChars = 0;

  constructor(
    private readonly stream: Writable,
    private readonly batchChars = BATCH_CHARS,
  ) {}

  /** Queues text; writes when a batch is full. Call flush() at the end. */
  async write(text: string): Promise<void> {
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= this.batchChars) await this.flush();
  }

  /**
   * Writes a batch at once (after any queued text), e.g. a batch of JSON Lines. `written` is
   * called when the stream is done with `chunk` (its buffer may then be filled again).
   */
  async writeNow(chunk: string | Uint8Array, written?: () => void): Promise<void> {
    await this.flush();
    await this.send(chunk, written);
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    await this.send(text);
  }

  private async send(chunk: string | Uint8Array, written?: () => void): Promise<void> {
    if (this.stream.write(chunk, written)) return;
    await new Promise<void>((resolve, reject) => {
      const onDrain = () => {
        this.stream.off('error', onError);
        resolve();
      };
      const onError = (error: Error) => {
        this.stream.off('drain', onDrain);
        reject(error);
      };
      this.stream.once('drain', onDrain);
      this.stream.once('error', onError);
    });
  }
}

/** Where a command writes; tests pass their own. */
export interface CommandIo {
  readonly stdout: Output;
  readonly stderr: Output;
  /** Standard input is a terminal: `-` waits for typing, so say so. */
  readonly stdinIsTty?: boolean;
  /** Standard error is a terminal: progress may be drawn there. */
  readonly stderrIsTty?: boolean;
  /** Standard output is a terminal: colour and file links may be used (see `--color`). */
  readonly stdoutIsTty?: boolean;
  /** The terminal's width, when it says. */
  readonly columns?: number;
}
