import { closeSync, openSync, readSync } from 'node:fs';
import { isGzipStart } from '../../read/decompress.js';
import { LineSkipper } from '../../read/skip-lines/line-skipper.js';
import { INTERESTING_LINES } from '../interesting-line.js';

/** Samples read across the file, and their size: ~1 MB read, a few ms of work. */
const SAMPLES = 8;
const SAMPLE_BYTES = 128 * 1024;
/**
 * Below this share of lines that may start something, a log is "sparse": most of it is skipped
 * on raw bytes, and its parse costs little more than reading it. A CI log holds ~6% such lines,
 * a log made of reports ~85%.
 */
const SPARSE_SHARE = 0.25;

const judged = new Map<string, boolean>();

/**
 * Whether a plain file is mostly lines that start nothing (a CI log with a few reports),
 * judged from samples spread over it by the skipper. False for gzip files, files that cannot
 * be read and where WebAssembly SIMD is missing. Remembered per path.
 */
export function isSparseLog(path: string, size: number): boolean {
  let sparse = judged.get(path);
  if (sparse === undefined) {
    sparse = judge(path, size);
    judged.set(path, sparse);
  }
  return sparse;
}

function judge(path: string, size: number): boolean {
  const skipper = LineSkipper.create();
  if (skipper === null) return false;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    const sample = Buffer.allocUnsafe(SAMPLE_BYTES);
    let lines = 0;
    let found = 0;
    for (let k = 0; k < SAMPLES; k++) {
      const position = Math.floor(
        (k * Math.max(0, size - SAMPLE_BYTES)) / Math.max(1, SAMPLES - 1),
      );
      const read = readSync(fd, sample, 0, SAMPLE_BYTES, position);
      if (k === 0 && isGzipStart(sample.subarray(0, read))) return false;
      // From the first whole line on; the last, unfinished one is not judged.
      const from = position === 0 ? 0 : sample.indexOf(10) + 1;
      if (from <= 0 && position !== 0) continue;
      const bytes = sample.subarray(from, read);
      skipper.load(bytes, INTERESTING_LINES.tables);
      for (let at = 0; ; ) {
        at = skipper.skip(at);
        lines += skipper.newlines;
        if (!skipper.found) break;
        found++;
        lines++;
        at = bytes.indexOf(10, at) + 1;
      }
    }
    return lines > 0 && found / lines < SPARSE_SHARE;
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}
