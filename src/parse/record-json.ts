import type { Frame } from '../model/frame.js';
import type { ParseRecord } from '../model/report.js';

/** Distinct frames whose JSON is remembered; emptied when full, so memory stays bounded. */
const FRAME_CACHE_ENTRIES = 1 << 15;
/** Bytes gathered before `full` says to hand them on. */
const BATCH_BYTES = 1 << 20;

/**
 * Records as JSON Lines, byte for byte what `JSON.stringify(record)` and a newline give, but
 * faster on `parse --json`'s hot path. Frames are most of a record's bytes, and the classifier
 * hands out one shared token per distinct frame line (a binary prints the same frames in
 * every report), so each frame object is encoded once and its bytes copied after that. The
 * rest follows JSON.stringify's rules for plain data: keys in insertion order, `undefined`
 * members left out (`null` in arrays), non-finite numbers as `null`. Text between frame lists
 * is gathered as a string and encoded in one call. Frames are never mutated (the builder
 * replaces a Go frame it completes), which is what makes caching by identity exact.
 */
export class RecordJsonWriter {
  private readonly frames = new Map<Frame, Buffer>();
  private buffer = Buffer.allocUnsafe(BATCH_BYTES * 2);
  private used = 0;
  /** Text not yet encoded into the buffer. */
  private text = '';

  /** Appends one record and its newline. */
  write(record: ParseRecord): void {
    this.value(record);
    this.text += '\n';
    this.flushText();
  }

  /** Enough bytes are gathered to be worth one write. */
  get full(): boolean {
    return this.used >= BATCH_BYTES;
  }

  /** The bytes gathered so far, the caller's to keep; the writer starts afresh. */
  take(): Buffer {
    // A copy of the bytes used, not a fresh batch buffer: writing the batch may keep it a
    // while, and a new 2 MB buffer per batch let unfreed batches pile up between collections.
    const out = Buffer.from(this.buffer.subarray(0, this.used));
    this.used = 0;
    return out;
  }

  private flushText(): void {
    if (this.text.length === 0) return;
    // UTF-8 needs at most 3 bytes per UTF-16 unit.
    this.reserve(this.text.length * 3);
    this.used += this.buffer.write(this.text, this.used, 'utf8');
    this.text = '';
  }

  private appendBytes(bytes: Buffer): void {
    this.flushText();
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  private reserve(bytes: number): void {
    if (this.used + bytes <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.used + bytes));
    this.buffer.copy(bigger, 0, 0, this.used);
    this.buffer = bigger;
  }

  private value(value: unknown): void {
    switch (typeof value) {
      case 'string':
        this.text += JSON.stringify(value);
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
        this.appendBytes(this.frameBytes(frame as Frame));
      } else {
        this.value(frame ?? null);
      }
    }
    this.text += ']';
  }

  private frameBytes(frame: Frame): Buffer {
    const cached = this.frames.get(frame);
    if (cached !== undefined) return cached;
    const bytes = Buffer.from(JSON.stringify(frame), 'utf8');
    if (this.frames.size >= FRAME_CACHE_ENTRIES) this.frames.clear();
    this.frames.set(frame, bytes);
    return bytes;
  }
}

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
