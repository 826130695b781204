// The stream assembler's limits: how much it holds open, and for how long.

/** Reports open at once (processes interleaving in one stream); more are closed oldest first. */
export const MAX_OPEN_REPORTS = 16;
/** A report that took no line for this long is closed as cut short. */
export const STALE_AFTER_LINES = 200;
/** A fragment (or a runtime error's block) ends after this many lines that are not report-like. */
export const FRAGMENT_GAP_LINES = 50;
/** Section headers held at once for their first frame (pending-decision.ts); more are placed. */
export const MAX_HELD_HEADERS = 8;
