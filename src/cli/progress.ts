import { duration } from '../render/run-terminal.js';
import type { ChildRun } from '../run/run-outcome.js';
import type { Output } from './output.js';

/** What the progress display shows besides the run that just ended. */
export interface ProgressCounts {
  readonly done: number;
  readonly withReports: number;
  readonly groups: number;
}

/** `bar`: one line rewritten in place (a terminal); `lines`: a line per run (logs, CI). */
export type ProgressMode = 'bar' | 'lines';

const BAR_WIDTH = 20;
/** The elapsed time ticks on the bar even while no run ends. */
const TICK_MS = 1000;

/** `racelens run`'s progress on standard error. */
export class RunProgress {
  private readonly started = performance.now();
  private counts: ProgressCounts = { done: 0, withReports: 0, groups: 0 };
  private ticker: NodeJS.Timeout | undefined;
  private drawn = false;

  constructor(
    private readonly out: Output,
    private readonly mode: ProgressMode,
    private readonly total: number,
    /** The terminal's width: the bar line is cut to fit, or it would wrap and not be rewritten. */
    private readonly columns = 80,
  ) {}

  start(): void {
    if (this.mode !== 'bar') return;
    this.draw();
    this.ticker = setInterval(() => this.draw(), TICK_MS);
    this.ticker.unref();
  }

  runEnded(run: ChildRun, counts: ProgressCounts): void {
    this.counts = counts;
    if (this.mode === 'bar') this.draw();
    else void this.out.write(`racelens: ${this.runLine(run)}\n`);
  }

  /** A message of its own line, above the bar. */
  note(text: string): void {
    if (this.mode === 'bar' && this.drawn) void this.out.write('\r\x1b[2K');
    void this.out.write(`racelens: ${text}\n`);
    if (this.mode === 'bar' && this.ticker !== undefined) this.draw();
  }

  /** Clears the bar, so that the summary starts on a clean line. */
  finish(): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
    if (this.mode === 'bar' && this.drawn) void this.out.write('\r\x1b[2K');
    this.drawn = false;
  }

  private draw(): void {
    const { done, withReports, groups } = this.counts;
    const filled = this.total === 0 ? 0 : Math.round((done / this.total) * BAR_WIDTH);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
    const text = `${bar} ${done}/${this.total} runs  ${withReports} with reports  ${groups} group${groups === 1 ? '' : 's'}  ${duration(this.elapsed())}`;
    // A terminal that does not say its width (0) is taken as 80 columns.
    const width = this.columns >= 20 ? this.columns : 80;
    void this.out.write(`\r\x1b[2K${text.slice(0, width - 1)}`);
    this.drawn = true;
  }

  private runLine(run: ChildRun): string {
    const { done, withReports, groups } = this.counts;
    const how =
      run.outcome === 'races'
        ? `reported ${run.reports} (group${run.groups.length === 1 ? '' : 's'} ${run.groups.join(', ')})`
        : run.outcome === 'timeout'
          ? 'timed out'
          : run.outcome;
    const code = run.signal !== null ? run.signal : `exit ${run.exitCode}`;
    return `run ${run.index} ${how}, ${code}, ${duration(run.durationMs)} [${done}/${this.total} done, ${withReports} with reports, ${groups} group${groups === 1 ? '' : 's'}, ${duration(this.elapsed())}]`;
  }

  private elapsed(): number {
    return performance.now() - this.started;
  }
}
