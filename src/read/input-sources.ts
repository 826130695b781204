import { createReadStream, type Dirent } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { isBinaryFile } from './binary-file.js';
import { isGzipStart } from './decompress.js';
import type { IgnoreRules } from './ignore-rules.js';
import type { WalkOptions } from './walk-options.js';

/** Something to read: a file, or stdin (`-`). */
export interface InputSource {
  /** As the user named it (or as found under a named directory). */
  readonly name: string;
  /** The pid a TSan `log_path` file name carries (`tsan.12345`), when it has one. */
  readonly pidFromName: number | null;
  /** The size of a regular file named on the command line, when known before reading. */
  readonly size?: number;
  open(): Readable;
  /**
   * The bytes again, for a reader that is done with each chunk before it asks for the next:
   * a file is read into two buffers in turn, which keeps memory flat however large it is.
   * Sources without it are read with `open()`.
   */
  readTransient?(chunkBytes?: number): AsyncIterable<Buffer>;
  /**
   * The file opened for reads into the caller's own buffers (no copy of ours in between), for
   * a regular file; null when it is gzip, which must be read through gunzip.
   */
  openPlain?(): Promise<PlainFile | null>;
}

/** A plain file read in order into buffers the reader gives. */
export interface PlainFile {
  /** Bytes read into `target` (from its start); 0 at the end of the file. */
  read(target: Uint8Array): Promise<number>;
  close(): Promise<void>;
}

export type InputErrorCode = 'not-found' | 'unreadable' | 'not-a-file';

/** An input the user named that cannot be read. The CLI prints it and exits non-zero. */
export class InputError extends Error {
  constructor(
    readonly code: InputErrorCode,
    readonly path: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'InputError';
  }
}

const CHUNK_BYTES = 1 << 20;

/**
 * Expands what the user named into sources, in a stable order: files as given, directories
 * walked recursively in name order as ripgrep walks them (ignore files honoured, `.git` and
 * `node_modules` skipped, binary files skipped and told to `walk.onSkipped`), and a TSan `log_path` prefix (`logs/tsan`, which does not
 * exist itself) expanded to the per-process files the runtime wrote (`logs/tsan.<pid>`,
 * `logs/tsan.<exe>.<pid>`, `logs/tsan.<pid>.<suffix>`). Problems are yielded, not thrown, so
 * that one bad input does not stop the others.
 */
export async function* expandInputs(
  paths: readonly string[],
  stdin: () => Readable = () => process.stdin,
  walk: WalkOptions = {},
): AsyncGenerator<InputSource | InputError> {
  for (const path of paths) {
    if (path === '-') {
      yield { name: '<stdin>', pidFromName: null, open: stdin };
      continue;
    }
    yield* expandPath(path, walk);
  }
}

async function* expandPath(
  path: string,
  walk: WalkOptions,
): AsyncGenerator<InputSource | InputError> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      const perProcess = await logPathFiles(path);
      if (perProcess.length > 0) {
        for (const file of perProcess) yield fileSource(file);
        return;
      }
      yield new InputError(
        'not-found',
        path,
        `${path}: no such file or directory (check the path; for a TSan log_path prefix, racelens reads the ${basename(path)}.<pid> files beside it)`,
        {
          cause: error,
        },
      );
      return;
    }
    yield new InputError('unreadable', path, `${path}: cannot read (${errorCode(error)})`, {
      cause: error,
    });
    return;
  }
  if (info.isDirectory()) {
    // Loaded here: its glob and ignore-file libraries cost a file-only run ~15 ms at start.
    const { IgnoreRules } = await import('./ignore-rules.js');
    yield* walkDirectory(path, IgnoreRules.forRoot(path, walk), walk);
  } else if (info.isFile()) {
    yield fileSource(path, Number(info.size));
  } else if (info.isFIFO() || info.isCharacterDevice()) {
    yield fileSource(path);
  } else {
    yield new InputError('not-a-file', path, `${path}: not a file or directory`);
  }
}

async function* walkDirectory(
  dir: string,
  rules: IgnoreRules,
  walk: WalkOptions,
): AsyncGenerator<InputSource | InputError> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    yield new InputError('unreadable', dir, `${dir}: cannot list directory (${errorCode(error)})`, {
      cause: error,
    });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (rules.walksInto(path, entry.name)) yield* walkDirectory(path, rules.child(path), walk);
      continue;
    }
    // Symbolic links to directories are not followed (no cycles); links to files are read.
    const isFile =
      entry.isFile() ||
      (entry.isSymbolicLink() && (await stat(path).catch(() => null))?.isFile() === true);
    if (!isFile || !rules.reads(path)) continue;
    if (await isBinaryFile(path)) walk.onSkipped?.({ path, reason: 'binary' });
    else yield fileSource(path);
  }
}

