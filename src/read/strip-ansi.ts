// CSI sequences (colours, cursor moves) and the APC/OSC strings some CI systems emit
// (Buildkite timestamps are `ESC _bk;t=...BEL`). TSan writes colour resets after the newline,
// so they land at the start of the next line; stripping everywhere handles both.
// A string sequence never runs past the end of its line, so stripping never joins lines.
const ANSI = /\x1b(?:\[[0-9;?]*[ -/]*[@-~]|[_\]][^\x07\x1b\n]*(?:\x07|\x1b\\)|[@-Z\\-_])/g;
const ESC = /\x1b/;

/** Whether text holds an escape character (a regex test: faster than indexOf here, see bench). */
export function hasEscape(text: string): boolean {
  return ESC.test(text);
}

export function stripAnsi(text: string): string {
  return ESC.test(text) ? text.replace(ANSI, '') : text;
}
