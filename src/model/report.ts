import type { Diagnostic } from './diagnostic.js';
import type { Frame } from './frame.js';
import type { ReportFamily, ReportKindId } from './report-kinds.js';

/** Version of the public JSON shape of parsed reports (`schemas/parse-record.schema.json`). */
export const PARSE_SCHEMA_VERSION = 1 as const;

/**
 * `main` for the main thread, `T<n>` for others (TSan's per-process thread number). Go's race
 * detector: `main` for the main goroutine, `G<n>` for goroutine n.
 */
export type ThreadRef = string;

/**
 * `go`: Go's race detector (`go build -race`), which prints its own layout. `apple`: the
 * runtime of Apple's clang on macOS (compiler-rt, like `llvm`, but `.dylib` modules with an
 * architecture and `file:line` without columns). Values may be added within a schema version:
 * treat one you do not know as `unknown`.
 */
export type Runtime = 'llvm' | 'gcc' | 'apple' | 'go' | 'unknown';

export interface MutexRef {
  readonly id: string;
  readonly mode: 'read' | 'write';
}

/** A memory access ("MOP") section: `Write of size 8 at 0x... by main thread:` and its stack. */
export interface Access {
  readonly op: 'read' | 'write';
  readonly atomic: boolean;
  /** The `Previous ...` access (the one TSan found in history) rather than the current one. */
  readonly previous: boolean;
  /** Bytes accessed; null for external-object accesses, which print no size. */
  readonly size: number | null;
  readonly address: string | null;
  readonly thread: ThreadRef | null;
  readonly mutexes: readonly MutexRef[];
  /** External (tagged) object accesses: the object type, e.g. `Swift variable`. */
  readonly objectType?: string;
  /** False when TSan printed `[failed to restore the stack]` instead of frames. */
  readonly stackRestored: boolean;
  readonly frames: readonly Frame[];
}

export type StackRole =
  /** The stack printed right under the headline (mutex and signal reports). */
  | 'headline'
  /** A further unlabeled stack after `and:` (destroy of a locked mutex: where it was locked). */
  | 'and'
  /** `As if synchronized via sleep:` */
  | 'sleep'
  /** `Signal N handler invoked at:` */
  | 'signal-handler'
  /** `Mutex M1 acquired here while holding mutex M0 in thread T1:` */
  | 'lock-edge'
  /** `Mutex M0 previously acquired by the same thread here:` (second_deadlock_stack=1) */
  | 'lock-edge-previous';

export interface LockEdge {
  readonly acquired: string;
  readonly held: string | null;
  readonly thread: ThreadRef | null;
}

/** Every stack of a report other than access, location, thread and mutex-creation stacks. */
export interface ExtraStack {
  readonly role: StackRole;
  /** The header line without its colon; null for stacks printed with no header. */
  readonly title: string | null;
  readonly edge?: LockEdge;
  readonly signal?: number;
  readonly stackRestored: boolean;
  readonly frames: readonly Frame[];
}

export type Location =
  | {
      readonly type: 'global';
      readonly name: string;
      readonly size: number | null;
      readonly address: string | null;
      readonly module: string | null;
      readonly offset: string | null;
      /** The bogus global TSan prints after a stack location (`'??'`/`'<null>'` in `[stack]`). */
      readonly artifact: boolean;
    }
  | {
      readonly type: 'heap';
      readonly size: number | null;
      readonly address: string | null;
      readonly thread: ThreadRef | null;
      /** Set for tagged external objects (`Location is <Tag> of size ...`). */
      readonly objectType?: string;
      readonly frames: readonly Frame[];
    }
  | { readonly type: 'stack'; readonly thread: ThreadRef | null }
  | { readonly type: 'tls'; readonly thread: ThreadRef | null }
  | {
      readonly type: 'fd';
      readonly fd: number;
      /** `created` (gcc 12) or what clang 19 prints: `created|destroyed`. */
      readonly event: string;
      readonly thread: ThreadRef | null;
      readonly frames: readonly Frame[];
    };

