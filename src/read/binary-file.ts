import { open } from 'node:fs/promises';

/** What ripgrep reads to decide: a NUL byte in the first block means a binary file. */
const FIRST_BLOCK_BYTES = 8192;

/**
 * True when the file's first block holds a NUL byte and it is not gzip (gzip logs are read
 * through decompression, so they are text to us). Unreadable files are not called binary: the
 * reading pass reports them with the reason.
 */
export async function isBinaryFile(path: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    const block = Buffer.alloc(FIRST_BLOCK_BYTES);
    const { bytesRead } = await handle.read(block, 0, FIRST_BLOCK_BYTES, 0);
    return isBinaryBlock(block.subarray(0, bytesRead));
  } catch {
    return false;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

export function isBinaryBlock(block: Buffer): boolean {
  if (block.length >= 2 && block[0] === 0x1f && block[1] === 0x8b) return false;
  return block.includes(0);
}
