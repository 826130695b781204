import type { Frame } from '../model/frame.js';
import type { Access, ParseRecord, Report, ThreadInfo } from '../model/report.js';

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
    if (record.type === 'report') this.report(record);
    else this.value(record);
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

  /**
   * A report, its accesses and threads member by member, in the order assembleReport (and
   * accessOf, threadOf) create them: most of a record that is not frames. Reading members by
   * name is several times cheaper than walking keys whose objects differ in shape. The
   * optional members come last, as the builders append them. REPORT_KEYS and its siblings fail
   * the build when the model gains a member this does not write; the tests check the result
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

/** What JSON.stringify writes otherwise than as it is: quotes, backslashes, controls, lone surrogates. */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * A string as JSON.stringify writes it. Most need no escape: quoted as they are, without a
 * copy of their own.
 */
function string(value: string): string {
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
}

function nullableString(value: string | null): string {
  return value === null ? 'null' : string(value);
}

function number(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}

function nullableNumber(value: number | null): string {
  return value === null ? 'null' : number(value);
}

// The members report() and its helpers write. A member the model gains and these do not name
// fails the build (`never` otherwise), so the writer cannot leave it out silently.
const REPORT_KEYS = [
  'type',
  'schemaVersion',
  'kind',
  'kindId',
  'family',
  'pid',
  'runtime',
  'source',
  'truncated',
  'diagnostics',
  'accesses',
  'stacks',
  'location',
  'locations',
  'threads',
  'mutexes',
  'cycle',
  'similarThreadLeaks',
  'summary',
  'summaryFunction',
] as const;
const ACCESS_KEYS = [
  'op',
  'atomic',
  'previous',
  'size',
  'address',
  'thread',
  'mutexes',
  'stackRestored',
  'frames',
  'objectType',
] as const;
const THREAD_KEYS = [
  'id',
  'name',
  'tid',
  'state',
  'createdBy',
  'stackRestored',
  'frames',
  'gcdWorker',
] as const;
type Unwritten<T, K extends readonly PropertyKey[]> = Exclude<keyof T, K[number]>;
export const WRITTEN_BY_NAME: {
  report: Unwritten<Report, typeof REPORT_KEYS> extends never ? typeof REPORT_KEYS : never;
  access: Unwritten<Access, typeof ACCESS_KEYS> extends never ? typeof ACCESS_KEYS : never;
  thread: Unwritten<ThreadInfo, typeof THREAD_KEYS> extends never ? typeof THREAD_KEYS : never;
} = { report: REPORT_KEYS, access: ACCESS_KEYS, thread: THREAD_KEYS };

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
