import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** Compressed input is fed to gunzip in pieces this big, so damage loses at most one piece. */
const GUNZIP_PIECE = 16 * 1024;

/** Whether bytes start with gzip's magic number. */
export function isGzipStart(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * Yields the bytes of a stream, gunzipped when it starts with the gzip magic number, so that
 * `.gz` files (and gzip piped to stdin) are read transparently whatever their name. When the
 * compressed data is damaged, everything decompressed before the damage is still yielded.
 */
export async function* decompressIfGzip(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const iterator = source[Symbol.asyncIterator]();
  // The magic number is two bytes; a stream may deliver them one at a time.
  let head: Buffer = Buffer.alloc(0);
  while (head.length < 2) {
    const next = await iterator.next();
    if (next.done) break;
    head = head.length === 0 ? (next.value as Buffer) : Buffer.concat([head, next.value as Buffer]);
  }
  if (head.length === 0) return;
  const rest = (async function* () {
    yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value as Buffer;
    }
  })();
  if (!isGzipStart(head)) {
    yield* rest;
    return;
  }
  const pieces = (async function* () {
    for await (const chunk of rest) {
      for (let at = 0; at < chunk.length; at += GUNZIP_PIECE) {
        // Copied: gunzip works on its input after we ask for the next chunk, which may reuse
        // the source's buffer (InputSource.readTransient).
        yield Buffer.from(chunk.subarray(at, at + GUNZIP_PIECE));
      }
    }
  })();
  const gunzip = createGunzip({ chunkSize: 64 * 1024 });
  const input = Readable.from(pieces, { highWaterMark: 1 });
  // pipe() does not forward errors; a failing source must fail the gunzip stream we read.
  input.on('error', (error) => gunzip.destroy(error));
  yield* input.pipe(gunzip);
}
