import type { Frame } from '../model/frame.js';
import type { CycleMutex, Location, SuppressionHit } from '../model/report.js';
import type { AccessHeader } from './access-line.js';
import type { GoSource } from './go-frame-line.js';
import type { EdgeHeader, MutexHeader } from './mutex-line.js';
import type { FrameStyle } from './runtime-evidence.js';
import type { ThreadHeader } from './thread-line.js';

/** What one cleaned line of a TSan stream is. The assembler only ever sees these. */
export type LineToken =
  | { readonly type: 'blank' }
  | { readonly type: 'separator' }
  | {
      readonly type: 'headline';
      readonly kind: string;
      readonly pid: number | null;
      /** Go's race detector (`WARNING: DATA RACE`) rather than TSan's C/C++ runtime. */
      readonly go?: true;
    }
  | {
      readonly type: 'frame';
      readonly frame: Frame;
      /** The module group named an architecture (`python.exe:arm64+0x...`): Apple's runtime. */
      readonly arch?: true;
      /** frameStyle(frame, arch), worked out once per distinct frame line. */
      readonly style: FrameStyle;
    }
  /** The first line of a two-line Go frame: `main.main.func1()` (function without `()`). */
  | { readonly type: 'go-call'; readonly function: string }
  /** The second line of a Go frame: `/path/main.go:16 +0x3b`. */
  | { readonly type: 'go-source'; readonly source: GoSource }
  | { readonly type: 'access'; readonly header: AccessHeader }
  | { readonly type: 'location'; readonly location: Location }
  | { readonly type: 'thread'; readonly header: ThreadHeader }
  | { readonly type: 'mutex'; readonly header: MutexHeader }
  | { readonly type: 'edge'; readonly header: EdgeHeader }
  | { readonly type: 'cycle'; readonly cycle: readonly CycleMutex[] }
  | { readonly type: 'sleep' }
  | { readonly type: 'and' }
  | { readonly type: 'signal-handler'; readonly signal: number }
  | { readonly type: 'hint' }
  | { readonly type: 'similar-leaks'; readonly count: number }
  | { readonly type: 'failed-restore' }
  | { readonly type: 'summary'; readonly text: string }
  | { readonly type: 'reported-warnings'; readonly count: number }
  /** `ThreadSanitizer: Matched N suppressions (pid=N):`, the head of a print_suppressions block. */
  | { readonly type: 'suppressions-matched'; readonly total: number; readonly pid: number | null }
  /** `3 race:foo`: one entry of a print_suppressions=1 block (meaningful only inside one). */
  | { readonly type: 'suppression-hit'; readonly hit: SuppressionHit }
  /** An error or fatal message of the runtime that is not a report. */
  | { readonly type: 'runtime-message'; readonly text: string }
  /** Starts like a construct of the grammar but does not match it (a damaged line). */
  | { readonly type: 'unrecognized'; readonly text: string }
  /** Anything else: program output, CI noise. */
  | { readonly type: 'other' };

export type LineTokenType = LineToken['type'];
