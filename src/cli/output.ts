import type { Writable } from 'node:stream';

/** Writes to a stream honouring backpressure, so a slow consumer cannot make output pile up. */
export class Output {
  constructor(private readonly stream: Writable) {}

  async write(text: string): Promise<void> {
    if (this.stream.write(text)) return;
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
}
