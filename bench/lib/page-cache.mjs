import { createReadStream } from 'node:fs';

/** Reads a file once and drops the bytes, so that timed runs read it from the page cache. */
export async function warmPageCache(path) {
  for await (const _chunk of createReadStream(path, { highWaterMark: 4 << 20 })) {
    // Reading is the point.
  }
}
