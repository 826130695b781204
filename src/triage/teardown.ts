import type { Frame } from '../model/frame.js';
import { globToRegExp } from './glob.js';
import { simplifyName } from './simplify-name.js';

/**
 * Process and runtime teardown: a stack holding one of these functions runs while the process
 * or a language runtime shuts down. Matched on simplified names, whole, `*` for any run of
 * characters. Presets add their runtime's finalizers (presets.ts); the config adds more.
 */
export const TEARDOWN_BASE: readonly string[] = [
  'exit',
  '_exit',
  '__run_exit_handlers',
  '__cxa_finalize',
  '_dl_fini',
  '__libc_csu_fini',
  '_fini',
  // TSan runs atexit and __cxa_atexit handlers from its own wrappers, not from `exit`'s frame.
  'at_exit_wrapper',
  'at_exit_callback_installed_at',
  'cxa_at_exit_wrapper',
  'cxa_at_exit_callback_installed_at',
  // gcc's static-destructor thunks (`__tcf_0`) and global destructor functions.
  '__tcf_*',
  '_GLOBAL__sub_D_*',
  // Go: os.Exit from any goroutine ends the process under the others.
  'os.Exit',
];

/** A stack's teardown frame and the word a person uses for it. */
export interface TeardownMatch {
  /** The function as printed (`_Py_Finalize`, `exit`). */
  readonly function: string;
  /** `finalization` for a runtime's finalizer, `exit` for the process's own teardown. */
  readonly phase: 'finalization' | 'exit';
}

export class TeardownRule {
  private readonly base: readonly RegExp[];
  private readonly finalizers: readonly RegExp[];

  /** `finalizers`: a runtime's own teardown (a preset's list and the config's `teardown`). */
  constructor(finalizers: readonly string[], base: readonly string[] = TEARDOWN_BASE) {
    this.base = base.map(globToRegExp);
    this.finalizers = finalizers.map(globToRegExp);
  }

  /** The innermost runtime finalizer of a stack, else its first process-teardown frame. */
  match(frames: readonly Frame[]): TeardownMatch | null {
    let exit: TeardownMatch | null = null;
    let finalizer: TeardownMatch | null = null;
    for (const frame of frames) {
      if (frame.function === null) continue;
      const name = simplifyName(frame.function);
      if (finalizer === null && this.finalizers.some((p) => p.test(name)))
        finalizer = { function: name, phase: 'finalization' };
      else if (exit === null && this.base.some((p) => p.test(name)))
        exit = { function: name, phase: 'exit' };
    }
    return finalizer ?? exit;
  }
}
