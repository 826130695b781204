import type { LineToken } from './line-token.js';

/** Distinct frame lines remembered; the cache is emptied when full, so memory stays bounded. */
const FRAME_CACHE_ENTRIES = 1 << 15;

/** A frame line kept, its token, and the frame line that followed it last time. */
interface FrameEntry {
  readonly line: string;
  readonly token: LineToken;
  next: FrameEntry | null;
}

/**
 * Frame lines seen before and their tokens. Stacks repeat frame by frame, so the line after a
 * known frame line is first compared with the one that followed it last time: a comparison
 * that stops at the first difference, where a map lookup hashes every character of the line
 * (that hash was the parser's largest single cost on dense logs).
 */
export class FrameLineCache {
  private readonly entries = new Map<string, FrameEntry>();
  /** The entry of the frame line just read, whose `next` predicts the line after it. */
  private previous: FrameEntry | null = null;

  find(line: string): LineToken | undefined {
    const previous = this.previous;
    const predicted = previous?.next;
    if (predicted != null && predicted.line === line) {
      this.previous = predicted;
      return predicted.token;
    }
    const entry = this.entries.get(line);
    if (entry !== undefined && previous !== null) previous.next = entry;
    this.previous = entry ?? null;
    return entry?.token;
  }

  /** A line that is not a frame: the next frame line starts a stack, predicted by nothing. */
  interrupt(): void {
    this.previous = null;
  }

  /** Keeps a frame line (a copy that holds no larger text alive) with its token. */
  keep(line: string, token: LineToken): LineToken {
    if (this.entries.size >= FRAME_CACHE_ENTRIES) this.entries.clear();
    const entry: FrameEntry = { line, token, next: null };
    this.entries.set(line, entry);
    this.previous = entry;
    return token;
  }
}
