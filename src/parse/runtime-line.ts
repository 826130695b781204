import { REPORT_KINDS } from '../model/report-kinds.js';
import type { LineToken } from './line-token.js';

const OTHER: LineToken = { type: 'other' };
const HEADLINE = 'WARNING: ThreadSanitizer: ';
const SUMMARY = 'SUMMARY: ThreadSanitizer: ';

/**
 * A line that names ThreadSanitizer: a report's headline or SUMMARY, the runtime's closing
 * count, the head of a print_suppressions=1 block, or an error of the runtime itself.
 */
export function classifyRuntimeLine(text: string): LineToken {
  const headline = text.indexOf(HEADLINE);
  if (headline !== -1) return parseHeadline(text.slice(headline + HEADLINE.length));
  if (text.startsWith(SUMMARY)) return { type: 'summary', text: text.slice(SUMMARY.length) };
  const reported = /^ThreadSanitizer: reported (\d{1,12}) warnings?$/.exec(text);
  if (reported) return { type: 'reported-warnings', count: Number(reported[1]) };
  const matched =
    /^ThreadSanitizer: Matched (\d{1,12}) suppressions(?: \(pid=(\d{1,10})\))?:$/.exec(text);
  if (matched) {
    const pid = matched[2] === undefined ? null : Number(matched[2]);
    return { type: 'suppressions-matched', total: Number(matched[1]), pid };
  }
  if (isRuntimeFailure(text)) return { type: 'runtime-message', text };
  return OTHER;
}

function parseHeadline(rest: string): LineToken {
  // The kind text can hold parentheses, so `(pid=N)` is found from the right. Text after it
  // (seen: a stray character glued by another writer) is ignored.
  const pidAt = rest.lastIndexOf(' (pid=');
  if (pidAt !== -1) {
    const pid = /^ \(pid=(\d{1,10})\)/.exec(rest.slice(pidAt));
    if (pid) return { type: 'headline', kind: rest.slice(0, pidAt), pid: Number(pid[1]) };
  }
  // No pid: a headline cut short, a report of an old runtime, or a runtime warning such as
  // `memory layout is incompatible`. A known kind at its start decides which.
  const kind = knownKindAtStart(rest);
  if (kind !== null) return { type: 'headline', kind, pid: null };
  return { type: 'runtime-message', text: `WARNING: ThreadSanitizer: ${rest}` };
}

const KNOWN_KINDS_LONGEST_FIRST = Object.keys(REPORT_KINDS).sort((a, b) => b.length - a.length);

/** The longest known kind the text starts with (whole words), or a `race on <Tag>` kind. */
function knownKindAtStart(text: string): string | null {
  const trimmed = text.trim();
  for (const kind of KNOWN_KINDS_LONGEST_FIRST) {
    if (trimmed === kind || trimmed.startsWith(`${kind} `)) return kind;
  }
  const external = /^race on [^()]{1,200}?(?= \(|$)/.exec(trimmed);
  return external ? external[0] : null;
}

const RUNTIME_FAILURES = [
  'ThreadSanitizer:DEADLYSIGNAL',
  'ERROR: ThreadSanitizer',
  'FATAL: ThreadSanitizer',
  'ThreadSanitizer: CHECK failed',
  'ThreadSanitizer: nested bug',
  'ThreadSanitizer: starting new threads after multi-threaded fork',
  'ThreadSanitizer: failed to',
  'ThreadSanitizer: called_from_lib',
  'ThreadSanitizer: library ',
  'finished with ignores enabled',
  'ThreadSanitizer: incorrect value',
  'ThreadSanitizer: unexpected memory mapping',
];

function isRuntimeFailure(text: string): boolean {
  for (const marker of RUNTIME_FAILURES) if (text.includes(marker)) return true;
  return false;
}