const LOG_PATH_SUFFIX = /^\.(?:[^/]*\.)?(\d{1,10})(?:\.[^/]*)?$/;

async function logPathFiles(prefix: string): Promise<string[]> {
  const dir = dirname(prefix);
  const base = basename(prefix);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.startsWith(base) && LOG_PATH_SUFFIX.test(name.slice(base.length)))
    .map((name) => ({ name, pid: pidInName(name.slice(base.length)) ?? 0 }))
    .sort((a, b) => a.pid - b.pid || (a.name < b.name ? -1 : 1))
    .map(({ name }) => join(dir, name));
}

function pidInName(suffix: string): number | null {
  const match = LOG_PATH_SUFFIX.exec(suffix);
  return match ? Number(match[1]) : null;
}

function fileSource(path: string, size?: number): InputSource {
  const name = basename(path);
  const dot = name.indexOf('.');
  const pidFromName = dot > 0 ? pidInName(name.slice(dot)) : null;
  return {
    name: path,
    pidFromName,
    ...(size === undefined ? {} : { size }),
    open: () => createReadStream(path, { highWaterMark: CHUNK_BYTES }),
    readTransient: (chunkBytes = TRANSIENT_CHUNK_BYTES) => readReusing(path, chunkBytes),
    openPlain: () => openPlain(path),
  };
}

/**
 * Few reads for a large file; the splitter decodes each chunk in windows of at most 64 KB,
 * so its text stays in ordinary young strings, freed by the next scavenge.
 */
const TRANSIENT_CHUNK_BYTES = 1024 * 1024;

/**
 * The file's bytes in chunks cut from a ring of buffers. A regular file has the next two
 * chunks read while the reader works on this one (one read ahead left the reader waiting: on
 * two cores a read's thread is not always scheduled in time); a pipe or a device is read one
 * read at a time, in order. Each chunk is valid until the one after next is asked for.
 */
async function* readReusing(path: string, chunkBytes: number): AsyncGenerator<Buffer> {
  const handle = await open(path, 'r');
  try {
    // Reads at set places may run side by side; a pipe has no places.
    const positioned = (await handle.stat()).isFile();
    const ahead = positioned ? READS_AHEAD : 1;
    const ring = Array.from({ length: READS_AHEAD + 2 }, () => Buffer.allocUnsafeSlow(chunkBytes));
    let next = 0;
    let readFrom = 0;
    const reads: { at: number; read: Promise<{ bytesRead: number; buffer: Buffer }> }[] = [];
    const issue = () => {
      const read = handle.read(
        ring[next++ % ring.length]!,
        0,
        chunkBytes,
        positioned ? readFrom : null,
      );
      // Awaited in turn; one still in flight when the reader stops must not go unhandled.
      read.catch(() => {});
      reads.push({ at: readFrom, read });
      readFrom += chunkBytes;
    };
    while (reads.length < ahead) issue();
    for (;;) {
      const { at, read } = reads.shift()!;
      const { bytesRead, buffer } = await read;
      if (bytesRead === 0) return;
      if (positioned && bytesRead < chunkBytes) {
        // The end for now. Reads issued past it would leave a gap if the file grows (a log
        // still being written): drop them, give their buffers back, and read on from here.
        const dropped = reads.splice(0);
        for (const { read: later } of dropped) await later.catch(() => undefined);
        next -= dropped.length;
        readFrom = at + bytesRead;
      }
      while (reads.length < ahead) issue();
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** Reads in flight on a regular file while a chunk is worked on. */
const READS_AHEAD = 2;

async function openPlain(path: string): Promise<PlainFile | null> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    if (isGzipStart(head.subarray(0, bytesRead))) {
      await handle.close();
      return null;
    }
  } catch (error) {
    await handle.close();
    throw error;
  }
  return {
    read: async (target) => (await handle.read(target, 0, target.length, null)).bytesRead,
    close: () => handle.close(),
  };
}

export function errorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    return String((error as { code: unknown }).code);
  }
  return 'unknown error';
}
