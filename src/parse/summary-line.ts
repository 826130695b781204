/**
 * The function a `SUMMARY: ThreadSanitizer:` line names: `<kind> <location> in <function>`,
 * where the location is one token (`file:line:col`) or a module group with an optional BuildId.
 * Function names can contain ` in ` (Swift `closure #3 in f`), so the text is read from the left.
 */
export function summaryFunction(summary: string, kind: string): string | null {
  if (summary === kind) return null;
  let rest = summary.startsWith(`${kind} `) ? summary.slice(kind.length + 1) : summary;
  if (rest.startsWith('(')) {
    const close = rest.indexOf(') ');
    if (close === -1) return null;
    rest = rest.slice(close + 1);
    if (rest.startsWith(' (BuildId: ')) {
      const buildIdEnd = rest.indexOf(')');
      rest = buildIdEnd === -1 ? '' : rest.slice(buildIdEnd + 1);
    }
  } else {
    const space = rest.indexOf(' ');
    if (space === -1) return null;
    rest = rest.slice(space);
  }
  if (rest.startsWith(' in ')) {
    const fn = rest.slice(4).trim();
    return fn.length > 0 ? fn : null;
  }
  // Very old runtimes: `data race file.c:7 Thread2` (no `in`).
  const fn = rest.trim();
  return fn.length > 0 && fn !== '??' ? fn : null;
}
