/*
 * Skips the lines of a log that hold none of a set of needles: the line splitter's search for
 * "a line that can start something" between reports, on raw bytes with WebAssembly SIMD.
 * Most of a CI log is ordinary output; this runs several times faster than the same search
 * as a JavaScript regex over decoded text, and needs no decoding of the lines it skips.
 *
 * Build: scripts/build-wasm.sh (clang-19 and wasm-ld from lld-19); it writes
 * skip-lines-wasm.ts beside this file, which the tests check is up to date.
 *
 * The filter is Teddy's (Hyperscan): each needle is put in one of 8 buckets, and for the first
 * three bytes of each needle two 16-byte tables hold the bucket bits of every low and high
 * nibble. Sixteen positions are tested at once by looking their nibbles up (swizzle) and
 * ANDing; a lane left with a bucket bit is a candidate, checked byte by byte against that
 * bucket's needles. The tables and needles are laid out by line-skipper.ts (TABLES_* there).
 *
 * Needles are ASCII; a needle byte may also be "any ASCII digit" (a regex's \d). Since UTF-8
 * decoding maps ASCII bytes to the same characters and never joins them to other bytes, a
 * line's bytes hold a needle exactly when its decoded text does. Colour codes can sit inside
 * a needle, so a line holding an escape character is searched once they are stripped.
 */
#include <stdint.h>
#include <wasm_simd128.h>

#define MAX_NEEDLE_BYTES 32

typedef struct {
  uint8_t bucket; /* this needle's bucket bit (for reading the tables) */
  uint8_t length;
  uint8_t pad[2];
  uint32_t digits; /* bit j: byte j is any ASCII digit */
  uint8_t bytes[MAX_NEEDLE_BYTES];
} Needle;

typedef struct {
  uint8_t low[3][16];  /* bucket bits by the low nibble of needle byte 0, 1, 2 */
  uint8_t high[3][16]; /* ... and by the high nibble */
  uint32_t count;
  uint8_t first[9]; /* needles are sorted by bucket: bucket b's are [first[b], first[b + 1]) */
  uint8_t pad[3];
  Needle needles[];
} Tables;

static int matches(const Needle *needle, const uint8_t *at) {
  for (uint32_t j = 0; j < needle->length; j++) {
    uint8_t c = at[j];
    if (needle->digits & (1u << j)) {
      if ((uint8_t)(c - '0') > 9) return 0;
    } else if (c != needle->bytes[j]) {
      return 0;
    }
  }
  return 1;
}

static v128_t candidates(const Tables *t, const uint8_t *at) {
  const v128_t low = wasm_i8x16_splat(0x0f);
  v128_t m = wasm_i8x16_splat(-1);
  for (int j = 0; j < 3; j++) {
    v128_t v = wasm_v128_load(at + j);
    m = wasm_v128_and(m, wasm_i8x16_swizzle(wasm_v128_load(t->low[j]), wasm_v128_and(v, low)));
    m = wasm_v128_and(m, wasm_i8x16_swizzle(wasm_v128_load(t->high[j]), wasm_u8x16_shr(v, 4)));
  }
  return m;
}

/* The first position in [from, end) where a needle lying inside [from, end) starts, or, with
 * `escapes`, an escape character is; end if none. */
static uint32_t first_hit(const Tables *t, const uint8_t *data, uint32_t from, uint32_t end,
                          int escapes) {
  const v128_t escape = escapes ? wasm_i8x16_splat(0x1b) : wasm_i8x16_splat(0);
  const v128_t zero = wasm_i8x16_splat(0);
  for (uint32_t i = from; i < end; i += 16) {
    v128_t m = candidates(t, data + i);
    v128_t e = escapes ? wasm_i8x16_eq(wasm_v128_load(data + i), escape) : zero;
    if (!wasm_v128_any_true(wasm_v128_or(m, e))) continue;
    uint32_t lanes = wasm_i8x16_bitmask(wasm_i8x16_ne(m, zero)) | wasm_i8x16_bitmask(e);
    uint8_t bits[16];
    wasm_v128_store(bits, m);
    while (lanes != 0) {
      uint32_t k = __builtin_ctz(lanes);
      lanes &= lanes - 1;
      uint32_t p = i + k;
      if (p >= end) return end;
      if (escapes && data[p] == 0x1b) return p;
      for (uint32_t buckets = bits[k]; buckets != 0; buckets &= buckets - 1) {
        uint32_t b = __builtin_ctz(buckets);
        for (uint32_t n = t->first[b]; n < t->first[b + 1]; n++) {
          const Needle *needle = &t->needles[n];
          if (p + needle->length <= end && matches(needle, data + p)) return p;
        }
      }
    }
  }
  return end;
}

