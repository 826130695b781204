import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/**
 * Yields the bytes of a stream, gunzipped when it starts with the gzip magic number, so that
 * `.gz` files (and gzip piped to stdin) are read transparently whatever their name.
 */
export async function* decompressIfGzip(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const iterator = source[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done) return;
  const head: Buffer = first.value;
  const rest = (async function* () {
    yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value as Buffer;
    }
  })();
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    const gunzip = createGunzip({ chunkSize: 1 << 20 });
    const input = Readable.from(rest);
    // pipe() does not forward errors; a failing source must fail the gunzip stream we read.
    input.on('error', (error) => gunzip.destroy(error));
    yield* input.pipe(gunzip);
  } else {
    yield* rest;
  }
}
