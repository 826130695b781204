import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChunkDecoder } from '../../src/read/chunk-decoder.js';

function decodeInChunks(bytes: Buffer, cuts: readonly number[]): string {
  const decoder = new ChunkDecoder();
  let text = '';
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    text += decoder.write(bytes.subarray(at, cut));
    at = cut;
  }
  return text + decoder.write(bytes.subarray(at)) + decoder.end();
}

describe('ChunkDecoder', () => {
  it('joins sequences split across ASCII and non-ASCII chunks', () => {
    const bytes = Buffer.from('ab€c 𝄞 ThreadSanitizer é\n', 'utf8');
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(decodeInChunks(bytes, [cut])).toBe(bytes.toString('utf8'));
    }
    // One byte at a time: every chunk after a lead byte is ASCII-looking continuation or not.
    expect(
      decodeInChunks(
        bytes,
        Array.from({ length: bytes.length }, (_, i) => i),
      ),
    ).toBe(bytes.toString('utf8'));
  });

  it('decodes as Buffer#toString does, invalid bytes included, wherever the chunks end', () => {
    const byte = fc.oneof(
      fc.integer({ min: 0x20, max: 0x7e }),
      fc.integer({ min: 0x80, max: 0xff }),
      fc.constant(0x0a),
    );
    fc.assert(
      fc.property(
        fc.array(byte, { maxLength: 40 }),
        fc.array(fc.nat(40), { maxLength: 6 }),
        (values, cuts) => {
          const bytes = Buffer.from(values);
          const inRange = cuts.map((c) => Math.min(c, bytes.length));
          expect(decodeInChunks(bytes, inRange)).toBe(bytes.toString('utf8'));
        },
      ),
      { seed: 20261204, numRuns: 5000 },
    );
  });
});
