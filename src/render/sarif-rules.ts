import type { ReportKindId } from '../model/report-kinds.js';
import type { SarifLevel, SarifReportingDescriptor } from './sarif-types.js';

/**
 * One SARIF rule per TSan report kind. The rule id is the kind id (the runtime's own machine
 * name, `data-race`), so it never changes with wording. Levels: `error` for what is a defect
 * whenever it is reported (races, use after free, mutex misuse); `warning` for what may be
 * harmless or is only potential (lock-order inversion, thread leak, signal-handler issues,
 * anything unclassified). docs/reports.md lists them.
 */
interface RuleText {
  readonly name: string;
  readonly short: string;
  readonly full: string;
  readonly fix: string;
  readonly level: SarifLevel;
  /** The CWE the kind is an instance of, for the `external/cwe/cwe-N` tag. */
  readonly cwe: number | null;
  /** TSan reports what it saw happen, except lock-order inversions, which may never deadlock. */
  readonly precision: 'very-high' | 'high';
}

const RULES: Record<ReportKindId, RuleText> = {
  'data-race': {
    name: 'DataRace',
    short: 'Data race',
    full: 'Two threads accessed the same memory concurrently, at least one of them writing, and nothing (a lock, an atomic operation, a thread join) ordered the accesses.',
    fix: 'Protect the shared data with one lock taken on both paths, make the accesses atomic, or make sure one thread is done with the data before the other starts (join, hand-off through a queue).',
    level: 'error',
    cwe: 362,
    precision: 'very-high',
  },
  'data-race-vptr': {
    name: 'DataRaceOnVptr',
    short: 'Data race on a vtable pointer',
    full: "A constructor or destructor wrote an object's vtable pointer while another thread made a virtual call on the object: it was used while being built or destroyed.",
    fix: 'Do not publish an object to other threads before its constructor returns, and stop every thread that uses it before destroying it.',
    level: 'error',
    cwe: 362,
    precision: 'very-high',
  },
  'heap-use-after-free': {
    name: 'HeapUseAfterFree',
    short: 'Heap use after free across threads',
    full: 'A thread accessed heap memory that another thread freed, and nothing ordered the free after the access.',
    fix: 'Free the memory only after every thread that uses it is done: join it, or share ownership (reference counting) instead of freeing from one side.',
    level: 'error',
    cwe: 416,
    precision: 'very-high',
  },
  'heap-use-after-free-vptr': {
    name: 'HeapUseAfterFreeVirtualCall',
    short: 'Virtual call on a freed object',
    full: 'A thread made a virtual call on an object that another thread freed.',
    fix: 'Keep the object alive until every thread that calls into it is done.',
    level: 'error',
    cwe: 416,
    precision: 'very-high',
  },
  'external-race': {
    name: 'ExternalObjectRace',
    short: 'Race on an external object',
    full: "Two threads used an object tagged through TSan's external-race API (a library's container or handle) concurrently, at least one of them modifying it.",
    fix: 'Serialise the uses of the object, or use a thread-safe variant of it.',
    level: 'error',
    cwe: 362,
    precision: 'very-high',
  },
  'swift-access-race': {
    name: 'SwiftAccessRace',
    short: 'Swift access race',
    full: "Two accesses to a Swift variable overlapped in time from different threads, at least one of them modifying it, breaking Swift's exclusivity rule.",
    fix: 'Confine the variable to one actor or queue, or guard it with a lock.',
    level: 'error',
    cwe: 362,
    precision: 'very-high',
  },
  'thread-leak': {
    name: 'ThreadLeak',
    short: 'Thread leak',
    full: 'A joinable thread was never joined or detached: its stack and resources stay allocated until the process exits.',
    fix: 'Join the thread before its handle goes out of scope, or detach it.',
    level: 'warning',
    cwe: 772,
    precision: 'very-high',
  },
  'locked-mutex-destroy': {
    name: 'LockedMutexDestroy',
    short: 'Destroy of a locked mutex',
    full: 'A mutex was destroyed while it was locked (undefined behaviour in POSIX).',
    fix: 'Unlock the mutex, and make sure no thread can still lock it, before destroying it.',
    level: 'error',
    cwe: 667,
    precision: 'very-high',
  },
  'mutex-double-lock': {
    name: 'MutexDoubleLock',
    short: 'Double lock of a mutex',
    full: 'A thread locked a non-recursive mutex it already held: it deadlocks on itself (undefined behaviour for a default mutex).',
    fix: 'Do not re-lock a held mutex: split the function into a locked and an unlocked variant, or use a recursive mutex on purpose.',
    level: 'error',
    cwe: 764,
    precision: 'very-high',
  },
  'mutex-invalid-access': {
    name: 'MutexInvalidAccess',
    short: 'Use of an invalid mutex',
    full: 'A mutex was used before it was initialised or after it was destroyed.',
    fix: 'Initialise the mutex before any thread can use it and destroy it only after all have stopped.',
    level: 'error',
    cwe: 667,
    precision: 'very-high',
  },
  'mutex-bad-unlock': {
    name: 'MutexBadUnlock',
    short: 'Unlock of an unlocked mutex',
    full: 'A mutex was unlocked while it was not locked, or by a thread that did not hold it.',
    fix: 'Unlock a mutex exactly once, on the thread that locked it (a scoped guard does both).',
    level: 'error',
    cwe: 765,
    precision: 'very-high',
  },
  'mutex-bad-read-lock': {
    name: 'MutexBadReadLock',
    short: 'Read lock of a write-locked mutex',
    full: 'A thread took a reader-writer lock for reading while it held it for writing.',
    fix: 'Release the write lock before taking the read lock, or keep using the write lock.',
    level: 'error',
    cwe: 667,
    precision: 'very-high',
  },
  'mutex-bad-read-unlock': {
    name: 'MutexBadReadUnlock',
    short: 'Read unlock of a write-locked mutex',
    full: 'A reader-writer lock held for writing was released with a read unlock.',
    fix: 'Release a lock with the unlock that matches how it was taken.',
    level: 'error',
    cwe: 667,
    precision: 'very-high',
  },
  'mutex-held-in-wrong-context': {
    name: 'MutexHeldInWrongContext',
    short: 'Mutex held in the wrong context',
    full: 'A mutex was held at a point where the program declared that none may be held (`__tsan_check_no_mutexes_held`).',
    fix: 'Release the mutex before reaching that point.',
    level: 'warning',
    cwe: 667,
    precision: 'very-high',
  },
  'mutex-cannot-be-locked': {
    name: 'MutexCannotBeLocked',
    short: 'Mutex cannot be locked',
    full: 'The runtime was told through its mutex annotations that this mutex cannot be locked here.',
    fix: 'Check the mutex annotations and the locking protocol at this place.',
    level: 'warning',
    cwe: 667,
    precision: 'very-high',
  },
  'signal-unsafe-call': {
    name: 'SignalUnsafeCall',
    short: 'Signal-unsafe call inside a signal handler',
    full: 'A signal handler called a function that is not async-signal-safe (malloc, printf, a lock, ...): if the signal arrives while the thread is inside that function, it can deadlock or corrupt state.',
    fix: 'Do only async-signal-safe work in the handler (set a volatile sig_atomic_t flag, write to a pipe) and handle the signal elsewhere.',
    level: 'warning',
    cwe: 479,
    precision: 'very-high',
  },
  'errno-in-signal-handler': {
    name: 'SignalHandlerSpoilsErrno',
    short: 'Signal handler spoils errno',
    full: 'A signal handler changed errno without restoring it, so the interrupted code can read a wrong errno.',
    fix: 'Save errno on entry to the handler and restore it before returning.',
    level: 'warning',
    cwe: 364,
    precision: 'very-high',
  },
  'lock-order-inversion': {
    name: 'LockOrderInversion',
    short: 'Lock-order inversion (potential deadlock)',
    full: 'Threads took the same mutexes in different orders: if they run at the same time, each can wait for a mutex the other holds, for ever. TSan reports the cycle even when this run did not deadlock.',
    fix: 'Take the mutexes in one global order everywhere, or take them together (std::scoped_lock).',
    level: 'warning',
    cwe: 833,
    precision: 'high',
  },
  unknown: {
    name: 'OtherReport',
    short: 'Other ThreadSanitizer report',
    full: 'A ThreadSanitizer report racelens does not classify: an unknown headline, or the tail of a report whose headline was not in the log.',
    fix: 'Read the report text; racelens keeps its stacks as it found them.',
    level: 'warning',
    cwe: null,
    precision: 'high',
  },
};

/** Tags every rule has; GitHub shows at most 10 tags per rule and rejects more than 20. */
const COMMON_TAGS = ['concurrency', 'thread-safety', 'tsan'] as const;

export function ruleLevel(kindId: ReportKindId): SarifLevel {
  return RULES[kindId].level;
}

export function sarifRule(kindId: ReportKindId): SarifReportingDescriptor {
  const rule = RULES[kindId];
  const tags = [...COMMON_TAGS, ...(rule.cwe === null ? [] : [`external/cwe/cwe-${rule.cwe}`])];
  const cwe = rule.cwe === null ? '' : ` (CWE-${rule.cwe})`;
  return {
    id: kindId,
    name: rule.name,
    shortDescription: { text: rule.short },
    fullDescription: { text: rule.full },
    help: {
      text: `${rule.full}${cwe}\n\nHow to fix: ${rule.fix}\n\nThe result's code flows show each thread's stack, outermost call first.`,
      markdown: `${rule.full}${cwe}\n\n**How to fix:** ${rule.fix}\n\nThe result's code flows show each thread's stack, outermost call first; its related locations link the other stacks of the report.`,
    },
    defaultConfiguration: { level: rule.level },
    properties: { tags, precision: rule.precision },
  };
}
