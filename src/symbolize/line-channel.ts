import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';

interface Waiter {
  readonly done: (lines: readonly string[]) => boolean;
  readonly resolve: (lines: string[]) => void;
  readonly reject: (error: Error) => void;
}

/**
 * A long-lived line-oriented child process (llvm-symbolizer, addr2line): a request writes lines
 * to its stdin and takes output lines until `done` says the answer is whole. One request at a
 * time, in order; the process is started once and kept for every batch.
 */
export class LineChannel {
  private readonly child: ChildProcessWithoutNullStreams;
  private partial = '';
  private lines: string[] = [];
  private waiter: Waiter | null = null;
  private failure: Error | null = null;
  private stderr = '';
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly command: string,
    args: readonly string[],
  ) {
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (text: string) => this.take(text));
    this.child.stderr.setEncoding('utf8');
    // Kept short: only for the message if the process dies.
    this.child.stderr.on('data', (text: string) => {
      this.stderr = (this.stderr + text).slice(-2000);
    });
    this.child.on('error', (error) => this.fail(new Error(`${command}: ${error.message}`)));
    this.child.stdin.on('error', (error) => this.fail(new Error(`${command}: ${error.message}`)));
    this.child.on('exit', (code, signal) =>
      this.fail(
        new Error(
          `${command} exited (${signal ?? `code ${code}`})${this.stderr ? `: ${this.stderr.trim()}` : ''}`,
        ),
      ),
    );
  }

  request(input: string, done: (lines: readonly string[]) => boolean): Promise<string[]> {
    const next = this.queue.then(
      () =>
        new Promise<string[]>((resolve, reject) => {
          if (this.failure) {
            reject(this.failure);
            return;
          }
          this.waiter = { done, resolve, reject };
          this.child.stdin.write(input);
          this.check();
        }),
    );
    this.queue = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.child.stdin.end();
    if (this.child.exitCode === null) this.child.kill();
  }

  private take(text: string): void {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.lines.push(line);
    this.check();
  }

  private check(): void {
    const waiter = this.waiter;
    if (!waiter?.done(this.lines)) return;
    this.waiter = null;
    const lines = this.lines;
    this.lines = [];
    waiter.resolve(lines);
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.waiter?.reject(error);
    this.waiter = null;
  }
}
