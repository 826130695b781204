/**
 * Line prefixes that CI systems and log collectors put before each line of a program's output.
 * Each pattern is anchored and bounded so it cannot backtrack over a long line. They are tried
 * repeatedly, because collectors nest (`04:48:03  INFO -  GECKO(2516) | ...`). Patterns are
 * grouped by the first character they can start with, so ordinary lines cost one comparison.
 */
const STARTS_WITH_DIGIT: readonly RegExp[] = [
  // Kubernetes CRI, and timestamps with offsets or without fractions.
  /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)? (?:(?:stdout|stderr) [FP] )?/,
  // Mozilla/Taskcluster mozharness: `04:48:03     INFO -  `.
  /^\d\d:\d\d:\d\d {1,8}(?:DEBUG|INFO|WARNING|ERROR|CRITICAL|FATAL) - {1,2}/,
  // Plain clock: `12:34:56 ` or `12:34:56.789 `.
  /^\d\d:\d\d:\d\d(?:[.,]\d{1,9})? /,
  // ctest: `12: `.
  /^\d{1,6}: /,
];

const STARTS_WITH_BRACKET: readonly RegExp[] = [
  // Buildkite/Jenkins/others: `[2026-11-29T07:00:00.000Z] `, `[2026-11-29 07:00:00,123] `, `[07:00:00] `.
  /^\[\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d{1,9})?Z?\] ?/,
  /^\[\d\d:\d\d:\d\d(?:[.,]\d{1,9})?\] ?/,
  // Jenkins pipeline steps.
  /^\[Pipeline\] /,
];

// A process tag and a bar: `GECKO(2516) | `; docker compose: `service_1  | `.
const TAG_AND_BAR = /^[A-Za-z][\w.-]{0,63}(?:\(\d{1,10}\))? {1,16}\| /;
// Python logging: `INFO:root:` (never `WARNING: ThreadSanitizer`, which has a space).
const PYTHON_LOGGING = /^(?:DEBUG|INFO|WARNING|ERROR|CRITICAL):[\w.]{1,64}:/;

export function stripCiPrefixes(text: string): string {
  let current = text;
  for (let round = 0; round < 3; round++) {
    const length = prefixLength(current);
    if (length === 0) return current;
    current = current.slice(length);
  }
  return current;
}

function prefixLength(text: string): number {
  const first = text.charCodeAt(0);
  if (first >= 48 && first <= 57) {
    const github = githubTimestampLength(text);
    if (github > 0) return github;
    return firstMatch(STARTS_WITH_DIGIT, text);
  }
  if (first === 91 /* [ */) return firstMatch(STARTS_WITH_BRACKET, text);
  if ((first >= 65 && first <= 90) || (first >= 97 && first <= 122)) {
    // Cheap guards before the regexes: a bar near the start, or a colon within a level name.
    const bar = text.indexOf('| ');
    if (bar > 0 && bar < 100) {
      const match = TAG_AND_BAR.exec(text);
      if (match) return match[0].length;
    }
    const colon = text.indexOf(':');
    if (colon >= 4 && colon <= 8 && text.charCodeAt(colon + 1) !== 32) {
      const match = PYTHON_LOGGING.exec(text);
      if (match) return match[0].length;
    }
  }
  return 0;
}

function firstMatch(patterns: readonly RegExp[], text: string): number {
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match && match[0].length > 0) return match[0].length;
  }
  return 0;
}

/**
 * GitHub Actions: `2026-11-29T07:00:00.1234567Z ` on every line of a job log. Read by hand:
 * it is on every line of the logs racelens reads most, and a regex per line is the hot spot.
 */
function githubTimestampLength(text: string): number {
  // yyyy-mm-ddThh:mm:ss
  if (text.length < 21) return 0;
  for (const at of DIGITS) if (!isDigit(text.charCodeAt(at))) return 0;
  if (
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58
  ) {
    return 0;
  }
  let i = 19;
  if (text.charCodeAt(i) === 46 /* . */) {
    i++;
    const start = i;
    while (i < text.length && i - start < 9 && isDigit(text.charCodeAt(i))) i++;
    if (i === start) return 0;
  }
  if (text.charCodeAt(i) !== 90 /* Z */ || text.charCodeAt(i + 1) !== 32) return 0;
  return (
    i +
    2 +
    (text.startsWith('stdout F ', i + 2) ||
    text.startsWith('stderr F ', i + 2) ||
    text.startsWith('stdout P ', i + 2) ||
    text.startsWith('stderr P ', i + 2)
      ? 9
      : 0)
  );
}

const DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18] as const;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
