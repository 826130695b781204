/**
 * The lines a line handler cares about while it waits for something to start: those holding
 * one of a few literal needles once their colour codes are gone. The splitter skips all other
 * lines without handing them on; on a CI log that is most of the input, so the search is the
 * parse's main cost there. It is done two ways with one meaning:
 * - `pattern`, a global regex over decoded text, built from the needles as a trie (branches
 *   that share a head are merged, which lets V8 skip ahead on literal text);
 * - `tables`, the same needles for the WebAssembly skipper (skip-lines/), which searches raw
 *   bytes several times faster, stripping colour codes the way strip-ansi.ts does.
 */
export class LineFilter {
  readonly pattern: RegExp;
  readonly tables: Uint8Array;
  /**
   * What the tables find: the needles cut after their first `\d+`, which the skipper reads as
   * one digit. A line it finds and `pattern` does not is judged by the splitter's text path.
   */
  readonly skipperPattern: RegExp;

  /**
   * `needles`: ASCII literals, in which `\d` stands for any ASCII digit and `\d+` for one or
   * more, as in a regex (`#\d+ ` is a frame marker; `#12:` of ctest's output is not).
   */
  constructor(readonly needles: readonly string[]) {
    if (needles.length > MAX_NEEDLES)
      throw new Error(`a line filter holds at most ${MAX_NEEDLES} needles`);
    const parsed = needles.map(parseNeedle);
    this.pattern = new RegExp(trie(parsed.map((needle) => needle.tokens)), 'g');
    const cut = parsed.map(forSkipper);
    this.skipperPattern = new RegExp(trie(cut.map((needle) => needle.tokens)), 'g');
    this.tables = skipTables(cut);
  }
}

/** One needle byte: a literal byte, DIGIT for any of `0`-`9`, DIGITS for one or more of them. */
type Token = number;
const DIGIT = -1;
const DIGITS = -2;

interface Needle {
  readonly tokens: readonly Token[];
}

function parseNeedle(text: string): Needle {
  const tokens: Token[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith('\\d+', i)) {
      tokens.push(DIGITS);
      i += 2;
      continue;
    }
    if (text.startsWith('\\d', i)) {
      tokens.push(DIGIT);
      i++;
      continue;
    }
    const code = text.charCodeAt(i);
    if (code >= 0x80 || code === 0x0a || code === 0x1b) {
      throw new Error(`needle ${JSON.stringify(text)}: only ASCII, without newline or escape`);
    }
    tokens.push(code);
  }
  if (tokens.length === 0 || tokens.length > MAX_NEEDLE_BYTES) {
    throw new Error(`needle ${JSON.stringify(text)}: 1 to ${MAX_NEEDLE_BYTES} bytes`);
  }
  return { tokens };
}

/** The skipper matches fixed bytes: a needle ends at its first digit run, kept as one digit. */
function forSkipper(needle: Needle): Needle {
  const run = needle.tokens.indexOf(DIGITS);
  return run === -1 ? needle : { tokens: [...needle.tokens.slice(0, run), DIGIT] };
}

