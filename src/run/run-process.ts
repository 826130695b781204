import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';

export interface ProcessOptions {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** The child's standard error goes to this file (standard output is discarded). */
  readonly stderrPath: string;
  /** Kill the run after this long; null: never. */
  readonly timeoutMs: number | null;
  /** After SIGTERM, how long the process group has before SIGKILL. */
  readonly graceMs: number;
  /** Aborted when racelens is stopped: the run is ended like a timed-out one. */
  readonly signal: AbortSignal;
}

/** How a run ended: by itself, killed at the timeout, or killed because racelens was stopped. */
export type ProcessEnding = 'exited' | 'timeout' | 'stopped';

export interface ProcessEnd {
  /** The exit code, or null when the process died of a signal. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly ending: ProcessEnding;
  readonly durationMs: number;
}

/** The command could not be started at all (not found, not executable). */
export class StartError extends Error {
  constructor(
    readonly command: string,
    readonly code: string,
    detail: string,
  ) {
    super(startErrorMessage(command, code, detail));
    this.name = 'StartError';
  }
}

function startErrorMessage(command: string, code: string, detail: string): string {
  if (code === 'ENOENT')
    return `cannot run '${command}': command not found (ENOENT); check the name and PATH (for a script, also its #! interpreter)`;
  if (code === 'EACCES')
    return `cannot run '${command}': permission denied (EACCES); is it an executable file? (chmod +x)`;
  return `cannot run '${command}': ${detail}`;
}

/**
 * Runs the command once in a process group of its own (`detached`: the child calls setsid), so
 * that a timeout or Ctrl-C ends it with everything it started: SIGTERM to the group, SIGKILL
 * after `graceMs`. When the command ends by itself, whatever it left running in its group is
 * killed too: nothing a run starts outlives it.
 */
export function runProcess(options: ProcessOptions): Promise<ProcessEnd> {
  const started = performance.now();
  const stderr = openSync(options.stderrPath, 'w');
  let child: ReturnType<typeof spawn>;
  try {
    child = spawn(options.command, [...options.args], {
      env: options.env,
      detached: true,
      stdio: ['ignore', 'ignore', stderr],
    });
  } finally {
    // The child has its own copy of the descriptor once spawned.
    closeSync(stderr);
  }
  return new Promise((resolve, reject) => {
    let ending: ProcessEnding = 'exited';
    let killTimer: NodeJS.Timeout | undefined;
    const end = (why: ProcessEnding) => {
      if (ending !== 'exited' || child.pid === undefined) return;
      ending = why;
      signalGroup(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), options.graceMs);
    };
    const timer =
      options.timeoutMs === null ? undefined : setTimeout(() => end('timeout'), options.timeoutMs);
    const onAbort = () => end('stopped');
    const cleanUp = () => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      options.signal.removeEventListener('abort', onAbort);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      cleanUp();
      reject(new StartError(options.command, error.code ?? 'unknown', error.message));
    });
    child.once('close', (exitCode, signal) => {
      cleanUp();
      if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
      resolve({ exitCode, signal, ending, durationMs: performance.now() - started });
    });
    if (options.signal.aborted) onAbort();
    else options.signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Signals every process of the group led by `pid`; a group already gone is not an error. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // ESRCH: no process left in the group. EPERM: one turned setuid; nothing more can be done.
    if (code !== 'ESRCH' && code !== 'EPERM') throw error;
  }
}
