import { PARSE_SCHEMA_VERSION, type ParseRecord } from '../model/report.js';
import { FRAGMENT_GAP_LINES } from './assembler-limits.js';
import { type BlockState, NO_BLOCK } from './assembler-state.js';
import type { LineToken } from './line-token.js';
import type { ReportBuilder } from './report-builder.js';
import { blockWins } from './report-choice.js';
import { RuntimeMessageBlock, SuppressionHitsBlock } from './runtime-blocks.js';

/**
 * The one block the runtime may have open beside the reports (BlockState): what starts it,
 * which lines it takes, what ends it. An ended block becomes its record at once.
 */
export class OpenBlock {
  private state: BlockState = NO_BLOCK;

  constructor(
    private readonly file: string,
    private readonly emit: (record: ParseRecord) => void,
  ) {}

  get kind(): BlockState['kind'] {
    return this.state.kind;
  }

  /** The process of an open runtime error, when known; undefined when none is open. */
  get runtimeErrorPid(): number | null | undefined {
    return this.state.kind === 'runtime-message' ? this.state.block.pid : undefined;
  }

  /** Takes the line if it is the block's own; a line that cannot be ends a suppressions block. */
  takes(token: LineToken, line: number, open: readonly ReportBuilder[]): boolean {
    const state = this.state;
    switch (state.kind) {
      case 'none':
        return false;
      case 'suppressions':
        if (!state.block.take(token, line)) {
          this.end();
          return false;
        }
        if (state.block.complete) this.end();
        return true;
      case 'runtime-message':
        // Frames, blank lines and the SUMMARY after a runtime error (e.g. a TSan SEGV) are its
        // own, unless a report of another process is open and fits them better.
        if (token.type !== 'frame' && token.type !== 'blank' && token.type !== 'summary') {
          return false;
        }
        if (!blockWins(state.block, open, token)) return false;
        if (token.type !== 'summary') return state.block.take(token, line);
        this.end();
        return true;
    }
  }

  startRuntimeError(line: number, text: string, pid: number | null): void {
    this.end();
    this.state = { kind: 'runtime-message', block: new RuntimeMessageBlock(line, text, pid) };
  }

  startSuppressions(line: number, total: number, pid: number | null): void {
    this.end();
    this.state = { kind: 'suppressions', block: new SuppressionHitsBlock(pid, total, line) };
  }

  /** A line the grammar does not know: a runtime error ends after FRAGMENT_GAP_LINES of them. */
  other(line: number, pid: number | null): void {
    const state = this.state;
    if (state.kind !== 'runtime-message') return;
    // A runtime error's own `==PID==` lines (`Hint: ...`) say its process is writing now.
    if (pid !== null && pid === state.block.pid) state.block.lastTouched = line;
    if (line - state.block.line > FRAGMENT_GAP_LINES) this.end();
  }

  /**
   * A headline, separator or exit count ends the block before it, unless that is a runtime error
   * of a known process: a process printing one is dying and prints no report and no count after
   * it, so the line is another process's (a headline naming that very pid ends it).
   */
  endBefore(pid: number | null): void {
    const state = this.state;
    if (state.kind === 'runtime-message' && state.block.pid !== null && pid !== state.block.pid) {
      return;
    }
    this.end();
  }

  end(): void {
    const state = this.state;
    this.state = NO_BLOCK;
    switch (state.kind) {
      case 'none':
        return;
      case 'suppressions':
        this.emit(state.block.record(this.file));
        return;
      case 'runtime-message':
        this.emit({
          type: 'diagnostic',
          schemaVersion: PARSE_SCHEMA_VERSION,
          ...state.block.diagnostic(this.file),
        });
        return;
    }
  }
}
