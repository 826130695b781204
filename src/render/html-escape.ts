/**
 * Escaping for the HTML report. Every string in a report comes from a log, and a log is
 * untrusted input: a function name, a file path or a thread name can hold markup. Text goes
 * through `escapeHtml` (for element content and double-quoted attributes alike), data for the
 * page's script through `jsonForScript`, and links through `safeUrl`.
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for element content or a quoted attribute value: `& < > " '` escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * JSON to put inside `<script type="application/json">`. JSON.stringify leaves `<`, `>` and
 * `&` as they are, so `</script>` in a string would end the element; escaped as `\u003c` and
 * friends they read back the same through JSON.parse. U+2028 and U+2029 are escaped too, as
 * older JavaScript parsers took them for line ends.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/**
 * A URL a link may point to: only absolute http(s) URLs, so that a known-issues file cannot
 * make a `javascript:` or `data:` link. Returns the normalised URL, or null.
 */
export function safeUrl(url: string | null): string | null {
  if (url === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
}

/** Markup already escaped: what `html` templates return and take without escaping again. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export type HtmlValue = Html | string | number | null | undefined | false | readonly HtmlValue[];

/**
 * A template that escapes by default: strings and numbers put into it are escaped, `Html` values
 * (other templates) go in as they are, arrays are concatenated, and null, undefined and false
 * put nothing. Markup is only ever made by this tag, so no text from a log reaches the page
 * unescaped by forgetting a call.
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += htmlText(values[i]) + (strings[i + 1] ?? '');
  return new Html(out);
}

function htmlText(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.text;
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number') return String(value);
  let out = '';
  for (const item of value as readonly HtmlValue[]) out += htmlText(item);
  return out;
}
