import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Frame, ParseRecord } from '../../src/index.js';
import { LineClassifier } from '../../src/parse/classify-line.js';
import { LogParser } from '../../src/parse/log-parser.js';
import { RecordJsonWriter } from '../../src/parse/record-json.js';
import { LineSplitter } from '../../src/read/line-splitter.js';
import { FIXTURES } from '../support/fixtures.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** What the writer gives for these records, in batches as small as `full` allows. */
function written(records: readonly ParseRecord[], writer = new RecordJsonWriter()): string {
  const parts: string[] = [];
  for (const record of records) {
    writer.write(record);
    if (writer.full) parts.push(writer.take());
  }
  parts.push(writer.take());
  return parts.join('');
}

const expected = (records: readonly ParseRecord[]) =>
  records.map((r) => `${JSON.stringify(r)}\n`).join('');

/** Each record through writeInto, checked against its UTF-8 bytes, whole and one byte short. */
function checkBytes(records: readonly ParseRecord[], writer: RecordJsonWriter, name: string): void {
  for (const record of records) {
    const want = Buffer.from(`${JSON.stringify(record)}\n`);
    const target = Buffer.alloc(want.length + 7, 0xee);
    expect(writer.writeInto(record, target, 3), name).toBe(3 + want.length);
    expect(target.subarray(0, 3).toString('hex'), name).toBe('eeeeee');
    expect(target.subarray(3, 3 + want.length).equals(want), name).toBe(true);
    // Too short by one byte, or ending anywhere in the record (inside a frame, between pieces).
    for (let cut = 1; cut <= 9; cut++) {
      const room = cut === 9 ? want.length - 1 : Math.floor((want.length * cut) / 9);
      expect(writer.writeInto(record, Buffer.alloc(room), 0), name).toBe(-1);
    }
  }
}

describe('RecordJsonWriter', () => {
  it('writes every record of every fixture as JSON.stringify does, frames shared or not', () => {
    // One classifier and one writer for all files, as `parse --json` over many inputs: frame
    // tokens (and their cached bytes) are shared across files.
    const classifier = new LineClassifier();
    const writer = new RecordJsonWriter();
    let count = 0;
    for (const file of filesUnder(FIXTURES)) {
      const records: ParseRecord[] = [];
      const parser = new LogParser(file, (r) => records.push(r), null, classifier);
      const splitter = new LineSplitter(parser);
      splitter.write(readFileSync(file));
      splitter.end();
      parser.finish();
      count += records.length;
      expect(written(records, writer), file).toBe(expected(records));
      checkBytes(records, writer, file);
    }
    expect(count).toBeGreaterThan(150);
  });

  it('writes the members a report has only sometimes where the builders put them', () => {
    // An external race (an access with an object type) on a GCD worker thread, as Apple's
    // runtime prints it; the type holds quotes, which JSON escapes.
    const log = [
      '==================',
      'WARNING: ThreadSanitizer: Swift access race (pid=4242)',
      '  Modifying access of Swift variable "x" at 0x7b0800000010 by thread T2:',
      '    #0 closure #1 in main.swift:12 (app:arm64+0x100003e10)',
      '',
      '  Previous read-only access of Swift variable "x" at 0x7b0800000010 by main thread:',
      '    #0 main main.swift:9 (app:arm64+0x100003d20)',
      '',
      '  Thread T2 (tid=77, running) is a GCD worker thread',
      '',
      'SUMMARY: ThreadSanitizer: Swift access race main.swift:12 in closure #1 in main',
      '==================',
      '',
    ].join('\n');
    const records: ParseRecord[] = [];
    const parser = new LogParser('apple.log', (r) => records.push(r), null, new LineClassifier());
    const splitter = new LineSplitter(parser);
    splitter.write(Buffer.from(log));
    splitter.end();
    parser.finish();
    const report = records.find((r) => r.type === 'report');
    expect(report?.accesses.map((a) => a.objectType)).toEqual([
      'Swift variable "x"',
      'Swift variable "x"',
    ]);
    expect(report?.threads.map((t) => t.gcdWorker)).toEqual([true]);
    expect(written(records)).toBe(expected(records));
    checkBytes(records, new RecordJsonWriter(), 'apple.log');
  });

  it('follows JSON.stringify on escapes, non-ASCII, lone surrogates and left-out members', () => {
    const frame: Frame = {
      index: 0,
      function: 'f<"x">\\\u0001 ünï \ud800 漢字 \u2028',
      file: null,
      line: 3,
      column: null,
      module: 'm',
      offset: '0x1',
      buildId: null,
      address: null,
      damaged: true,
    };
    const record = {
      type: 'diagnostic',
      schemaVersion: 1,
      code: 'fragment',
      message: 'tab\there "quoted" \u007f',
      file: 'x.log',
      line: Number.NaN,
      endLine: undefined,
      // Not frames, but JSON.stringify writes them: a short non-ASCII piece between frames.
      frames: [frame, 'ü', frame, { ...frame, damaged: undefined }],
      summary: '\ud83d\ude00',
    } as unknown as ParseRecord;
    expect(written([record, record])).toBe(expected([record, record]));
    checkBytes([record, record], new RecordJsonWriter(), 'escapes');
  });

  it('writeInto refuses to mix with text not taken', () => {
    const record = {
      type: 'diagnostic',
      schemaVersion: 1,
      code: 'x',
      message: 'm',
      file: 'f',
      line: 1,
    };
    const writer = new RecordJsonWriter();
    writer.write(record as ParseRecord);
    expect(() => writer.writeInto(record as ParseRecord, Buffer.alloc(100), 0)).toThrow(
      /not taken/,
    );
  });

  it('hands on batches and starts afresh after each', () => {
    const record = {
      type: 'diagnostic',
      schemaVersion: 1,
      code: 'fragment',
      message: 'x'.repeat(300_000),
      file: 'x.log',
      line: 1,
    } as ParseRecord;
    const writer = new RecordJsonWriter();
    for (let i = 0; i < 4; i++) writer.write(record);
    expect(writer.full).toBe(true);
    const first = writer.take();
    expect(first).toBe(expected([record, record, record, record]));
    expect(writer.full).toBe(false);
    expect(writer.take().length).toBe(0);
  });

  it("a batch taken is the caller's: writing on does not change its bytes", () => {
    const record = (message: string) =>
      ({
        type: 'diagnostic',
        schemaVersion: 1,
        code: 'fragment',
        message,
        file: 'x.log',
        line: 1,
      }) as ParseRecord;
    const writer = new RecordJsonWriter();
    writer.write(record('a'.repeat(1000)));
    const first = writer.take();
    writer.write(record('b'.repeat(1000)));
    const second = writer.take();
    expect(first).toBe(expected([record('a'.repeat(1000))]));
    expect(second).toBe(expected([record('b'.repeat(1000))]));
  });
});
