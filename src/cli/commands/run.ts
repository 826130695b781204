import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runReportToJson } from '../../render/run-json.js';
import { commandLine, runReportToText } from '../../render/run-terminal.js';
import { runMany } from '../../run/run-many.js';
import { type RunOnceContext, runOnce } from '../../run/run-once.js';
import { StartError } from '../../run/run-process.js';
import { RunRecorder } from '../../run/run-recorder.js';
import type { RunReport } from '../../run/run-report.js';
import { RunTally, runsEnded, type StopRule } from '../../run/run-summary.js';
import { userLogPaths } from '../../run/tsan-options.js';
import { ciRunDefaults } from '../../store/run-identity.js';
import { type Store, StoreError } from '../../store/store.js';
import { Triage } from '../../triage/triage.js';
import { EXIT, type ExitCode, ExitError } from '../exit-codes.js';
import { openStoreToWrite } from '../open-read-store.js';
import type { CommandIo } from '../output.js';
import { type ProgressMode, RunProgress } from '../progress.js';
import { readConfig } from '../read-config.js';

export interface RunCommandOptions {
  readonly runs: number;
  readonly jobs: number;
  /** Seconds; undefined: runs are never timed out. */
  readonly timeout?: number;
  readonly until?: number;
  readonly untilGroup?: string;
  /** `K=V` pairs for the command's environment. */
  readonly env: readonly string[];
  readonly ingest: boolean;
  readonly run?: string;
  readonly db?: string;
  readonly config?: string;
  readonly json: boolean;
  readonly progress: ProgressMode;
  /** The terminal's width, for the progress bar. */
  readonly columns?: number;
}

/** SIGTERM then this long before SIGKILL, for a run's process group. */
const GRACE_MS = 2000;

/** Signals that stop `racelens run` the way Ctrl-C does, and the exit code each gives. */
const STOP_SIGNALS = [
  ['SIGINT', EXIT.interrupted],
  ['SIGTERM', EXIT.terminated],
  ['SIGHUP', EXIT.hangup],
] as const;

/**
 * `racelens run -- <command> [args...]`: runs the command again and again, each run in a process
 * group and a log folder of its own, and says how often each group of reports showed, with a 95%
 * Wilson interval. A stop signal ends the running runs and prints the summary so far.
 */
export async function runCommand(
  command: readonly string[],
  options: RunCommandOptions,
  io: CommandIo,
): Promise<ExitCode> {
  const [program, ...args] = command;
  if (program === undefined || program === '')
    throw new ExitError(
      EXIT.usage,
      "run needs the command to run after '--', e.g. racelens run -n 20 -- ./a.out --its-flag",
    );
  const untilGroup = checkUntilGroup(options.untilGroup);
  if (!options.ingest && (options.run !== undefined || options.db !== undefined))
    throw new ExitError(
      EXIT.usage,
      `${options.run !== undefined ? '--run' : '--db'} is about recording in the store; add --ingest`,
    );
  const config = readConfig(options.config);
  const env: NodeJS.ProcessEnv = { ...process.env, ...parseEnv(options.env) };
  const rule: StopRule = { untilRuns: options.until ?? null, untilGroup };

  const progress = new RunProgress(io.stderr, options.progress, options.runs, options.columns);
  for (const { variable, value } of userLogPaths(env))
    progress.note(
      `${variable} log_path=${value} is replaced: racelens reads each run's reports from a log_path of its own`,
    );

  const store = options.ingest ? await openStoreToWrite(options.db) : null;
  try {
    const recorder = store ? openRecorder(store.store, options, command, config) : null;
    return await measure({
      command,
      options,
      io,
      progress,
      rule,
      recorder,
      storePath: store?.location ?? null,
      runContext: { command: program, args, env, triage: new Triage({ config }) },
    });
  } catch (error) {
    if (error instanceof StoreError) throw new ExitError(EXIT.usage, error.message);
    throw error;
  } finally {
    await store?.store.close();
  }
}

interface Measurement {
  readonly command: readonly string[];
  readonly options: RunCommandOptions;
  readonly io: CommandIo;
  readonly progress: RunProgress;
  readonly rule: StopRule;
  readonly recorder: RunRecorder | null;
  readonly storePath: string | null;
  readonly runContext: Pick<RunOnceContext, 'command' | 'args' | 'env' | 'triage'>;
}

