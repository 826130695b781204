/**
 * Inputs at the edges, read through `parseInputs`: empty and binary files, a 100 MB line, gzip
 * (whole, truncated, corrupt, multi-member, piped), directories, TSan `log_path` prefixes,
 * stdin in one-byte chunks and missing paths.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { appendFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { constants, createGunzip, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DiagnosticRecord,
  InputError,
  type ParseRecord,
  parseInputs,
  parseText,
  type Report,
} from '../../src/index.js';
import {
  example,
  prng,
  randomInt,
  recordValidator,
  reportsOf,
  seedText,
  shape,
} from '../support/robust-helpers.js';

type Item = ParseRecord | InputError;

let tmp = '';

beforeAll(async () => {
  tmp = await mkdtemp(join(os.tmpdir(), 'racelens-robust-'));
});

afterAll(async () => {
  if (tmp !== '') await rm(tmp, { recursive: true, force: true });
});

async function collect(paths: readonly string[], stdin?: () => Readable): Promise<Item[]> {
  const items: Item[] = [];
  for await (const item of parseInputs(paths, stdin ? { stdin } : {})) items.push(item);
  return items;
}

function recordsOnly(items: readonly Item[]): ParseRecord[] {
  return items.filter((i): i is ParseRecord => !(i instanceof InputError));
}

/** Records with their file name blanked, to compare the same text read under two names. */
function anonymous(records: readonly ParseRecord[]): unknown[] {
  return records.map((r) =>
    r.type === 'report'
      ? {
          ...r,
          source: { ...r.source, file: '' },
          diagnostics: r.diagnostics.map((d) => ({ ...d, file: '' })),
        }
      : { ...r, file: '' },
  );
}

function randomBytes(seed: number, length: number): Buffer {
  const random = prng(seed);
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) bytes[i] = randomInt(random, 256);
  return bytes;
}

const validate = recordValidator();

/** Decompresses `data` fed `chunk` bytes at a time, keeping the output made before any error. */
async function gunzipUntilError(data: Buffer, chunk: number): Promise<string> {
  const gunzip = createGunzip();
  const out: Buffer[] = [];
  gunzip.on('data', (d: Buffer) => out.push(d));
  const ended = new Promise<void>((resolve) => {
    gunzip.on('error', () => resolve());
    gunzip.on('end', () => resolve());
  });
  for (let i = 0; i < data.length && !gunzip.destroyed; i += chunk) {
    gunzip.write(data.subarray(i, i + chunk));
    await new Promise((resolve) => setImmediate(resolve));
  }
  gunzip.end();
  await ended;
  return Buffer.concat(out).toString('utf8');
}

function expectValid(records: readonly ParseRecord[]): void {
  for (const record of records) expect(validate(record)).toBe(null);
}

/** The race report of race.gcc.txt, renumbered to another process. */
function raceOfPid(pid: number | null): string {
  const text = example('race.gcc.txt');
  return text.replace(' (pid=4492)', pid === null ? '' : ` (pid=${pid})`);
}

/** All clean example outputs, one log. */
function bigLog(): string {
  return [
    'race.gcc.txt',
    'race.clang19.txt',
    'deadlock.gcc.txt',
    'leak.clang19.txt',
    'mutexbugs.clang19.txt',
    'nested.gcc.txt',
    'signal.clang19.txt',
  ]
    .map((name) => example(name))
    .join('');
}

