/**
 * Line prefixes that CI systems and log collectors put before each line of a program's output.
 * Each pattern is anchored and bounded so it cannot backtrack over a long line. They are tried
 * repeatedly, because collectors nest (`04:48:03  INFO -  GECKO(2516) | ...`).
 */
const PREFIXES: readonly RegExp[] = [
  // GitHub Actions: `2026-11-29T07:00:00.1234567Z `; Kubernetes CRI: `...Z stderr F `.
  /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)? (?:(?:stdout|stderr) [FP] )?/,
  // Buildkite/Jenkins/others: `[2026-11-29T07:00:00.000Z] `, `[07:00:00] `, `[2026-11-29 07:00:00,123] `.
  /^\[\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d{1,9})?Z?\] ?/,
  /^\[\d\d:\d\d:\d\d(?:[.,]\d{1,9})?\] ?/,
  // Jenkins pipeline steps.
  /^\[Pipeline\] /,
  // Mozilla/Taskcluster mozharness: `04:48:03     INFO -  `.
  /^\d\d:\d\d:\d\d {1,8}(?:DEBUG|INFO|WARNING|ERROR|CRITICAL|FATAL) - {1,2}/,
  // Plain clock: `12:34:56 ` or `12:34:56.789 `.
  /^\d\d:\d\d:\d\d(?:[.,]\d{1,9})? /,
  // A process tag and a bar: `GECKO(2516) | `; docker compose: `service_1  | `.
  /^[A-Za-z][\w.-]{0,63}(?:\(\d{1,10}\))? {1,16}\| /,
  // ctest: `12: `.
  /^\d{1,6}: /,
  // Python logging: `INFO:root:` (never `WARNING: ThreadSanitizer`, which has a space).
  /^(?:DEBUG|INFO|WARNING|ERROR|CRITICAL):[\w.]{1,64}:/,
];

// Quick test before running any regex: a prefix starts with a digit, '[', or a letter
// followed shortly by '(' / ' ' / '|' / ':'. Most TSan lines start with a space, '#', '=' or 'W'.
export function stripCiPrefixes(text: string): string {
  let current = text;
  for (let round = 0; round < 3; round++) {
    const first = current.charCodeAt(0);
    if (first === 32 || first === 35 || first === 61 || Number.isNaN(first)) return current;
    let stripped = false;
    for (const prefix of PREFIXES) {
      const match = prefix.exec(current);
      if (match && match[0].length > 0) {
        current = current.slice(match[0].length);
        stripped = true;
        break;
      }
    }
    if (!stripped) return current;
  }
  return current;
}
