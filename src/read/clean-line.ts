import { stripCiPrefixes } from './ci-prefixes.js';
import { unwrapGoTestJson } from './go-test-json.js';
import { stripAnsi } from './strip-ansi.js';

export interface CleanedLine {
  readonly text: string;
  /** The pid from a `==PID==` prefix, which TSan's Report() helper adds to runtime messages. */
  readonly pid: number | null;
}

/**
 * Turns one physical line into the text the grammar reads: no CR, no colour codes, no CI
 * prefix, no `go test -json` event wrapping, no `==PID==` prefix. Lone CRs are progress-bar overwrites: the last segment wins.
 */
export function cleanLine(raw: string): CleanedLine {
  // Colour codes go first: a progress bar's `\r\x1b[K` must not hide the CR it ends with.
  let text = stripAnsi(raw);
  if (text.indexOf('\r') !== -1) {
    text = text.replace(/\r+$/, '');
    const lastCr = text.lastIndexOf('\r');
    if (lastCr !== -1) text = text.slice(lastCr + 1);
  }
  // Again after the CRs: a sequence a CR had split is whole now.
  text = stripAnsi(text);
  text = stripCiPrefixes(text);
  text = unwrapGoTestJson(text);
  let pid: number | null = null;
  if (text.charCodeAt(0) === 61 /* = */ && text.charCodeAt(1) === 61) {
    const match = /^==(\d{1,10})==/.exec(text);
    if (match) {
      pid = Number(match[1]);
      text = text.slice(match[0].length);
    }
  }
  return { text, pid };
}
