// Pieces of JSON text as JSON.stringify writes them, for RecordJsonWriter.

/** What JSON.stringify writes otherwise than as it is: quotes, backslashes, controls, lone surrogates. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * A string as JSON.stringify writes it. Most need no escape: quoted as they are, without a
 * copy of their own.
 */
export function string(value: string): string {
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
}

export function nullableString(value: string | null): string {
  return value === null ? 'null' : string(value);
}

export function number(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}

export function nullableNumber(value: number | null): string {
  return value === null ? 'null' : number(value);
}

const KEYS = new Map<string, string>();

/** `"key":`, remembered: records use a few dozen keys. */
export function quotedKey(key: string): string {
  let quoted = KEYS.get(key);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`;
    if (KEYS.size < 1024) KEYS.set(key, quoted);
  }
  return quoted;
}
