/**
 * Merging racelens's options into the sanitizer options a user already has (TSAN_OPTIONS for
 * C/C++, GORACE for Go: the same parser reads both). The user's text is kept as written and
 * ours are appended: the parser reads options left to right, so the last one of a name wins.
 */

/** What TSan's flag parser (sanitizer_flag_parser.cpp) takes as a separator between options. */
const SEPARATORS = new Set([' ', ',', ':', '\t', '\n', '\r']);

/** One `name=value` as the sanitizer parser reads it (quotes removed from the value). */
export interface SanitizerOption {
  readonly name: string;
  readonly value: string;
}

/**
 * Reads options the way the runtime does: separated by spaces, commas, colons, tabs or newlines;
 * a value may be quoted with `'` or `"` to hold separators. Text the runtime would reject (a name
 * without `=`, an unclosed quote) is skipped here: the runtime says so itself when it starts.
 */
export function parseSanitizerOptions(text: string): SanitizerOption[] {
  const options: SanitizerOption[] = [];
  let at = 0;
  while (at < text.length) {
    while (at < text.length && SEPARATORS.has(text[at]!)) at++;
    const nameStart = at;
    while (at < text.length && text[at] !== '=' && !SEPARATORS.has(text[at]!)) at++;
    const name = text.slice(nameStart, at);
    if (text[at] !== '=') continue;
    at++;
    const quote = text[at];
    let value: string;
    if (quote === '"' || quote === "'") {
      const end = text.indexOf(quote, at + 1);
      if (end < 0) break;
      value = text.slice(at + 1, end);
      at = end + 1;
    } else {
      const valueStart = at;
      while (at < text.length && !SEPARATORS.has(text[at]!)) at++;
      value = text.slice(valueStart, at);
    }
    if (name !== '') options.push({ name, value });
  }
  return options;
}

/** A value written so that the parser reads it back whole: quoted when it holds a separator. */
export function quoteOptionValue(value: string): string {
  const plain = [...value].every((c) => !SEPARATORS.has(c) && c !== '"' && c !== "'");
  if (plain && value !== '') return value;
  if (!value.includes('"')) return `"${value}"`;
  if (!value.includes("'")) return `'${value}'`;
  throw new Error(
    `cannot pass ${value} as a sanitizer option: it holds both kinds of quote; set TMPDIR to a plain folder`,
  );
}

/**
 * The user's options with racelens's appended: `log_path` always (racelens reads the files it
 * names), and `halt_on_error=0` unless the user chose `halt_on_error` (a run should show every
 * race it meets, but a user who wants the first one only keeps that).
 */
export function mergeSanitizerOptions(user: string | undefined, logPath: string): string {
  const text = user ?? '';
  const parsed = parseSanitizerOptions(text);
  const ours = [`log_path=${quoteOptionValue(logPath)}`];
  if (!parsed.some((o) => o.name === 'halt_on_error')) ours.push('halt_on_error=0');
  const needsSeparator = text !== '' && !SEPARATORS.has(text.at(-1)!);
  return `${text}${needsSeparator ? ' ' : ''}${ours.join(' ')}`;
}

/** The sanitizer variables racelens sets: TSan in C/C++ programs, and Go's race detector. */
export const SANITIZER_VARIABLES = ['TSAN_OPTIONS', 'GORACE'] as const;

/**
 * The environment of one run: `env` with both sanitizer variables merged so that reports go to
 * `<logPrefix>.<pid>` files. Setting GORACE for a C program (or TSAN_OPTIONS for Go) does nothing.
 */
export function runEnvironment(env: NodeJS.ProcessEnv, logPrefix: string): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = { ...env };
  for (const name of SANITIZER_VARIABLES)
    result[name] = mergeSanitizerOptions(env[name], logPrefix);
  return result;
}

/** The `log_path`s the user set, which racelens's replace: for a note to the user. */
export function userLogPaths(env: NodeJS.ProcessEnv): { variable: string; value: string }[] {
  return SANITIZER_VARIABLES.flatMap((variable) =>
    parseSanitizerOptions(env[variable] ?? '')
      .filter((o) => o.name === 'log_path')
      .map((o) => ({ variable, value: o.value })),
  );
}
