import type { Output } from './output.js';

/** Inputs read faster than this show no progress at all. */
const QUIET_MS = 2000;
const REDRAW_MS = 250;

/**
 * "reading ci-logs/job-12.log (41 inputs read, 230 reports)" on one line of standard error,
 * rewritten in place, once reading has taken longer than a couple of seconds; only on a
 * terminal (a piped or CI stderr gets no control codes), and cleared before results print.
 */
export class ReadProgress {
  private readonly started = performance.now();
  private lastDraw = 0;
  private drawn = false;
  private inputs = 0;
  private records = 0;
  private current = '';

  constructor(
    private readonly out: Output,
    private readonly enabled: boolean,
    private readonly columns = 80,
  ) {}

  inputEnded(name: string): void {
    this.inputs++;
    this.current = name;
    this.maybeDraw();
  }

  record(file: string): void {
    this.records++;
    this.current = file;
    this.maybeDraw();
  }

  finish(): void {
    if (this.drawn) void this.out.write('\r\x1b[2K');
    this.drawn = false;
  }

  private maybeDraw(): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.started < QUIET_MS || now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    const text = `racelens: reading ${this.current} (${this.inputs} input${this.inputs === 1 ? '' : 's'} read, ${this.records} record${this.records === 1 ? '' : 's'})`;
    const width = this.columns >= 20 ? this.columns : 80;
    void this.out.write(`\r\x1b[2K${text.slice(0, width - 1)}`);
    this.drawn = true;
    void this.out.flush();
  }
}