export interface ThreadInfo {
  readonly id: ThreadRef;
  readonly name: string | null;
  readonly tid: number | null;
  readonly state: 'running' | 'finished' | null;
  readonly createdBy: ThreadRef | null;
  /** Apple: `is a GCD worker thread` instead of a creation stack. */
  readonly gcdWorker?: true;
  readonly stackRestored: boolean;
  readonly frames: readonly Frame[];
}

export interface MutexInfo {
  readonly id: string;
  readonly address: string | null;
  readonly destroyed: boolean;
  readonly stackRestored: boolean;
  readonly frames: readonly Frame[];
}

export interface CycleMutex {
  readonly id: string;
  readonly address: string | null;
}

/** Where a report stands in its input. */
export interface SourceSpan {
  readonly file: string;
  /** 1-based line of the headline. */
  readonly line: number;
  /** Last line read into the report (its closing separator when complete). */
  readonly endLine: number;
}

/** One `WARNING: ThreadSanitizer:` report, as read. */
export interface Report {
  readonly type: 'report';
  readonly schemaVersion: typeof PARSE_SCHEMA_VERSION;
  /** The headline text, e.g. `data race`, `lock-order-inversion (potential deadlock)`. */
  readonly kind: string;
  readonly kindId: ReportKindId;
  readonly family: ReportFamily;
  readonly pid: number | null;
  readonly runtime: Runtime;
  readonly source: SourceSpan;
  /** Cut short: no closing separator was read for it. */
  readonly truncated: boolean;
  readonly diagnostics: readonly Diagnostic[];
  readonly accesses: readonly Access[];
  readonly stacks: readonly ExtraStack[];
  /** The first meaningful location (artifact globals skipped); null when none was printed. */
  readonly location: Location | null;
  /** Every location section, in print order, artifacts included. */
  readonly locations: readonly Location[];
  readonly threads: readonly ThreadInfo[];
  readonly mutexes: readonly MutexInfo[];
  /** Lock-order inversion: the cycle `M0 => M1 => M0` (the repeated first mutex omitted). */
  readonly cycle: readonly CycleMutex[] | null;
  /** Thread leak: `And N more similar thread leaks.` */
  readonly similarThreadLeaks: number | null;
  /** The text after `SUMMARY: ThreadSanitizer: `, or null when none was printed. */
  readonly summary: string | null;
  /** The function the SUMMARY line names (its `in <function>` part). */
  readonly summaryFunction: string | null;
}

/** A problem found outside any report (fragments, runtime messages, unreadable input). */
export interface DiagnosticRecord extends Diagnostic {
  readonly type: 'diagnostic';
  readonly schemaVersion: typeof PARSE_SCHEMA_VERSION;
  /** `fragment` only: the frames the fragment holds, in print order (at most 256). */
  readonly frames?: readonly Frame[];
  /** `fragment` only: its SUMMARY text, when it has one. */
  readonly summary?: string;
}

/** One `<hits> <type>:<pattern>` line of a `print_suppressions=1` block. */
export interface SuppressionHit {
  readonly count: number;
  readonly type: string;
  readonly pattern: string;
}

/**
 * The runtime's own account of the suppressions it used (`print_suppressions=1`, printed at
 * exit): `ThreadSanitizer: Matched N suppressions (pid=N):` and one line per entry with hits.
 */
export interface SuppressionHitsRecord {
  readonly type: 'suppression-hits';
  readonly schemaVersion: typeof PARSE_SCHEMA_VERSION;
  readonly pid: number | null;
  /** The N of the header: the sum of all hits. */
  readonly total: number;
  readonly hits: readonly SuppressionHit[];
  readonly source: SourceSpan;
}

/** What the parser emits, in stream order. Consumers must skip record types they do not know. */
export type ParseRecord = Report | DiagnosticRecord | SuppressionHitsRecord;
