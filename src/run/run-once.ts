import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseInputs } from '../parse/parse-inputs.js';
import { InputError } from '../read/input-sources.js';
import type { Group } from '../triage/group.js';
import type { Triage } from '../triage/triage.js';
import { type ChildRun, classifyRun } from './run-outcome.js';
import { runProcess } from './run-process.js';
import type { RunRecorder } from './run-recorder.js';
import { runEnvironment } from './tsan-options.js';

export interface RunOnceContext {
  readonly command: string;
  readonly args: readonly string[];
  /** The environment before racelens merges its sanitizer options in. */
  readonly env: NodeJS.ProcessEnv;
  /** The temporary folder; each run writes in a folder of its own under it. */
  readonly root: string;
  readonly timeoutMs: number | null;
  readonly graceMs: number;
  /** Across all runs: gives each report its group. */
  readonly triage: Triage;
  /** With `--ingest`. */
  readonly recorder: RunRecorder | null;
  /** Logs that could not be read (the run is measured from the others). */
  readonly warn: (message: string) => void;
}

/** A group a run's reports went to, and how many did. */
export interface GroupInRun {
  readonly group: Group;
  readonly reports: number;
}

export interface RunOnceResult {
  readonly run: ChildRun;
  /** The groups its reports went to, in the order first met. */
  readonly groups: readonly GroupInRun[];
}

/**
 * Runs the command once: in a folder of its own, with TSan's `log_path` (and GORACE's) pointing
 * into it and standard error written beside the logs; then reads every file there, triages the
 * reports, records them when ingesting, and removes the folder. A run stopped by racelens is
 * not read: it did not run its course.
 */
export async function runOnce(
  context: RunOnceContext,
  index: number,
  signal: AbortSignal,
): Promise<RunOnceResult> {
  const dir = join(context.root, `run-${index}`);
  await mkdir(dir);
  try {
    const end = await runProcess({
      command: context.command,
      args: context.args,
      env: runEnvironment(context.env, join(dir, 'tsan')),
      stderrPath: join(dir, 'stderr'),
      timeoutMs: context.timeoutMs,
      graceMs: context.graceMs,
      signal,
    });
    const base = {
      index,
      exitCode: end.exitCode,
      signal: end.signal,
      durationMs: end.durationMs,
    };
    if (end.ending === 'stopped')
      return {
        run: { ...base, outcome: 'interrupted', reports: 0, groups: [], stderrTail: null },
        groups: [],
      };
    const inputs = context.recorder?.forRun(index) ?? null;
    const groups = new Map<string, { group: Group; reports: number }>();
    let reports = 0;
    const records = parseInputs([dir], { onInputEnd: (input) => inputs?.inputEnd(input) });
    for await (const record of records) {
      if (record instanceof InputError) {
        context.warn(`run ${index}: ${record.message}`);
        continue;
      }
      inputs?.add(record);
      const group = context.triage.add(record);
      if (group === null) continue;
      reports++;
      const seen = groups.get(group.signature.text);
      if (seen) seen.reports++;
      else groups.set(group.signature.text, { group, reports: 1 });
    }
    await inputs?.commit();
    const found = [...groups.values()];
    const outcome = classifyRun(end, reports);
    const explain = outcome === 'failed' || outcome === 'crashed';
    return {
      run: {
        ...base,
        outcome,
        reports,
        groups: found.map((g) => g.group.signature.id),
        stderrTail: explain ? await textTail(join(dir, 'stderr')) : null,
      },
      groups: found,
    };
  } finally {
    // Per run, so that thousands of runs with large logs do not fill the disk.
    await rm(dir, { recursive: true, force: true });
  }
}

const TAIL_BYTES = 600;
const TAIL_LINES = 5;

/** The last few lines of a file, or null when it is empty. */
async function textTail(path: string): Promise<string | null> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await file.read(buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').trimEnd().split('\n').slice(-TAIL_LINES);
    const text = lines.join('\n').trim();
    return text === '' ? null : text;
  } finally {
    await file.close();
  }
}