describe('empty and binary files', () => {
  it('an empty file gives no records', async () => {
    const path = join(tmp, 'empty.log');
    await writeFile(path, '');
    expect(await collect([path])).toEqual([]);
  });

  it('random bytes give valid records only (fixed seeds)', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const path = join(tmp, `random-${seed}.bin`);
      const bytes = randomBytes(seed, 256 * 1024);
      if (bytes[0] === 0x1f) bytes[0] = 0; // not the gzip magic: that case is below
      await writeFile(path, bytes);
      const items = await collect([path]);
      expect(items.filter((i) => i instanceof InputError)).toEqual([]);
      const records = recordsOnly(items);
      expectValid(records);
      expect(reportsOf(records)).toEqual([]);
    }
  });

  it('random bytes after the gzip magic: an input error, not a crash', async () => {
    for (const seed of [11, 12, 13]) {
      const path = join(tmp, `fake-${seed}.gz`);
      await writeFile(
        path,
        Buffer.concat([Buffer.from([0x1f, 0x8b]), randomBytes(seed, 64 * 1024)]),
      );
      const items = await collect([path]);
      expectValid(recordsOnly(items));
      const failures = items.filter(
        (i) => i instanceof InputError || (i.type === 'diagnostic' && i.code === 'input-error'),
      );
      expect(failures).toHaveLength(1);
      expect(items[items.length - 1]).toBe(failures[0]);
    }
  });

  it('corrupt deflate data: the reports before the damage, then an input error', async () => {
    const text = Array.from({ length: 300 }, (_, i) => raceOfPid(10_000 + i)).join('');
    const good = gzipSync(Buffer.from(text));
    const corrupt = Buffer.from(good);
    randomBytes(21, 200).copy(corrupt, Math.floor(good.length * 0.75));
    // What zlib itself can decompress before the damage, fed a few bytes at a time.
    const readable = await gunzipUntilError(corrupt, 64);
    const recoverable = reportsOf(parseText(readable)).filter((r) => !r.truncated).length;
    expect(recoverable).toBeGreaterThan(100);

    const path = join(tmp, 'corrupt.gz');
    await writeFile(path, corrupt);
    const items = await collect([path]);
    expectValid(recordsOnly(items));
    const last = items[items.length - 1];
    expect(
      last instanceof InputError || (last?.type === 'diagnostic' && last.code === 'input-error'),
    ).toBe(true);
    // Some loss at the damage is unavoidable; losing everything before it is not.
    const read = reportsOf(recordsOnly(items)).filter((r) => !r.truncated).length;
    expect(read).toBeGreaterThanOrEqual(recoverable / 2);
  });
});

describe('a 100 MB line', () => {
  const MB = 1 << 20;
  // Multi-byte characters, so that chunk boundaries split UTF-8 sequences.
  const UNIT = 'héllo wörld 🧵 0123456789 ';

  async function writeLongLine(path: string): Promise<void> {
    const chunk = Buffer.from(UNIT.repeat(Math.ceil(MB / Buffer.byteLength(UNIT))));
    const out = createWriteStream(path);
    let written = 0;
    while (written < 100 * MB) {
      if (!out.write(chunk)) await once(out, 'drain');
      written += chunk.length;
    }
    out.end();
    await once(out, 'finish');
  }

  it('with no newline: a line-too-long diagnostic; then a report on the next line is found', async () => {
    const path = join(tmp, 'long-line.log');
    await writeLongLine(path);

    const alone = await collect([path]);
    expect(alone).toHaveLength(1);
    const [overlong] = alone as DiagnosticRecord[];
    expect(overlong?.type).toBe('diagnostic');
    expect(overlong?.code).toBe('line-too-long');
    expect(overlong?.line).toBe(1);
    expect(overlong?.file).toBe(path);

    const report = example('race.clang19.txt');
    await appendFile(path, `\n${report}`);
    const items = await collect([path]);
    const records = recordsOnly(items);
    expect(records.filter((r) => r.type === 'diagnostic')).toEqual([overlong]);
    const reports = reportsOf(records);
    expect(reports).toHaveLength(1);
    const [expected] = reportsOf(parseText(report));
    expect(shape(reports[0] as Report)).toEqual(shape(expected as Report));
    expect(reports[0]?.source.line).toBe(3);
    await rm(path);
  }, 120_000);
});

