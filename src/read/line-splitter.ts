import { StringDecoder } from 'node:string_decoder';

/** Longest line kept whole. Longer lines keep their head; the rest is dropped and reported. */
export const MAX_LINE_CHARS = 1 << 20;

export interface LineHandler {
  line(text: string, lineNumber: number): void;
  /** A line exceeded MAX_LINE_CHARS; `text` passed to line() holds its first MAX_LINE_CHARS. */
  overlong(lineNumber: number, droppedChars: number): void;
}

/**
 * Bytes to lines, chunk by chunk, with 1-based line numbers. UTF-8 sequences split across
 * chunks are joined by the decoder; invalid bytes become U+FFFD instead of failing. Memory is
 * bounded by one chunk plus one (capped) partial line.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private pendingDropped = 0;
  private lineNumber = 0;

  constructor(private readonly handler: LineHandler) {}

  write(chunk: Buffer): void {
    this.consume(this.decoder.write(chunk));
  }

  end(): void {
    this.consume(this.decoder.end());
    if (this.pending.length > 0 || this.pendingDropped > 0) this.emit(this.pending);
    this.pending = '';
  }

  get linesRead(): number {
    return this.lineNumber;
  }

  private consume(text: string): void {
    let start = 0;
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      if (this.pending.length === 0 && this.pendingDropped === 0) {
        this.emitCapped(text, start, newline);
      } else {
        this.appendPending(text, start, newline);
        this.emit(this.pending);
        this.pending = '';
      }
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    if (start < text.length) this.appendPending(text, start, text.length);
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
