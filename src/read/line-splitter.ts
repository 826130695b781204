import { ChunkDecoder } from './chunk-decoder.js';
import type { LineFilter } from './line-filter.js';
import { LineSkipper } from './skip-lines/line-skipper.js';
import { stripAnsi } from './strip-ansi.js';

/** Longest line kept whole. Longer lines keep their head; the rest is dropped and reported. */
export const MAX_LINE_CHARS = 1 << 20;

const UNKNOWN = -2;
/** Text windows (see write): the first after a line the skipper found, and the largest. */
const FIRST_WINDOW = 1024;
const MAX_WINDOW = 64 * 1024;

export interface LineSplitterOptions {
  /** Lines before the first byte written here (a segment's start). */
  readonly linesBefore?: number;
  /** Search raw bytes with the WebAssembly skipper where it runs (default); false: the regex only. */
  readonly skipLines?: boolean;
}

export interface LineHandler {
  line(text: string, lineNumber: number): void;
  /** A line exceeded MAX_LINE_CHARS; `text` passed to line() holds its first MAX_LINE_CHARS. */
  overlong(lineNumber: number, droppedChars: number): void;
  /**
   * The filter every line the handler cares about right now passes, or null when it needs
   * every line. Lines the filter rejects are counted, not passed: most of a CI log is ordinary
   * output, and searching a chunk at once is far cheaper than a call per line.
   */
  interestingLines?(): LineFilter | null;
  /** The input ended without a newline after its last line: that line may be cut. */
  lastLineUnterminated?(lineNumber: number): void;
}

/**
 * Bytes to lines, chunk by chunk, with 1-based line numbers. UTF-8 sequences split across
 * chunks are joined by the decoder; invalid bytes become U+FFFD instead of failing. Memory is
 * bounded by one chunk plus one (capped) partial line.
 */
export class LineSplitter {
  private readonly decoder = new ChunkDecoder();
  private pending = '';
  private pendingDropped = 0;
  private lineNumber = 0;
  /** Where the current text's next escape is (-1: none left), UNKNOWN for a new text. */
  private escapeAt = UNKNOWN;
  private halted = false;
  /** Made at the first skip; null where WebAssembly SIMD is missing or skipLines is off. */
  private skipper: LineSkipper | null | undefined;

  constructor(
    private readonly handler: LineHandler,
    options: LineSplitterOptions = {},
  ) {
    this.lineNumber = options.linesBefore ?? 0;
    if (options.skipLines === false) this.skipper = null;
  }

  /**
   * Text is decoded a window at a time, each ending after a newline, so strings stay small
   * whatever the chunk size. While the handler waits for something to start, whole lines its
   * filter rejects are skipped on raw bytes by the skipper, which stops at the next line that
   * may matter; text is decoded from there: that line alone first (most start nothing), then
   * windows doubling from FIRST_WINDOW while the handler reads every line. When it stops (a
   * report ended) the skipper searches on from there if the window's text is one character a
   * byte, and the window's text is used on from the line it finds (no second decoding, which
   * back-to-back reports would pay at every report); otherwise the filter's pattern searches
   * the rest of the window as text.
   * Both paths pass the same lines.
   */
  write(chunk: Buffer): void {
    let loaded = false;
    let at = 0;
    // The first window ends the line a previous chunk left unfinished: the skipper may go on.
    let window = 0;
    while (at < chunk.length && !this.halted) {
      const filter = this.skipper !== null && this.atLineStart() ? this.filter() : null;
      if (filter !== null) {
        this.skipper ??= LineSkipper.create();
        const skipper = this.skipper;
        if (skipper !== null) {
          if (!loaded) skipper.load(chunk, filter.tables);
          loaded = true;
          at = skipper.skip(at);
          this.lineNumber += skipper.newlines;
          // Not found: the unfinished last line waits for its end as text.
          window = skipper.found ? 0 : MAX_WINDOW;
          if (at >= chunk.length) return;
        }
      }
      const newline = chunk.indexOf(10, at + window);
      const end = newline === -1 ? chunk.length : newline + 1;
      const fromLineStart = this.skipper !== null && this.atLineStart();
      const base = at;
      const text = this.decoder.write(chunk.subarray(at, end));
      // One character a byte (ASCII, or lone invalid bytes): a place in the text is a place in
      // the chunk, so the skipper can search on bytes where the handler stops reading every line.
      const skipBytes =
        fromLineStart && text.length === end - at
          ? (start: number, filter: LineFilter): number | null => {
              this.skipper ??= LineSkipper.create();
              const skipper = this.skipper;
              if (skipper === null) return null;
              if (!loaded) skipper.load(chunk, filter.tables);
              loaded = true;
              const next = skipper.skip(base + start);
              this.lineNumber += skipper.newlines;
              return next - base;
            }
          : undefined;
      const stoppedAt = this.consume(text, skipBytes);
      at = stoppedAt === text.length ? end : at + stoppedAt;
      window = window === 0 ? FIRST_WINDOW : Math.min(2 * window, MAX_WINDOW);
    }
  }

  private filter(): LineFilter | null {
    return this.handler.interestingLines?.() ?? null;
  }

  /** No part of a line is held, as text or as bytes of an unfinished character. */
  private atLineStart(): boolean {
    return this.pending.length === 0 && this.pendingDropped === 0 && this.decoder.clean;
  }