/**
 * The runs, in a temporary folder removed at the end, with the stop signals caught so that
 * they end the runs (whose process groups they do not reach) and the summary still prints.
 */
async function measure(m: Measurement): Promise<ExitCode> {
  const { options, progress } = m;
  const root = await mkdtemp(join(tmpdir(), 'racelens-run-'));
  const stopper = new AbortController();
  let stoppedBy: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    stoppedBy ??= signal;
    stopper.abort();
  };
  for (const [signal] of STOP_SIGNALS) process.on(signal, onSignal);
  const tally = new RunTally();
  const started = performance.now();
  try {
    progress.start();
    const stop = await runMany({
      runs: options.runs,
      jobs: options.jobs,
      signal: stopper.signal,
      keepGoing: () => !tally.reached(m.rule),
      runOne: (index, signal) =>
        runOnce(
          {
            ...m.runContext,
            root,
            timeoutMs: options.timeout === undefined ? null : options.timeout * 1000,
            graceMs: GRACE_MS,
            recorder: m.recorder,
            warn: (message) => progress.note(message),
          },
          index,
          signal,
        ),
      onRunEnd: ({ run, groups }) => {
        tally.add(run, groups);
        progress.runEnded(run, {
          done: tally.runs.length,
          withReports: tally.withReports,
          groups: tally.distinctGroups,
        });
      },
    });
    progress.finish();
    const report: RunReport = {
      command: m.command,
      runsRequested: options.runs,
      jobs: options.jobs,
      timeoutSeconds: options.timeout ?? null,
      untilRuns: m.rule.untilRuns,
      untilGroup: m.rule.untilGroup,
      stoppedBy: stop,
      elapsedMs: performance.now() - started,
      totals: tally.totals(),
      groups: tally.groupStats(),
      runs: [...tally.runs].sort((a, b) => a.index - b.index),
      store:
        m.recorder?.run && m.storePath !== null
          ? { path: m.storePath, run: m.recorder.run.name }
          : null,
    };
    await m.io.stdout.write(
      options.json
        ? `${JSON.stringify(runReportToJson(report), null, 2)}\n`
        : runReportToText(report),
    );
    // A signal after the last run ended changes nothing: the runs completed.
    const signal = stop === 'interrupted' ? (stoppedBy as NodeJS.Signals | null) : null;
    const stopCode = STOP_SIGNALS.find(([s]) => s === signal)?.[1];
    if (stopCode !== undefined) return stopCode;
    return unmeasured(report) ? EXIT.unmeasured : EXIT.ok;
  } catch (error) {
    if (error instanceof StartError) throw new ExitError(EXIT.usage, error.message);
    throw error;
  } finally {
    progress.finish();
    for (const [signal] of STOP_SIGNALS) process.off(signal, onSignal);
    await rm(root, { recursive: true, force: true });
  }
}

/** Runs were made, none found a race, and none ended on its own: nothing was measured. */
function unmeasured(report: RunReport): boolean {
  return report.totals.measured > 0 && report.groups.length === 0 && runsEnded(report.totals) === 0;
}

/** One store run per `racelens run`: `--run NAME`, else `run:<time>:<pid>`. */
function openRecorder(
  store: Store,
  options: RunCommandOptions,
  command: readonly string[],
  config: ReturnType<typeof readConfig>,
): RunRecorder {
  const ci = ciRunDefaults();
  const run = {
    name: options.run ?? `run:${new Date().toISOString()}:${process.pid}`,
    commit: ci.commit,
    branch: ci.branch,
    job: ci.job,
    meta: { command: commandLine(command) },
  };
  return new RunRecorder(store, run, config);
}

function checkUntilGroup(value: string | undefined): string | null {
  if (value === undefined) return null;
  const prefix = value.trim().toLowerCase();
  if (!/^[0-9a-f]{4,}$/.test(prefix))
    throw new ExitError(
      EXIT.usage,
      `--until-group takes a group id, or its first 4 or more hex digits, as racelens shows it (e.g. 207910509b), not '${value}'`,
    );
  return prefix;
}

function parseEnv(pairs: readonly string[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const key = at < 0 ? '' : pair.slice(0, at);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key))
      throw new ExitError(
        EXIT.usage,
        `--env takes NAME=VALUE, not '${pair}' (e.g. --env TSAN_OPTIONS=history_size=7)`,
      );
    env[key] = pair.slice(at + 1);
  }
  return env;
}
