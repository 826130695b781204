/**
 * Splits lines that carry more than one line of a report: a terminal-wrapped copy/paste glues
 * `#11 ... (BuildId: ...)            #12 ...` onto one line, and another writer's unfinished line
 * can have a frame appended (`program output    #3 main /src/a.c:10 (a+0x...)`).
 *
 * A frame marker `#N ` starts a new line only after a run of two or more spaces, or after the
 * `)` that ends a module group or the `:` that ends a section header. A single space is not
 * enough: Swift and C++ names contain `closure #3 in ...` and `{lambda()#1}`.
 */
export function unglue(text: string): string[] {
  let hash = text.indexOf('#', 1);
  if (hash === -1) return [text];
  const parts: string[] = [];
  let start = 0;
  while (hash !== -1) {
    if (isGluePoint(text, hash)) {
      const head = text.slice(start, hash).trimEnd();
      if (head.trim().length > 0) parts.push(head);
      start = hash;
    }
    hash = text.indexOf('#', hash + 1);
  }
  if (parts.length === 0) return [text];
  parts.push(`    ${text.slice(start)}`);
  return parts;
}

function isGluePoint(text: string, hash: number): boolean {
  // `#` must start a frame marker: digits then a space.
  let i = hash + 1;
  const digitsStart = i;
  while (i < text.length && isDigit(text.charCodeAt(i))) i++;
  if (i === digitsStart || text.charCodeAt(i) !== 32) return false;
  // What precedes it: two or more spaces, or one space after `)` or `:`.
  if (text.charCodeAt(hash - 1) !== 32) return false;
  if (hash < 2) return false;
  const before = text.charCodeAt(hash - 2);
  if (before === 32 || before === 9) return isAfterContent(text, hash);
  return before === 41 /* ) */ || before === 58 /* : */;
}

// A frame marker preceded only by indentation is an ordinary frame line, not a glued one.
function isAfterContent(text: string, hash: number): boolean {
  for (let i = hash - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9) return true;
  }
  return false;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
