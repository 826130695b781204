import type { Frame } from '../model/frame.js';
import type { ParseRecord } from '../model/report.js';

/** Distinct frames whose JSON is remembered; emptied when full, so memory stays bounded. */
const FRAME_CACHE_ENTRIES = 1 << 15;
/**
 * Characters gathered before `full` says to hand them on: a pipe's worth. A batch's pieces
 * live until it is written; bigger batches outlived young collections and were promoted.
 */
const BATCH_CHARS = 1 << 16;

/**
 * Records as JSON Lines, character for character what `JSON.stringify(record)` and a newline
 * give, but faster on `parse --json`'s hot path. Frames are most of a record, and the
 * classifier hands out one shared token per distinct frame line (a binary prints the same
 * frames in every report), so each frame object is encoded once and its text reused after
 * that. The rest follows JSON.stringify's rules for plain data: keys in insertion order,
 * `undefined` members left out (`null` in arrays), non-finite numbers as `null`. Frames are
 * never mutated (the builder replaces a Go frame it completes), which is what makes caching
 * by identity exact. Batches are handed on as text: a stream encodes a string as it writes
 * it, with no buffer of ours to allocate, fill and copy.
 */
export class RecordJsonWriter {
  private readonly frames = new Map<Frame, string>();
  private text = '';

  /** Appends one record and its newline. */
  write(record: ParseRecord): void {
    this.value(record);
    this.text += '\n';
  }

  /** Enough text is gathered to be worth one write. */
  get full(): boolean {
    return this.text.length >= BATCH_CHARS;
  }

  /** Characters gathered since the last take(). */
  get length(): number {
    return this.text.length;
  }

  /** The text gathered so far; the writer starts afresh. */
  take(): string {
    const out = this.text;
    this.text = '';
    return out;
  }

  private value(value: unknown): void {
    switch (typeof value) {
      case 'string':
        // Most strings need no escape: quoted as they are, without a copy of their own.
        this.text += NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
        return;
      case 'number':
        this.text += Number.isFinite(value) ? String(value) : 'null';
        return;
      case 'boolean':
        this.text += value ? 'true' : 'false';
        return;
      case 'object':
        if (value === null) this.text += 'null';
        else if (Array.isArray(value)) this.array(value);
        else this.object(value as Record<string, unknown>);
        return;
      default:
        // Not in records (undefined, functions, symbols); JSON.stringify's own answer.
        this.text += JSON.stringify(value) ?? 'null';
    }
  }

  private array(items: readonly unknown[]): void {
    this.text += '[';
    for (let i = 0; i < items.length; i++) {
      if (i > 0) this.text += ',';
      const item = items[i];
      if (item === undefined) this.text += 'null';
      else this.value(item);
    }
    this.text += ']';
  }

  private object(object: Record<string, unknown>): void {
    this.text += '{';
    let first = true;
    for (const key in object) {
      if (!Object.hasOwn(object, key)) continue;
      const member = object[key];
      if (member === undefined || typeof member === 'function' || typeof member === 'symbol') {
        continue;
      }
      if (!first) this.text += ',';
      first = false;
      this.text += quotedKey(key);
      if (key === 'frames' && Array.isArray(member)) this.frameList(member);
      else this.value(member);
    }
    this.text += '}';
  }

  private frameList(frames: readonly unknown[]): void {
    this.text += '[';
    for (let i = 0; i < frames.length; i++) {
      if (i > 0) this.text += ',';
      const frame = frames[i];
      if (typeof frame === 'object' && frame !== null && !Array.isArray(frame)) {
        this.text += this.frameJson(frame as Frame);
      } else {
        this.value(frame ?? null);
      }
    }
    this.text += ']';
  }

  private frameJson(frame: Frame): string {
    const cached = this.frames.get(frame);
    if (cached !== undefined) return cached;
    const json = JSON.stringify(frame);
    if (this.frames.size >= FRAME_CACHE_ENTRIES) this.frames.clear();
    this.frames.set(frame, json);
    return json;
  }
}

/** What JSON.stringify writes otherwise than as it is: quotes, backslashes, controls, lone surrogates. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

const KEYS = new Map<string, string>();

/** `"key":`, remembered: records use a few dozen keys. */
function quotedKey(key: string): string {
  let quoted = KEYS.get(key);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`;
    if (KEYS.size < 1024) KEYS.set(key, quoted);
  }
  return quoted;
}