static uint32_t count_newlines(const uint8_t *data, uint32_t from, uint32_t to) {
  const v128_t newline = wasm_i8x16_splat('\n');
  uint32_t count = 0;
  uint32_t i = from;
  for (; i + 16 <= to; i += 16) {
    count += __builtin_popcount(wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_load(data + i), newline)));
  }
  for (; i < to; i++) count += data[i] == '\n';
  return count;
}

static uint32_t line_start(const uint8_t *data, uint32_t from, uint32_t at) {
  while (at > from && data[at - 1] != '\n') at--;
  return at;
}

static uint32_t line_end(const uint8_t *data, uint32_t at, uint32_t end) {
  while (at < end && data[at] != '\n') at++;
  return at;
}

static int in(uint8_t c, uint8_t low, uint8_t high) { return c >= low && c <= high; }

/*
 * Copies line[0, length) to `out` without its escape sequences, exactly as strip-ansi.ts's
 * regex replaces them, left to right: CSI `ESC [ [0-9;?]* [ -/]* [@-~]`; APC/OSC strings
 * `ESC [_\]] [^BEL ESC \n]* (BEL | ESC \)`; two-byte `ESC [@-Z\\-_]`. An escape starting
 * none of them stays. The character sets are disjoint, so no backtracking can change a match.
 * Returns the length written.
 */
static uint32_t strip_escapes(const uint8_t *line, uint32_t length, uint8_t *out) {
  uint32_t written = 0;
  uint32_t i = 0;
  while (i < length) {
    uint8_t c = line[i];
    if (c != 0x1b || i + 1 >= length) {
      out[written++] = c;
      i++;
      continue;
    }
    uint8_t kind = line[i + 1];
    uint32_t j = i + 2;
    if (kind == '[') {
      while (j < length && (in(line[j], '0', '9') || line[j] == ';' || line[j] == '?')) j++;
      while (j < length && in(line[j], 0x20, 0x2f)) j++;
      if (j < length && in(line[j], 0x40, 0x7e)) {
        i = j + 1;
        continue;
      }
    } else if (kind == '_' || kind == ']') {
      while (j < length && line[j] != 0x07 && line[j] != 0x1b && line[j] != '\n') j++;
      if (j < length && line[j] == 0x07) {
        i = j + 1;
        continue;
      }
      if (j + 1 < length && line[j] == 0x1b && line[j + 1] == '\\') {
        i = j + 2;
        continue;
      }
    }
    if (in(kind, 0x40, 0x5a) || in(kind, 0x5c, 0x5f)) {
      i += 2;
      continue;
    }
    out[written++] = c;
    i++;
  }
  return written;
}

/*
 * From `from`, a line start in data[0, end), skips every whole line that holds no needle once
 * its escape sequences are stripped. Returns where the first whole line that does starts
 * (result[1] = 1) or, when none does, where the last, unfinished line starts (result[1] = 0:
 * it is judged once its end arrives); result[0] = the newlines skipped. A line with
 * an escape is stripped into `scratch` (as long as data) and searched there. Reads up to 18
 * bytes past the end of data and of scratch (never counting them): they must be in memory.
 */
__attribute__((export_name("skip"))) uint32_t skip(const Tables *tables, const uint8_t *data,
                                                    uint32_t from, uint32_t end,
                                                    uint32_t *result, uint8_t *scratch) {
  uint32_t at = from;
  uint32_t next = 0;
  uint32_t found = 0;
  for (;;) {
    uint32_t hit = first_hit(tables, data, at, end, 1);
    if (hit >= end) {
      next = line_start(data, at, end);
      break;
    }
    uint32_t start = line_start(data, at, hit);
    uint32_t stop = line_end(data, hit, end);
    if (stop == end) {
      next = start;
      break;
    }
    if (data[hit] != 0x1b) {
      next = start;
      found = 1;
      break;
    }
    uint32_t length = strip_escapes(data + start, stop - start, scratch);
    if (first_hit(tables, scratch, 0, length, 0) < length) {
      next = start;
      found = 1;
      break;
    }
    at = stop + 1;
  }
  result[0] = count_newlines(data, from, next);
  result[1] = found;
  return next;
}
