/**
 * TSan's suppression pattern matching (sanitizer_common's TemplateMatch), reimplemented step
 * for step because suppressions must mean here exactly what they mean to the runtime:
 *
 * - an empty subject never matches;
 * - a leading `^` anchors the first literal chunk at the start;
 * - `*` matches any run of characters and cancels a pending `^`;
 * - `$` succeeds only at the end of the subject, or anywhere right after a `*`, and ends the
 *   match there (whatever follows it in the pattern is ignored);
 * - every other character is literal (no escapes, case-sensitive), and each literal chunk is
 *   found by its FIRST occurrence after the current position: there is no backtracking, so
 *   `c$` does not match `/src/race.c` (the first `c` is in `src`).
 */
export function templateMatches(pattern: string, subject: string): boolean {
  if (subject.length === 0) return false;
  let p = 0;
  let s = 0;
  let anchored = false;
  if (pattern.charCodeAt(0) === 94 /* ^ */) {
    anchored = true;
    p = 1;
  }
  let afterStar = false;
  while (p < pattern.length) {
    const c = pattern.charCodeAt(p);
    if (c === 42 /* * */) {
      p++;
      anchored = false;
      afterStar = true;
      continue;
    }
    if (c === 36 /* $ */) return s === subject.length || afterStar;
    if (s === subject.length) return false;
    let end = p;
    while (end < pattern.length) {
      const e = pattern.charCodeAt(end);
      if (e === 42 || e === 36) break;
      end++;
    }
    const chunk = pattern.slice(p, end);
    const found = subject.indexOf(chunk, s);
    if (found === -1) return false;
    if (anchored && found !== s) return false;
    s = found + chunk.length;
    p = end;
    anchored = false;
    afterStar = false;
  }
  return true;
}
