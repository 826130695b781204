import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseInputs } from '../../src/parse/parse-inputs.js';
import { SegmentedParse } from '../../src/parse/segments/segmented-parse.js';
import { InputError } from '../../src/read/input-sources.js';

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

/** The same log through segments of `segmentBytes`, handed over in chunks of `chunkBytes`. */
async function segmented(
  parse: SegmentedParse,
  path: string,
  bytes: Buffer,
  chunkBytes: number,
): Promise<{ text: string; reports: number; linesRead: number }> {
  async function* chunks() {
    for (let at = 0; at < bytes.length; at += chunkBytes) yield bytes.subarray(at, at + chunkBytes);
  }
  let text = '';
  let reports = 0;
  let linesRead = -1;
  for await (const records of parse.parse(path, null, chunks(), (end) => {
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
        }
        expect(differing).toEqual([]);
      } finally {
        await parse.close();
      }
    });
  }
});
