/**
 * Putting untrusted text (function names, paths, thread names from logs) into GitHub-flavoured
 * Markdown so that it shows literally: no emphasis from `*`/`_`, no HTML from `<`, no table
 * cells split by `|`, no @-mentions or #-references pinging people.
 */

/**
 * The characters that can make markup inside a line of running text: emphasis, code, links,
 * HTML and entities, strikethrough, table pipes, GitHub's @-mentions and #-references. (`(`,
 * `!`, `-` and the like only act after one of these or at a line's start, where we never put
 * log text.)
 */
const MARKUP = /[\\`*_[\]<>|~&@#]/g;

/** Markdown already made safe: what `md` templates return and take without escaping again. */
export class Markdown {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type MarkdownValue = Markdown | string | number | null | undefined | false;

/**
 * A template that escapes by default: strings put into it go through `mdText`, `Markdown`
 * values (other templates, code spans) go in as they are, null/undefined/false put nothing.
 * Markdown is only made by this tag and the helpers below, so no text from a log reaches a
 * draft unescaped by forgetting a call.
 */
export function md(strings: TemplateStringsArray, ...values: readonly MarkdownValue[]): Markdown {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += mdPart(values[i]) + (strings[i + 1] ?? '');
  return new Markdown(out);
}

function mdPart(value: MarkdownValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Markdown) return value.text;
  if (typeof value === 'number') return String(value);
  return mdText(value).text;
}

/** Joins Markdown pieces with a separator of our own. */
export function mdJoin(parts: readonly Markdown[], separator: string): Markdown {
  return new Markdown(parts.map((p) => p.text).join(separator));
}

/** Running text: every markup character backslash-escaped, line breaks flattened. */
export function mdText(text: string): Markdown {
  return new Markdown(flatten(text).replace(MARKUP, (c) => `\\${c}`));
}

/**
 * A code span that holds `text` whatever backticks it contains: the fence is one backtick longer
 * than the longest run inside, padded with spaces when the text starts or ends with a backtick.
 */
export function mdCode(text: string): Markdown {
  const flat = flatten(text);
  if (flat === '') return new Markdown('` `');
  let longest = 0;
  for (const run of flat.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  // CommonMark strips one space off each end of a span that has one on both (unless it is all
  // spaces), and a backtick at an end would join the fence: pad with a space in those cases.
  const allSpaces = /^ +$/.test(flat);
  const pad =
    !allSpaces &&
    (flat.startsWith('`') || flat.endsWith('`') || (flat.startsWith(' ') && flat.endsWith(' ')))
      ? ' '
      : '';
  return new Markdown(`${fence}${pad}${flat}${pad}${fence}`);
}

/**
 * A table cell's Markdown: GFM splits cells on `|` before inline parsing, even inside code
 * spans, so every pipe is escaped here (and GFM removes the backslash again inside code spans).
 */
export function mdCell(markdown: Markdown): Markdown {
  return new Markdown(markdown.text.replace(/\|/g, '\\|'));
}

/** A fenced code block whose fence no line of `text` can close. */
export function mdFence(text: string, info = 'text'): Markdown {
  let longest = 2;
  for (const run of text.match(/^ {0,3}`{3,}/gm) ?? [])
    longest = Math.max(longest, run.trim().length);
  const fence = '`'.repeat(longest + 1);
  const body = text.endsWith('\n') ? text : `${text}\n`;
  return new Markdown(`${fence}${info}\n${body}${fence}`);
}

/** A link whose target is only ever http(s); anything else stays plain text. */
export function mdLink(label: Markdown, url: string | null): Markdown {
  if (url === null || !/^https?:\/\/[^\s<>()]+$/i.test(url)) return label;
  return new Markdown(`[${label.text}](<${url}>)`);
}

function flatten(text: string): string {
  // Control characters (a log's stray escape codes) would show as nothing or break the line.
  return text.replace(/[\r\n]+/g, ' ').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}
