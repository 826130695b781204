import { isAscii } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';

const EMPTY = Buffer.alloc(0);

/**
 * UTF-8 bytes to text, chunk by chunk, as StringDecoder does (sequences split across chunks are
 * joined; invalid bytes become U+FFFD), but an ASCII chunk read between whole sequences is
 * copied as Latin-1: most logs are ASCII, and that copy costs a fraction of UTF-8 decoding.
 */
export class ChunkDecoder {
  private readonly decoder = new StringDecoder('utf8');
  /** The last bytes given to the decoder (at most 3): whether it holds an open sequence. */
  private tail: Buffer = EMPTY;

  write(chunk: Buffer): string {
    if (this.tail.length === 0 && isAscii(chunk)) return chunk.toString('latin1');
    const text = this.decoder.write(chunk);
    // A sequence can span several small chunks: judge the last bytes across them.
    const last = Buffer.concat([this.tail, chunk.subarray(Math.max(0, chunk.length - 3))]);
    this.tail = endsInsideSequence(last) ? last.subarray(Math.max(0, last.length - 3)) : EMPTY;
    return text;
  }

  /** No bytes of an unfinished character are held. */
  get clean(): boolean {
    return this.tail.length === 0;
  }

  end(): string {
    this.tail = EMPTY;
    return this.decoder.end();
  }
}

/**
 * Whether the last bytes of a chunk begin a multi-byte sequence they do not finish. Bytes
 * the decoder will call invalid count as finished: it replaces them in this chunk.
 */
function endsInsideSequence(chunk: Buffer): boolean {
  // A sequence is at most 4 bytes: its lead byte is within the last 3 bytes if it is open.
  for (let back = 1; back <= 3 && back <= chunk.length; back++) {
    const byte = chunk[chunk.length - back]!;
    if (byte < 0x80) return false; // ASCII: nothing open after it
    if (byte >= 0xc0) {
      // A lead byte: open when the sequence it starts needs more than the bytes after it.
      const needs = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return needs > back;
    }
    // A continuation byte: keep looking for its lead byte.
  }
  return false;
}
