/**
 * Triage's explanations name code in backticks (`` same object `_PyRuntime` ``). Formats with
 * code spans split them back: even pieces are words, odd pieces names. Each piece still goes
 * through the format's own escaping, so a backtick inside a name from a log can only shift
 * which pieces are spans, never reach the output unescaped.
 */
export function splitBackticks(text: string): { readonly code: boolean; readonly text: string }[] {
  return text
    .split('`')
    .map((piece, i) => ({ code: i % 2 === 1, text: piece }))
    .filter((piece) => piece.text.length > 0);
}