function tokenSource(token: Token): string {
  if (token === DIGITS) return '\\d+';
  if (token === DIGIT) return '\\d';
  return String.fromCharCode(token).replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * An alternation of the token lists with shared heads merged: `ab|ac` becomes `a(?:b|c)`.
 * A list that is a head of another (`ab`, `abc`) needs only the shorter one: both ask
 * "does the line hold it somewhere".
 */
function trie(lists: readonly (readonly Token[])[]): string {
  const groups = new Map<Token, (readonly Token[])[]>();
  for (const list of lists) {
    const rest = list.slice(1);
    const group = groups.get(list[0]!);
    if (group === undefined) groups.set(list[0]!, [rest]);
    else group.push(rest);
  }
  const branches: string[] = [];
  for (const [head, rests] of groups) {
    if (rests.some((rest) => rest.length === 0)) {
      branches.push(tokenSource(head));
      continue;
    }
    // Take the tokens all rests share, then branch.
    let shared = 0;
    while (rests.every((rest) => rest[shared] === rests[0]![shared] && shared < rest.length - 1)) {
      shared++;
    }
    const prefix = [head, ...rests[0]!.slice(0, shared)].map(tokenSource).join('');
    const tails = rests.map((rest) => rest.slice(shared));
    branches.push(
      tails.length === 1
        ? prefix + tails[0]!.map(tokenSource).join('')
        : `${prefix}(?:${trie(tails)})`,
    );
  }
  return branches.join('|');
}

// The skipper's tables (the layout of `Tables` in skip-lines/skip-lines.c).
const BUCKETS = 8;
const MAX_NEEDLE_BYTES = 32;
/** As many as the skipper's memory has room for (line-skipper.ts: TABLE_BYTES). */
const MAX_NEEDLES = 64;
const FIRST_OF_BUCKET = 100;
const NEEDLES_AT = 112;
const NEEDLE_SIZE = 8 + MAX_NEEDLE_BYTES;

/**
 * Teddy's nibble tables for the first three bytes of each needle, then the needles. A bucket
 * accepts every combination of the nibbles its needles put in it, so each needle goes where
 * it adds the fewest accepted combinations: needles that start alike share a bucket, and the
 * loosest needles (short ones, whose missing bytes accept anything) are placed first, alone.
 */
function skipTables(needles: readonly Needle[]): Uint8Array {
  const tables = new Uint8Array(NEEDLES_AT + NEEDLE_SIZE * needles.length);
  const view = new DataView(tables.buffer);
  const buckets = Array.from({ length: BUCKETS }, () => emptyNibbles());
  const order = needles.map((needle, index) => ({ index, nibbles: headNibbles(needle) }));
  order.sort((a, b) => combinations(b.nibbles) - combinations(a.nibbles) || a.index - b.index);
  const bucketOf = new Map<number, number>();
  for (const { index, nibbles } of order) {
    let best = 0;
    let bestGrowth = Number.POSITIVE_INFINITY;
    buckets.forEach((bucket, b) => {
      const growth = combinations(union(bucket, nibbles)) - combinations(bucket);
      if (growth < bestGrowth) {
        best = b;
        bestGrowth = growth;
      }
    });
    buckets[best] = union(buckets[best]!, nibbles);
    bucketOf.set(index, best);
    for (let j = 0; j < 3; j++) {
      for (let nibble = 0; nibble < 16; nibble++) {
        if (nibbles.low[j]! & (1 << nibble)) tables[16 * j + nibble]! |= 1 << best;
        if (nibbles.high[j]! & (1 << nibble)) tables[48 + 16 * j + nibble]! |= 1 << best;
      }
    }
  }
  // The needles by bucket, so that a candidate is checked against its buckets' needles only.
  const sorted = needles
    .map((_, index) => index)
    .sort((a, b) => bucketOf.get(a)! - bucketOf.get(b)! || a - b);
  for (let b = 0; b <= BUCKETS; b++) {
    tables[FIRST_OF_BUCKET + b] = sorted.filter((index) => bucketOf.get(index)! < b).length;
  }
  sorted.forEach((index, slot) => {
    const needle = needles[index]!;
    const at = NEEDLES_AT + NEEDLE_SIZE * slot;
    let digits = 0;
    needle.tokens.forEach((token, j) => {
      if (token === DIGIT) digits |= 1 << j;
      else tables[at + 8 + j] = token;
    });
    tables[at] = 1 << bucketOf.get(index)!;
    tables[at + 1] = needle.tokens.length;
    view.setUint32(at + 4, digits, true);
  });
  view.setUint32(96, needles.length, true);
  return tables;
}

/** For each of the first three bytes, the low and the high nibbles accepted (bit n: nibble n). */
interface Nibbles {
  readonly low: readonly number[];
  readonly high: readonly number[];
}

function emptyNibbles(): Nibbles {
  return { low: [0, 0, 0], high: [0, 0, 0] };
}

function headNibbles(needle: Needle): Nibbles {
  const low: number[] = [];
  const high: number[] = [];
  for (let j = 0; j < 3; j++) {
    const token = needle.tokens[j];
    if (token === undefined) {
      low.push(0xffff);
      high.push(0xffff);
    } else if (token === DIGIT) {
      low.push(0x03ff);
      high.push(1 << 3);
    } else {
      low.push(1 << (token & 0x0f));
      high.push(1 << (token >> 4));
    }
  }
  return { low, high };
}

function union(a: Nibbles, b: Nibbles): Nibbles {
  return { low: a.low.map((l, j) => l | b.low[j]!), high: a.high.map((h, j) => h | b.high[j]!) };
}

/** How many three-byte heads pass a bucket with these nibbles. */
function combinations(nibbles: Nibbles): number {
  let product = 1;
  for (let j = 0; j < 3; j++) product *= bitCount(nibbles.low[j]!) * bitCount(nibbles.high[j]!);
  return product;
}

function bitCount(bits: number): number {
  let count = 0;
  for (let rest = bits; rest !== 0; rest &= rest - 1) count++;
  return count;
}
