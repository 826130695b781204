import type { Frame } from '../model/frame.js';
import type { Access, ParseRecord, Report, ThreadInfo } from '../model/report.js';
import { nullableNumber, nullableString, number, quotedKey, string } from './json-text.js';

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
 * it, with no buffer of ours to allocate, fill and copy. A parse thread writes bytes instead
 * (writeInto), copying each frame's from its encoding kept.
 */
export class RecordJsonWriter {
  private readonly frames = new Map<Frame, string>();
  private readonly encodedFrames = new Map<Frame, Buffer>();
  private text = '';
  /** While writeInto() runs: the bytes written to, the end of what is written, and whether it overflowed. */
  private target: Buffer | null = null;
  private at = 0;
  private overflow = false;

  /** Appends one record and its newline. */
  write(record: ParseRecord): void {
    if (record.type === 'report') this.report(record);
    else this.value(record);
    this.text += '\n';
  }

  /**
   * Writes one record and its newline into `target` from byte `at` as UTF-8: the bytes of its
   * text. Returns where they end, or -1 when they do not fit (the bytes from `at` on are then
   * left undefined). Frames are copied from their encoding, kept once per distinct frame:
   * encoding a batch's text cost a parse thread more than writing it (most of it is frames,
   * and flattening and encoding a rope of thousands of pieces is slow).
   */
  writeInto(record: ParseRecord, target: Buffer, at: number): number {
    if (this.text.length > 0) throw new Error('record writer: text not taken before writeInto');
    this.target = target;
    this.at = at;
    this.overflow = false;
    try {
      this.write(record);
      this.flushText();
    } finally {
      this.target = null;
      this.text = '';
    }
    return this.overflow ? -1 : this.at;
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
        this.text += string(value);
        return;
      case 'number':
        this.text += number(value);
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
    if (this.target !== null) {
      this.frameListBytes(frames);
      return;
    }
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

  /** frameList() in writeInto(): the text so far is written out, then frames as bytes. */
  private frameListBytes(frames: readonly unknown[]): void {
    this.text += '[';
    for (let i = 0; i < frames.length; i++) {
      if (i > 0) this.text += ',';
      const frame = frames[i];
      if (typeof frame === 'object' && frame !== null && !Array.isArray(frame)) {
        this.flushText();
        this.copy(this.encodedFrame(frame as Frame));
      } else {
        this.value(frame ?? null);
      }
    }
    this.text += ']';
  }

  /** The text gathered is written into the target: byte by byte when short and ASCII. */
  private flushText(): void {
    const text = this.text;
    this.text = '';
    const target = this.target;
    if (target === null || this.overflow || text.length === 0) return;
    if (text.length <= SHORT_TEXT && this.at + text.length <= target.length) {
      let i = 0;
      while (i < text.length && text.charCodeAt(i) < 0x80) i++;
      if (i === text.length) {
        for (let j = 0; j < text.length; j++) target[this.at + j] = text.charCodeAt(j);
        this.at += text.length;
        return;
      }
    }
    const room = target.length - this.at;
    if (text.length * MAX_UTF8_BYTES > room && Buffer.byteLength(text) > room) {
      this.overflow = true;
      return;
    }
    this.at += target.write(text, this.at);
  }

  private copy(bytes: Buffer): void {
    const target = this.target;
    if (target === null || this.overflow) return;
    if (this.at + bytes.length > target.length) {
      this.overflow = true;
      return;
    }
    target.set(bytes, this.at);
    this.at += bytes.length;
  }

  private encodedFrame(frame: Frame): Buffer {
    const cached = this.encodedFrames.get(frame);
    if (cached !== undefined) return cached;
    const bytes = Buffer.from(this.frameJson(frame));
    if (this.encodedFrames.size >= FRAME_CACHE_ENTRIES) this.encodedFrames.clear();
    this.encodedFrames.set(frame, bytes);
    return bytes;
  }

  /**
   * A report, its accesses and threads member by member, in the order assembleReport (and
   * accessOf, threadOf) create them: most of a record that is not frames. Reading members by
   * name is several times cheaper than walking keys whose objects differ in shape. The
   * optional members come last, as the builders append them. The lists in written-members.ts
   * fail the build when the model gains a member this does not write; the tests check the result
   * against JSON.stringify on every record of every fixture.
   */
  private report(r: Report): void {
    this.text += `{"type":"report","schemaVersion":${number(r.schemaVersion)},"kind":${string(r.kind)},"kindId":${string(r.kindId)},"family":${string(r.family)},"pid":${nullableNumber(r.pid)},"runtime":${string(r.runtime)},"source":`;
    this.value(r.source);
    this.text += `,"truncated":${r.truncated},"diagnostics":`;
    this.array(r.diagnostics);
    this.text += ',"accesses":[';
    for (let i = 0; i < r.accesses.length; i++) {
      if (i > 0) this.text += ',';
      this.access(r.accesses[i]!);
    }
    this.text += '],"stacks":';
    this.array(r.stacks);
    this.text += ',"location":';
    this.value(r.location);
    this.text += ',"locations":';
    this.array(r.locations);
    this.text += ',"threads":[';
    for (let i = 0; i < r.threads.length; i++) {
      if (i > 0) this.text += ',';
      this.thread(r.threads[i]!);
    }
    this.text += '],"mutexes":';
    this.array(r.mutexes);
    this.text += ',"cycle":';
    this.value(r.cycle);
    this.text += `,"similarThreadLeaks":${nullableNumber(r.similarThreadLeaks)},"summary":${nullableString(r.summary)},"summaryFunction":${nullableString(r.summaryFunction)}}`;
  }

  private access(a: Access): void {
    this.text += `{"op":${string(a.op)},"atomic":${a.atomic},"previous":${a.previous},"size":${nullableNumber(a.size)},"address":${nullableString(a.address)},"thread":${nullableString(a.thread)},"mutexes":`;
    this.array(a.mutexes);
    this.text += `,"stackRestored":${a.stackRestored},"frames":`;
    this.frameList(a.frames);
    if (a.objectType !== undefined) this.text += `,"objectType":${string(a.objectType)}`;
    this.text += '}';
  }

  private thread(t: ThreadInfo): void {
    this.text += `{"id":${string(t.id)},"name":${nullableString(t.name)},"tid":${nullableNumber(t.tid)},"state":${nullableString(t.state)},"createdBy":${nullableString(t.createdBy)},"stackRestored":${t.stackRestored},"frames":`;
    this.frameList(t.frames);
    if (t.gcdWorker !== undefined) this.text += `,"gcdWorker":${t.gcdWorker}`;
    this.text += '}';
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

/** Text this short is copied a character a byte when ASCII: cheaper than a call to encode it. */
const SHORT_TEXT = 16;
/** UTF-8 takes at most 3 bytes for a UTF-16 code unit. */
const MAX_UTF8_BYTES = 3;
