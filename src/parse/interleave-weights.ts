/**
 * The weights that decide which open report a line belongs to when processes interleave in one
 * stream (report-fitness.ts adds them up; the assembler gives the line to the highest score).
 * Each is named for the evidence it weighs; the numbers were set against the interleaved,
 * glued and truncated corpus, which pins them (test/robustness/glued-and-interleaved.test.ts).
 */
export const WEIGHT = {
  /** The line cannot belong to this report at all (a Go line in a TSan report, a section its kind never prints). */
  impossible: -10,
  /** A second SUMMARY: a report prints one. */
  secondSummary: -20,

  /** The frame continues the open stack's numbering: the strongest sign a frame is ours. */
  nextFrameInOpenStack: 10,
  /** A frame in an open stack that does not continue its numbering. */
  frameInOpenStack: 1,
  /** The numbering continues after a blank line (another writer's, or a paste) interrupted it. */
  stackResumed: 8,
  /** A `#0` right after a header: the stack the header announced. */
  firstFrameAfterHeader: 3,
  /** Any other frame: possible, not likely. */
  strayFrame: 1,

  /** A frame in a module this report's frames already came from. */
  knownModule: 6,
  /** A frame in a module this report has not seen (its process would have). */
  unknownModule: -4,
  /** The frame is printed the way this report's runtime prints frames (+) or not (-). */
  runtimeStyle: 2,

  /** A Go frame's first line in a Go report. */
  goCall: 5,
  /** ... and its stack is open. */
  goCallInOpenStack: 5,
  /** A Go frame's second line right after its first. */
  goSourceAfterCall: 10,

  /** A blank line where this report expects one (after a stack or a one-line section). */
  expectedBlank: 5,
  /** A blank line anywhere else. */
  otherBlank: 1,

  /** A SUMMARY: every report ends with one. */
  summary: 5,
  /** The SUMMARY names this report's kind (+) or another (-). */
  summaryKind: 10,
  /** The SUMMARY names a function of this report's first stack (+) or none of its top frames (-). */
  summaryNamesFrame: 4,
  summaryNamesOtherFrame: -2,

  /** A section header when this report stands between sections (after a blank line or SUMMARY). */
  atBoundary: 3,
  /** An access header: possible in a race report. */
  access: 2,
  /** The access is the one expected next: the first, then `Previous ...` ones (+), or not (-). */
  accessOrder: 4,
  /** Both accesses of a race are on one address (+), or this one is on another (-). */
  sameRaceAddress: 6,
  otherRaceAddress: -3,
  /** Sections only some kinds print (cycle, hint, similar leaks, signal handler), in such a kind. */
  kindOnlySection: 8,
  /** Sections several kinds print (sleep, `and:`, location, mutex, thread, lock edge). */
  section: 3,
  /** The location holds the racing address (+) or not (-). */
  locationHoldsAddress: 6,
  locationElsewhere: -3,
  /** A thread or mutex the report mentioned and has not described yet (+), or one it described (-). */
  mentionedId: 6,
  describedId: -6,
  /** An id the report never mentioned, while it mentioned others. */
  unmentionedId: -1,
  /** `[failed to restore the stack]` in an open stack (+), or with none open (-). */
  failedRestoreInStack: 5,
  failedRestoreOutside: -5,
  /** Anything else the grammar knows. */
  other: 2,

  /** Silent for more than RECENT_LINES lines: its process is likely not writing now. */
  silent: -3,
  /** Took nothing since a newer report began: presumed cut (its process died). */
  presumedCut: -8,
} as const;
