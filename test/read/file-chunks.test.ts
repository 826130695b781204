import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, createWriteStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expandInputs, type InputSource } from '../../src/read/input-sources.js';

const work = mkdtempSync(join(tmpdir(), 'racelens-chunks-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function fileSource(name: string, content: Buffer): Promise<InputSource> {
  const path = join(work, name);
  writeFileSync(path, content);
  for await (const source of expandInputs([path])) {
    if ('open' in source) return source;
    throw source;
  }
  throw new Error(`no source for ${path}`);
}

const CHUNK = 1000;

describe('a file read in reused buffers (readTransient)', () => {
  it.each([
    ['empty', 0],
    ['shorter than a chunk', 17],
    ['an exact number of chunks', 5 * CHUNK],
    ['chunks and a remainder', 7 * CHUNK + 333],
  ])('yields every byte once, in order: %s', async (_case, size) => {
    const content = randomBytes(size);
    const source = await fileSource(`whole-${size}`, content);
    const chunks: Buffer[] = [];
    for await (const chunk of source.readTransient!(CHUNK)) {
      expect(chunk.length).toBeGreaterThan(0);
      expect(chunk.length).toBeLessThanOrEqual(CHUNK);
      chunks.push(Buffer.from(chunk));
    }
    expect(Buffer.concat(chunks).equals(content)).toBe(true);
  });

  it('keeps a chunk intact until the one after next is asked for, with reads in flight', async () => {
    const content = randomBytes(40 * CHUNK + 5);
    const source = await fileSource('validity', content);
    const iterator = source.readTransient!(CHUNK)[Symbol.asyncIterator]();
    let previous: { chunk: Buffer; copy: Buffer } | null = null;
    let offset = 0;
    for (;;) {
      const { value, done } = await iterator.next();
      // Reads ahead have been issued by now, and given time to land: the previous chunk's
      // buffer must not be one of them.
      await new Promise((resolve) => setTimeout(resolve, 2));
      if (previous !== null) expect(previous.chunk.equals(previous.copy)).toBe(true);
      if (done) break;
      expect(value.equals(content.subarray(offset, offset + value.length))).toBe(true);
      offset += value.length;
      previous = { chunk: value, copy: Buffer.from(value) };
    }
    expect(offset).toBe(content.length);
  });

  it('closes cleanly when the reader stops early, with reads still in flight', async () => {
    const source = await fileSource('early', randomBytes(20 * CHUNK));
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      let seen = 0;
      for await (const chunk of source.readTransient!(CHUNK)) {
        seen += chunk.length;
        if (seen >= 2 * CHUNK) break;
      }
      expect(seen).toBe(2 * CHUNK);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });

  it('reads a file that grows while it is read, without a gap', async () => {
    const first = randomBytes(2 * CHUNK + 500);
    const more = randomBytes(3 * CHUNK + 7);
    const source = await fileSource('growing', first);
    const chunks: Buffer[] = [];
    for await (const chunk of source.readTransient!(CHUNK)) {
      // Appended once the reads ahead are under way: whether they see it or not, nothing is lost.
      if (chunks.length === 0) appendFileSync(join(work, 'growing'), more);
      chunks.push(Buffer.from(chunk));
    }
    expect(Buffer.concat(chunks).equals(Buffer.concat([first, more]))).toBe(true);
  });

  it('reads a named pipe in order, short reads and all', async () => {
    const fifo = join(work, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const pieces = Array.from({ length: 12 }, (_, i) => randomBytes(300 + i * 150));
    const source = (await expandInputs([fifo]).next()).value as InputSource;
    void (async () => {
      const out = createWriteStream(fifo);
      for (const piece of pieces) {
        out.write(piece);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      out.end();
    })();
    const chunks: Buffer[] = [];
    for await (const chunk of source.readTransient!(CHUNK)) chunks.push(Buffer.from(chunk));
    expect(Buffer.concat(chunks).equals(Buffer.concat(pieces))).toBe(true);
  });
});