  /** No line after the one being handled is passed on (a segment's parse found its stitch). */
  halt(): void {
    this.halted = true;
  }

  end(): void {
    if (this.halted) return;
    this.consume(this.decoder.end());
    if (this.pending.length > 0 || this.pendingDropped > 0) {
      this.emit(this.pending);
      this.handler.lastLineUnterminated?.(this.lineNumber);
    }
    this.pending = '';
  }

  get linesRead(): number {
    return this.lineNumber;
  }

  /**
   * Passes the lines of `text`; returns where it stopped: text.length, or past it where
   * `skipBytes` (the skipper, from a place in the text) found the next line beyond the text.
   * A line the skipper finds inside the text is judged there by the whole needles.
   */
  private consume(
    text: string,
    skipBytes?: (start: number, filter: LineFilter) => number | null,
  ): number {
    this.escapeAt = UNKNOWN;
    let start = 0;
    if (this.pending.length > 0 || this.pendingDropped > 0) {
      const newline = text.indexOf('\n');
      if (newline === -1) {
        this.appendPending(text, 0, text.length);
        return text.length;
      }
      this.appendPending(text, 0, newline);
      this.emit(this.pending);
      this.pending = '';
      start = newline + 1;
    }
    while (start < text.length && !this.halted) {
      const filter = this.handler.interestingLines?.() ?? null;
      if (filter !== null) {
        // Not at the first line: the skipper stopped there, so the text path judges it.
        const skipped = skipBytes !== undefined && start > 0 ? skipBytes(start, filter) : null;
        if (skipped !== null) {
          if (skipped >= text.length) return skipped;
          start = skipped;
        }
        start = this.skipUninteresting(text, start, filter.pattern);
        if (start >= text.length) return text.length;
      }
      const newline = text.indexOf('\n', start);
      if (newline === -1) {
        this.appendPending(text, start, text.length);
        return text.length;
      }
      this.emitCapped(text, start, newline);
      start = newline + 1;
    }
    return text.length;
  }

  /** Counts the whole lines before the next one `pattern` matches; returns where that one starts. */
  private skipUninteresting(text: string, from: number, pattern: RegExp): number {
    const at = this.nextInteresting(text, from, pattern);
    let target: number;
    if (at === -1) {
      // Keep the last, unfinished line: it may become interesting with the next chunk.
      target = text.lastIndexOf('\n') + 1;
    } else if (at === from) {
      target = from;
    } else {
      target = text.lastIndexOf('\n', at - 1) + 1;
    }
    if (target <= from) return from;
    let newline = text.indexOf('\n', from);
    while (newline !== -1 && newline < target) {
      this.lineNumber++;
      newline = text.indexOf('\n', newline + 1);
    }
    return target;
  }

  /**
   * Where the first line from `from` on that `pattern` matches once its colour codes are gone
   * (somewhere in that line), or -1. Colour codes could sit inside the words the pattern looks
   * for, so a line holding an escape is stripped and tried alone; stripping only those lines
   * costs far less than stripping every chunk.
   */
  private nextInteresting(text: string, from: number, pattern: RegExp): number {
    pattern.lastIndex = from;
    const match = pattern.exec(text);
    const matchAt = match === null ? -1 : match.index;
    let start = from;
    for (;;) {
      const colour = this.nextEscape(text, start);
      if (colour === -1 || (matchAt !== -1 && matchAt < colour)) return matchAt;
      // The escape's line comes first: does it match without its colour codes?
      const newline = text.indexOf('\n', colour);
      const lineEnd = newline === -1 ? text.length : newline;
      if (newline === -1 || (matchAt !== -1 && matchAt < lineEnd)) return colour;
      const lineStart = text.lastIndexOf('\n', colour - 1) + 1;
      const line = stripAnsi(text.slice(lineStart, lineEnd));
      pattern.lastIndex = 0;
      if (pattern.test(line)) return colour;
      start = lineEnd + 1;
    }
  }

  /** The next escape character at or after `from`, remembered per chunk (dense logs ask often). */
  private nextEscape(text: string, from: number): number {
    if (this.escapeAt === UNKNOWN || (this.escapeAt !== -1 && this.escapeAt < from)) {
      this.escapeAt = text.indexOf('\x1b', from);
    }
    return this.escapeAt;
  }

  private emitCapped(text: string, start: number, end: number): void {
    if (end - start <= MAX_LINE_CHARS) {
      this.emit(text.slice(start, end));
      return;
    }
    this.pendingDropped = end - start - MAX_LINE_CHARS;
    this.emit(text.slice(start, start + MAX_LINE_CHARS));
  }

  private appendPending(text: string, start: number, end: number): void {
    const room = MAX_LINE_CHARS - this.pending.length;
    const length = end - start;
    if (length <= room) {
      this.pending += text.slice(start, end);
    } else {
      if (room > 0) this.pending += text.slice(start, start + room);
      this.pendingDropped += length - Math.max(room, 0);
    }
  }

  private emit(text: string): void {
    this.lineNumber++;
    if (this.pendingDropped > 0) {
      this.handler.overlong(this.lineNumber, this.pendingDropped);
      this.pendingDropped = 0;
    }
    this.handler.line(text, this.lineNumber);
  }
}
