export interface RunManyOptions<T> {
  /** How many runs to start at most. */
  readonly runs: number;
  /** How many run at once. */
  readonly jobs: number;
  /** Runs number `index` (from 1); must end soon once `signal` is aborted. */
  readonly runOne: (index: number, signal: AbortSignal) => Promise<T>;
  /** Called as each run ends, in the order they end. */
  readonly onRunEnd: (result: T) => void;
  /** Asked before each start: false stops starting runs (`--until`); running ones finish. */
  readonly keepGoing: () => boolean;
  /** Aborted by Ctrl-C: no run starts, and running ones are ended through their signal. */
  readonly signal: AbortSignal;
}

/** Why no more runs were started. */
export type StopReason = 'completed' | 'until' | 'interrupted';

/**
 * Starts up to `runs` runs, `jobs` at a time, each as soon as a slot frees. The first run that
 * throws (the command cannot be started) ends the others and is rethrown once they ended.
 */
export async function runMany<T>(options: RunManyOptions<T>): Promise<StopReason> {
  const failed = new AbortController();
  const stop = () => failed.abort();
  options.signal.addEventListener('abort', stop, { once: true });
  if (options.signal.aborted) stop();
  let next = 1;
  let stoppedByRule = false;
  const errors: unknown[] = [];
  const worker = async () => {
    while (next <= options.runs && !failed.signal.aborted) {
      if (!options.keepGoing()) {
        stoppedByRule = true;
        return;
      }
      const index = next++;
      try {
        options.onRunEnd(await options.runOne(index, failed.signal));
      } catch (error) {
        errors.push(error);
        failed.abort();
      }
    }
  };
  try {
    const workers = Math.max(1, Math.min(options.jobs, options.runs));
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    options.signal.removeEventListener('abort', stop);
  }
  if (errors.length > 0) throw errors[0];
  if (options.signal.aborted) return 'interrupted';
  return stoppedByRule ? 'until' : 'completed';
}
