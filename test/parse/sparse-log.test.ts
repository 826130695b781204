import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parsesOnThreads, threadsPay } from '../../src/parse/segments/segment-thread.js';
import { isSparseLog } from '../../src/parse/segments/sparse-log.js';
import { LineSkipper } from '../../src/read/skip-lines/line-skipper.js';
import { SEED } from '../support/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'racelens-sparse-'));
const report = readFileSync(SEED);
const noise = Buffer.from(
  Array.from(
    { length: 2000 },
    (_, i) => `2026-11-29T07:00:00.1Z [${i}/2000] Building CXX object src/x${i}.o\n`,
  ).join(''),
);
// A CI log: build output with a report now and then; a dense log: reports back to back.
const sparse = join(dir, 'ci.log');
const dense = join(dir, 'reports.log');
const gzipped = join(dir, 'reports.log.gz');

beforeAll(() => {
  writeFileSync(sparse, Buffer.concat(Array.from({ length: 40 }, () => [noise, report]).flat()));
  writeFileSync(dense, Buffer.concat(Array.from({ length: 200 }, () => report)));
  writeFileSync(gzipped, gzipSync(readFileSync(dense)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const size = (path: string) => readFileSync(path).length;

describe.skipIf(LineSkipper.create() === null)('sparse logs', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('tells a CI log with a few reports from a log of reports, by samples across the file', () => {
    expect(isSparseLog(sparse, size(sparse))).toBe(true);
    expect(isSparseLog(dense, size(dense))).toBe(false);
    expect(isSparseLog(gzipped, size(gzipped))).toBe(false);
    expect(isSparseLog(join(dir, 'missing.log'), 1 << 30)).toBe(false);
  });

  it('parses a sparse log on one thread when two threads are the default, on threads when asked', () => {
    process.env.RACELENS_SEGMENT_BYTES = '4096';
    const isSparse = (path: string) => () => isSparseLog(path, size(path));
    expect(threadsPay(size(sparse), 2, false, isSparse(sparse))).toBe(false);
    expect(threadsPay(size(dense), 2, false, isSparse(dense))).toBe(true);
    expect(threadsPay(size(sparse), 2, true, isSparse(sparse))).toBe(true);
    expect(threadsPay(size(sparse), 4, false, isSparse(sparse))).toBe(true);
    expect(threadsPay(8191, 2, true, isSparse(dense))).toBe(false);
    expect(threadsPay(size(dense), 1, true, isSparse(dense))).toBe(false);
    process.env.RACELENS_PARSE_THREADS = '2';
    expect(parsesOnThreads(sparse, size(sparse))).toBe(true);
    process.env.RACELENS_PARSE_THREADS = '1';
    expect(parsesOnThreads(dense, size(dense))).toBe(false);
  });
});
