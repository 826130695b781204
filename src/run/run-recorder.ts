import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { ParseRecord } from '../model/report.js';
import type { InputSummary } from '../parse/parse-inputs.js';
import type { InputInfo, RunInfo, Store, StoredRun } from '../store/store.js';
import type { Config } from '../triage/config.js';
import { Triage, type TriageResult } from '../triage/triage.js';

/**
 * `run --ingest`: records into one store run (one per `racelens run`) every log of every
 * measured child run as an input, each with its own triage, as `racelens ingest` records the
 * files of a folder. Names are `run-<index>/<file>` (the temporary folder does not last). The
 * store run is made when the first measured run is committed: a command that cannot be started,
 * or a Ctrl-C before any run ended, leaves no empty run in the store.
 */
export class RunRecorder {
  private stored: StoredRun | null = null;
  /** The store run being made: child runs committing at once share it. */
  private opening: Promise<StoredRun> | null = null;

  constructor(
    private readonly store: Store,
    private readonly info: RunInfo,
    private readonly config: Config,
  ) {}

  /** The store run, or null while no run was committed. */
  get run(): StoredRun | null {
    return this.stored;
  }

  /** Gathers one child run's inputs; nothing is written before `commit`. */
  forRun(index: number): ChildRunInputs {
    return new ChildRunInputs(index, this.config, async (pending) => {
      this.opening ??= this.store.openRun(this.info);
      const run = await this.opening;
      this.stored = run;
      for (const { input, result } of pending) await this.store.recordInput(run, input, result);
    });
  }
}

interface PendingInput {
  readonly input: InputInfo;
  readonly result: TriageResult;
}

export class ChildRunInputs {
  private triage: Triage;
  private readonly pending: PendingInput[] = [];

  constructor(
    private readonly index: number,
    private readonly config: Config,
    private readonly record: (pending: readonly PendingInput[]) => Promise<void>,
  ) {
    this.triage = new Triage({ config });
  }

  add(record: ParseRecord): void {
    this.triage.add(record);
  }

  inputEnd(input: InputSummary): void {
    const result = this.triage.finish();
    this.triage = new Triage({ config: this.config });
    // An empty file (the standard error of a quiet run) holds nothing to record.
    if (input.failed || input.bytes === 0) return;
    const name = `run-${this.index}/${basename(input.name)}`;
    this.pending.push({
      // Each child run's log is an input of its own, even when two runs printed the same bytes
      // (a deterministic reproducer does): the hash covers its name too, or the store would
      // take the second for the first again and count its reports once.
      input: { sha256: sha256(`${input.sha256}\0${name}`), bytes: input.bytes, name },
      result,
    });
  }

  /**
   * Records the run's inputs, each in its own transaction. Called for every measured run, those
   * without a log too: a run that saw nothing still counts in the store.
   */
  commit(): Promise<void> {
    return this.record(this.pending.splice(0));
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