describe('gzip', () => {
  it('a gzip file gives the same records as the plain file', async () => {
    const text = `${bigLog()}${seedText()}`;
    const plain = join(tmp, 'log.txt');
    const gz = join(tmp, 'log.txt.gz');
    await writeFile(plain, text);
    await writeFile(gz, gzipSync(Buffer.from(text)));
    const fromPlain = await collect([plain]);
    const fromGz = await collect([gz]);
    expect(reportsOf(recordsOnly(fromPlain)).length).toBeGreaterThan(5);
    expect(anonymous(recordsOnly(fromGz))).toEqual(anonymous(recordsOnly(fromPlain)));
    expect(fromGz.every((i) => !(i instanceof InputError))).toBe(true);
  });

  it('a gzip file of many read chunks (stored, not compressed) gives the records of the plain file', async () => {
    // Files are read into one reused buffer; gunzip must get copies, or later reads overwrite
    // bytes it has not inflated yet.
    const text = Array.from({ length: 1200 }, (_, i) => raceOfPid(20_000 + i)).join('');
    const plain = join(tmp, 'many-chunks.txt');
    const gz = join(tmp, 'many-chunks.txt.gz');
    await writeFile(plain, text);
    const stored = gzipSync(Buffer.from(text), { level: 0 });
    expect(stored.length).toBeGreaterThan(4 * 128 * 1024);
    await writeFile(gz, stored);
    const fromPlain = recordsOnly(await collect([plain]));
    const fromGz = recordsOnly(await collect([gz]));
    expect(reportsOf(fromPlain).filter((r) => !r.truncated)).toHaveLength(1200);
    expect(anonymous(fromGz)).toEqual(anonymous(fromPlain));
  });

  it('concatenated gzip members (cat a.gz b.gz) are all read', async () => {
    const a = raceOfPid(1001);
    const b = raceOfPid(1002);
    const path = join(tmp, 'members.gz');
    await writeFile(path, Buffer.concat([gzipSync(Buffer.from(a)), gzipSync(Buffer.from(b))]));
    const reports = reportsOf(recordsOnly(await collect([path])));
    expect(reports.map((r) => r.pid)).toEqual([1001, 1002]);
  });

  it('a truncated gzip file gives the records it could read, then an input-error diagnostic', async () => {
    const text = bigLog();
    const gz = gzipSync(Buffer.from(text));
    for (const fraction of [0.1, 0.35, 0.5, 0.75, 0.95, 0.999]) {
      const cut = gz.subarray(0, Math.floor(gz.length * fraction));
      const path = join(tmp, `cut-${fraction}.gz`);
      await writeFile(path, cut);
      // What zlib can decompress from the cut bytes is what the parser should have read.
      const readable = gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
      const expected = parseText(readable, { file: path });
      const items = await collect([path]);
      const where = `cut at ${fraction}`;
      expect(items.slice(0, -1), where).toEqual(expected);
      const last = items[items.length - 1] as DiagnosticRecord;
      expect(last.type, where).toBe('diagnostic');
      expect(last.code, where).toBe('input-error');
      expect(last.file, where).toBe(path);
      expect(last.line, where).toBe(
        readable.split('\n').length - (readable.endsWith('\n') ? 1 : 0),
      );
    }
  });

  it('a gzip file cut inside its header: an input error, no crash', async () => {
    const gz = gzipSync(Buffer.from(bigLog()));
    for (const length of [2, 3, 5, 9]) {
      const path = join(tmp, `header-${length}.gz`);
      await writeFile(path, gz.subarray(0, length));
      const items = await collect([path]);
      expect(items).toHaveLength(1);
      const [item] = items;
      expect(
        item instanceof InputError || (item?.type === 'diagnostic' && item.code === 'input-error'),
        `cut at ${length} bytes`,
      ).toBe(true);
    }
  });
});

