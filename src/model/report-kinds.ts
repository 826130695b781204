/**
 * The report kinds of LLVM's and GCC's TSan runtimes, keyed by the headline text that follows
 * `WARNING: ThreadSanitizer: `. The id is the runtime's own machine name
 * (`__tsan_get_report_data`); the family is the suppression type that governs the kind.
 */
export const REPORT_KINDS = {
  'data race': { id: 'data-race', family: 'race' },
  'data race on vptr (ctor/dtor vs virtual call)': { id: 'data-race-vptr', family: 'race' },
  'heap-use-after-free': { id: 'heap-use-after-free', family: 'race' },
  'heap-use-after-free (virtual call vs free)': { id: 'heap-use-after-free-vptr', family: 'race' },
  'race on external object': { id: 'external-race', family: 'race' },
  'Swift access race': { id: 'swift-access-race', family: 'race' },
  'thread leak': { id: 'thread-leak', family: 'thread' },
  'destroy of a locked mutex': { id: 'locked-mutex-destroy', family: 'mutex' },
  'double lock of a mutex': { id: 'mutex-double-lock', family: 'mutex' },
  'use of an invalid mutex (e.g. uninitialized or destroyed)': {
    id: 'mutex-invalid-access',
    family: 'mutex',
  },
  'unlock of an unlocked mutex (or by a wrong thread)': { id: 'mutex-bad-unlock', family: 'mutex' },
  'read lock of a write locked mutex': { id: 'mutex-bad-read-lock', family: 'mutex' },
  'read unlock of a write locked mutex': { id: 'mutex-bad-read-unlock', family: 'mutex' },
  'mutex held in the wrong context': { id: 'mutex-held-in-wrong-context', family: 'mutex' },
  'mutex cannot be locked': { id: 'mutex-cannot-be-locked', family: 'mutex' },
  'signal-unsafe call inside of a signal': { id: 'signal-unsafe-call', family: 'signal' },
  'signal handler spoils errno': { id: 'errno-in-signal-handler', family: 'signal' },
  'lock-order-inversion (potential deadlock)': { id: 'lock-order-inversion', family: 'deadlock' },
} as const satisfies Record<string, { id: string; family: ReportFamily }>;

/** The suppression type that governs a report kind (tsan_suppressions.cpp). */
export type ReportFamily = 'race' | 'thread' | 'mutex' | 'signal' | 'deadlock' | 'unknown';

export type KnownKindId = (typeof REPORT_KINDS)[keyof typeof REPORT_KINDS]['id'];
export type ReportKindId = KnownKindId | 'unknown';

export interface KindInfo {
  readonly id: ReportKindId;
  readonly family: ReportFamily;
}

const UNKNOWN_KIND: KindInfo = { id: 'unknown', family: 'unknown' };
const EXTERNAL_RACE: KindInfo = { id: 'external-race', family: 'race' };

/** Classifies a headline's kind text; unknown headlines are kept and treated generically. */
export function kindInfo(kind: string): KindInfo {
  const known = (REPORT_KINDS as Record<string, KindInfo | undefined>)[kind];
  if (known) return known;
  // `race on <TagName>`: races on objects tagged through the external-race API.
  if (kind.startsWith('race on ')) return EXTERNAL_RACE;
  return UNKNOWN_KIND;
}
