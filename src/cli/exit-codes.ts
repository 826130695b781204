/** Exit codes of the `racelens` command. Documented in the README; change them deliberately. */
export const EXIT = {
  /** The command did its job. */
  ok: 0,
  /** A command that judges found problems: `suppressions check` errors, `gate` new races. */
  findings: 1,
  /** The command line is wrong: unknown flag, missing argument. */
  usage: 2,
  /** An input could not be read (missing file, unreadable directory; other inputs were read), or `--output` could not be written. */
  input: 3,
  /** `run`: no run ended in a way that measures anything (every one crashed or timed out). */
  unmeasured: 4,
  /** A bug in racelens. */
  internal: 70,
  /** `run` stopped by SIGHUP (128 + 1), after ending its runs and printing the summary so far. */
  hangup: 129,
  /** `run` stopped by Ctrl-C / SIGINT (128 + 2), after ending its runs and printing the summary so far. */
  interrupted: 130,
  /** `run` stopped by SIGTERM (128 + 15), after ending its runs and printing the summary so far. */
  terminated: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Thrown by commands: the message is already what the user should read; exit with `code`. */
export class ExitError extends Error {
  constructor(
    readonly code: ExitCode,
    message: string,
  ) {
    super(message);
    this.name = 'ExitError';
  }
}