describe('directories and log_path prefixes', () => {
  it('a directory is read recursively, each level in name order', async () => {
    const dir = join(tmp, 'tree');
    await mkdir(join(dir, 'a', 'b'), { recursive: true });
    await mkdir(join(dir, 'empty'));
    await writeFile(join(dir, 'b.log'), raceOfPid(2));
    await writeFile(join(dir, 'a', 'z.log'), raceOfPid(3));
    await writeFile(join(dir, 'a', 'b', 'c.log'), raceOfPid(4));
    await writeFile(join(dir, 'C.log'), raceOfPid(5));
    await writeFile(join(dir, 'c.log.gz'), gzipSync(Buffer.from(raceOfPid(6))));
    await symlink(join(dir, 'b.log'), join(dir, 'link.log'));
    await symlink(dir, join(dir, 'loop'));
    const reports = reportsOf(recordsOnly(await collect([dir])));
    expect(reports.map((r) => [r.source.file, r.pid])).toEqual([
      [join(dir, 'C.log'), 5],
      [join(dir, 'a', 'b', 'c.log'), 4],
      [join(dir, 'a', 'z.log'), 3],
      [join(dir, 'b.log'), 2],
      [join(dir, 'c.log.gz'), 6],
      [join(dir, 'link.log'), 2],
    ]);
  });

  it('a TSan log_path prefix expands to the per-process files, in pid order', async () => {
    const dir = join(tmp, 'logs');
    await mkdir(dir);
    await writeFile(join(dir, 'tsan.456'), raceOfPid(456));
    await writeFile(join(dir, 'tsan.123'), raceOfPid(123));
    await writeFile(join(dir, 'tsan.race.789'), raceOfPid(789)); // log_exe_name=1
    await writeFile(join(dir, 'tsan.790.txt'), raceOfPid(790)); // log_suffix=.txt
    await writeFile(join(dir, 'tsan.txt'), raceOfPid(1)); // not a per-process file
    await writeFile(join(dir, 'tsanother.7'), raceOfPid(7)); // another prefix
    const items = await collect([join(dir, 'tsan')]);
    expect(items.filter((i) => i instanceof InputError)).toEqual([]);
    const reports = reportsOf(recordsOnly(items));
    expect(reports.map((r) => [r.source.file, r.pid])).toEqual([
      [join(dir, 'tsan.123'), 123],
      [join(dir, 'tsan.456'), 456],
      [join(dir, 'tsan.race.789'), 789],
      [join(dir, 'tsan.790.txt'), 790],
    ]);
    for (const report of reports) expect(report.truncated).toBe(false);
  });

  it('a per-process file whose headline has no pid gives the pid of its name', async () => {
    const dir = join(tmp, 'old-runtime');
    await mkdir(dir);
    await writeFile(join(dir, 'tsan.321'), raceOfPid(null));
    const reports = reportsOf(recordsOnly(await collect([join(dir, 'tsan')])));
    expect(reports.map((r) => r.pid)).toEqual([321]);
  });
});

describe('stdin', () => {
  // Multi-byte UTF-8 in a thread name and a function name, and CRLF line ends.
  const TEXT = example('heap_mutex.clang19.txt')
    .replace("'worker-one'", "'wörker-日本-🧵'")
    .replace('#0 Thread2 ', '#0 Thréad2🧵 ')
    .replace(/\n/g, '\r\n');

  function chunksOf(data: Buffer, size: number): Buffer[] {
    const chunks: Buffer[] = [];
    for (let i = 0; i < data.length; i += size) chunks.push(data.subarray(i, i + size));
    return chunks;
  }

  it('the text reads back with its multi-byte names', () => {
    const [report] = reportsOf(parseText(TEXT));
    expect(report?.threads.map((t) => t.name)).toContain('wörker-日本-🧵');
    expect(report?.accesses.flatMap((a) => a.frames.map((f) => f.function))).toContain('Thréad2🧵');
  });

  it('in one-byte chunks gives the same records as the whole text', async () => {
    const expected = parseText(TEXT, { file: '<stdin>' });
    const data = Buffer.from(TEXT);
    const items = await collect(['-'], () => Readable.from(chunksOf(data, 1)));
    expect(items).toEqual(expected);
  });

  it('split in two at every byte (inside every UTF-8 sequence and CRLF pair)', async () => {
    const expected = parseText(TEXT, { file: '<stdin>' });
    const data = Buffer.from(TEXT);
    for (let at = 1; at < data.length; at++) {
      const items = await collect(['-'], () =>
        Readable.from([data.subarray(0, at), data.subarray(at)]),
      );
      expect(items, `split at byte ${at}`).toEqual(expected);
    }
  });

  it('gzip piped to stdin is read whatever the chunking', async () => {
    const expected = parseText(TEXT, { file: '<stdin>' });
    const gz = gzipSync(Buffer.from(TEXT));
    for (const size of [gz.length, 4096, 7, 2, 1]) {
      const items = await collect(['-'], () => Readable.from(chunksOf(gz, size)));
      expect(items, `chunks of ${size} bytes`).toEqual(expected);
    }
  });
});

describe('missing inputs', () => {
  it('a missing path yields an InputError (not-found) and the other inputs are still read', async () => {
    const missing = join(tmp, 'no-such-dir', 'no-such.log');
    const present = join(tmp, 'present.log');
    await writeFile(present, raceOfPid(77));
    const items = await collect([missing, present]);
    const [error, ...rest] = items;
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).code).toBe('not-found');
    expect((error as InputError).path).toBe(missing);
    expect(reportsOf(recordsOnly(rest)).map((r) => r.pid)).toEqual([77]);
  });
});
