import type { SuppressionHit } from '../model/report.js';

// `<hits> <type>:<pattern>`, one line per suppression entry that matched, printed under
// `ThreadSanitizer: Matched N suppressions (pid=N):` when TSAN_OPTIONS has print_suppressions=1.
// The pattern is kept verbatim (leading and trailing spaces included).
const HIT = /^(\d{1,12}) ([a-z_]{1,32}):(.*)$/;

/** Reads one hit line (indentation already removed), or null. */
export function parseSuppressionHit(text: string): SuppressionHit | null {
  const hit = HIT.exec(text);
  if (!hit) return null;
  return { count: Number(hit[1]), type: hit[2]!, pattern: hit[3]! };
}
