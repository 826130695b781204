// CSI sequences (colours, cursor moves) and the APC/OSC strings some CI systems emit
// (Buildkite timestamps are `ESC _bk;t=...BEL`). TSan writes colour resets after the newline,
// so they land at the start of the next line; stripping everywhere handles both.
const ANSI = /\x1b(?:\[[0-9;?]*[ -/]*[@-~]|[_\]][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])/g;

export function stripAnsi(text: string): string {
  return text.indexOf('\x1b') === -1 ? text : text.replace(ANSI, '');
}
