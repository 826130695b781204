import { SEPARATOR } from './fixtures.mjs';
import { createRng } from './prng.mjs';

const CHUNK_BYTES = 1 << 20;

/**
 * Reports back to back, as many processes print them: each process prints 1-8 reports (each
 * copy's `(pid=N)` set to that process's pid) and then `ThreadSanitizer: reported N warnings`.
 * Yields Buffers of about 1 MB; `stats.reports` counts the reports written.
 */
export function* denseLog({ templates, targetBytes, seed, stats }) {
  const rng = createRng(seed);
  const heads = templates.map((t) => Buffer.from(`${SEPARATOR}\n${t.headBefore}`));
  const tails = templates.map((t) => Buffer.from(t.tail));
  const longest = Math.max(...heads.map((h, i) => h.length + tails[i].length)) + 16;
  // Room for a whole process (up to 8 reports and its footer) past the flush threshold.
  let chunk = Buffer.allocUnsafe(CHUNK_BYTES + 8 * longest + 64);
  let pos = 0;
  let bytes = 0;
  let pid = 1000 + rng.int(0, 50000);
  while (bytes + pos < targetBytes) {
    // Real pids run from 1 to pid_max (4194304): short and long ones both occur.
    pid = pid >= 4_000_000 ? 1000 : pid + rng.int(1, 400);
    const count = rng.int(1, 8);
    for (let i = 0; i < count; i++) {
      const which = Math.floor(rng.next() * templates.length);
      pos += heads[which].copy(chunk, pos);
      pos += chunk.latin1Write(String(pid), pos);
      pos += tails[which].copy(chunk, pos);
      stats.reports++;
    }
    pos += chunk.latin1Write(`ThreadSanitizer: reported ${count} warnings\n`, pos);
    if (pos >= CHUNK_BYTES) {
      bytes += pos;
      yield chunk.subarray(0, pos);
      chunk = Buffer.allocUnsafe(chunk.length);
      pos = 0;
    }
  }
  if (pos > 0) yield chunk.subarray(0, pos);
}
