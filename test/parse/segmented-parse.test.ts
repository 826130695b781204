import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseInputs } from '../../src/parse/parse-inputs.js';
import { SegmentedParse, type SegmentInput } from '../../src/parse/segments/segmented-parse.js';
import { InputError } from '../../src/read/input-sources.js';
import { runCli } from '../support/run-cli.js';

const FIXTURES = join(import.meta.dirname, '../fixtures');
const SHARED_CORPUS = join(import.meta.dirname, '../../../shared/corpus');

function logsUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...logsUnder(path));
    else if (/\.(log|txt)$/.test(entry.name)) found.push(path);
  }
  return found.sort();
}

/** The text one sequential parse writes for `path` (`parse --json`). */
async function sequential(path: string): Promise<string> {
  let text = '';
  for await (const record of parseInputs([path])) {
    if (record instanceof InputError) throw record;
    text += `${JSON.stringify(record)}\n`;
  }
  return text;
}

/**
 * The same log through segments of `segmentBytes`, handed over in chunks of `chunkBytes`, or
 * read as a plain file `chunkBytes` at a time.
 */
async function segmented(
  parse: SegmentedParse,
  path: string,
  bytes: Buffer,
  chunkBytes: number,
  asFile = false,
): Promise<{ text: string; reports: number; linesRead: number }> {
  async function* chunks() {
    for (let at = 0; at < bytes.length; at += chunkBytes) yield bytes.subarray(at, at + chunkBytes);
  }
  let offset = 0;
  const file = {
    read: async (target: Uint8Array) => {
      const count = bytes.copy(target, 0, offset, Math.min(bytes.length, offset + chunkBytes));
      offset += count;
      return count;
    },
    close: async () => {},
  };
  const input: SegmentInput = asFile
    ? { kind: 'file', file }
    : { kind: 'chunks', chunks: chunks() };
  let text = '';
  let reports = 0;
  let linesRead = -1;
  for await (const records of parse.parse(path, null, input, (end) => {
    linesRead = end.linesRead;
  })) {
    text += Buffer.from(records.data).toString();
    records.release();
    reports += records.reports;
  }
  return { text, reports, linesRead };
}

/** Every log: the repo's fixtures and, when present, the shared corpus. */
const LOGS = [
  ...logsUnder(FIXTURES),
  ...(statSync(SHARED_CORPUS, { throwIfNoEntry: false })?.isDirectory()
    ? logsUnder(SHARED_CORPUS)
    : []),
];

describe('segmented parse', () => {
  it('finds logs to compare', () => {
    expect(LOGS.length).toBeGreaterThan(100);
  });

  // Tiny segments put a stitch inside nearly every report, every interleaving and every
  // runtime block: the output must still be one sequential parse's, character for character.
  for (const segmentBytes of [97, 1000, 16_384]) {
    it(`writes what one sequential parse writes, in segments of ${segmentBytes} bytes`, async () => {
      const parse = new SegmentedParse({ threads: 0, segmentBytes });
      try {
        const differing: string[] = [];
        for (const path of LOGS) {
          const bytes = readFileSync(path);
          const expected = await sequential(path);
          const got = await segmented(parse, path, bytes, 333);
          if (got.text !== expected) differing.push(path);
          const read = await segmented(parse, path, bytes, 777, true);
          if (read.text !== expected) differing.push(`${path} (read as a file)`);
        }
        expect(differing).toEqual([]);
      } finally {
        await parse.close();
      }
    });
  }
});

describe('segmented parse on worker threads', () => {
  // Every fixture log back to back: a file of many segments at 8 KB a segment.
  const joined = join(tmpdir(), `racelens-segments-${process.pid}.log`);
  const DYING = new URL('./fixtures/dying-segment-worker.mjs', import.meta.url);

  beforeAll(() => {
    writeFileSync(joined, Buffer.concat(logsUnder(FIXTURES).map((path) => readFileSync(path))));
  });
  afterAll(() => rmSync(joined, { force: true }));

  it('parse --json writes, on threads, what it writes on one thread', async () => {
    const env = { ...process.env, RACELENS_SEGMENT_BYTES: '8192', RACELENS_PARSE_THREADS: '2' };
    const threaded = await runCli(['parse', '--json', joined], { env });
    const single = await runCli(['parse', '--json', joined], {
      env: { ...env, RACELENS_PARSE_THREADS: '1' },
    });
    expect(threaded.code).toBe(0);
    expect(threaded.stderr).toBe('');
    expect(single.stdout.split('\n').length).toBeGreaterThan(150);
    expect(threaded.stdout).toBe(single.stdout);
  });

  it('keeps the order of several inputs, gzip ones and small ones among them', async () => {
    const gzipped = `${joined}.gz`;
    writeFileSync(gzipped, gzipSync(readFileSync(joined)));
    try {
      const small = join(FIXTURES, 'seed', readdirSync(join(FIXTURES, 'seed'))[0]!);
      const args = ['parse', '--json', joined, small, gzipped, small];
      const env = { ...process.env, RACELENS_SEGMENT_BYTES: '8192', RACELENS_PARSE_THREADS: '2' };
      const threaded = await runCli(args, { env });
      const single = await runCli(args, { env: { ...env, RACELENS_PARSE_THREADS: '1' } });
      expect(threaded.code, threaded.stderr.slice(-3000)).toBe(0);
      expect(threaded.stdout.length).toBeGreaterThan(2 * readFileSync(joined).length);
      expect(threaded.stdout).toBe(single.stdout);
    } finally {
      rmSync(gzipped, { force: true });
    }
  });

  for (const dieAt of [0, 5]) {
    it(`reads the input again on one thread when a worker dies (at segment ${dieAt}), losing nothing`, async () => {
      process.env.RACELENS_TEST_DIE_AT = String(dieAt);
      const parse = new SegmentedParse({ threads: 2, segmentBytes: 8192, script: DYING });
      try {
        let text = '';
        let serialized = 0;
        for await (const item of parseInputs([joined], {
          segmented: { parse, wants: (source) => (source.size ?? 0) >= 16_384 },
        })) {
          if (item instanceof InputError) throw item;
          if (item.type === 'serialized') {
            serialized += item.records;
            text += Buffer.from(item.data).toString();
            item.release();
          } else {
            text += `${JSON.stringify(item)}\n`;
          }
        }
        expect(text).toBe(await sequential(joined));
        if (dieAt > 0) expect(serialized).toBeGreaterThan(0);
      } finally {
        delete process.env.RACELENS_TEST_DIE_AT;
        await parse.close();
      }
    });
  }
});
