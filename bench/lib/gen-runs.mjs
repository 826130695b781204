import { open } from 'node:fs/promises';
import { SEPARATOR } from './fixtures.mjs';
import { createRng } from './prng.mjs';

const CHUNK_BYTES = 1 << 20;

/**
 * Which report templates each of `runs` CI runs shows, so that a store of them has a history
 * worth reading: each template has its own rate (seen in 5% to 100% of runs); the first three
 * show only in the last fifth of the runs (rising), the next three only before the last 40%
 * (gone). Templates of one group share its fate only in part (51 templates make 27 groups),
 * so fewer groups than templates end up rising or gone. Returns, per run, the indexes of the
 * templates it shows.
 */
export function runMixes(templateCount, runs, seed) {
  const rng = createRng(seed);
  const rates = Array.from({ length: templateCount }, () => 0.05 + 0.95 * rng.next());
  return Array.from({ length: runs }, (_, run) => {
    const shown = [];
    for (let t = 0; t < templateCount; t++) {
      if (t < 3 && run < runs * 0.8) continue;
      if (t >= 3 && t < 6 && run >= runs * 0.6) continue;
      if (rng.chance(rates[t])) shown.push(t);
    }
    // A run always has a report: else it would have nothing to ingest.
    return shown.length > 0 ? shown : [templateCount - 1];
  });
}

/**
 * Writes exactly `reports` whole reports picked from the templates `mix` names, 1-8 per
 * process like `gen-dense.mjs` (fresh pids, `ThreadSanitizer: reported N warnings` after
 * each process). Streams about 1 MB at a time. Returns the bytes written.
 */
export async function writeRunLog(path, { templates, mix, reports, seed }) {
  const rng = createRng(seed);
  const heads = templates.map((t) => Buffer.from(`${SEPARATOR}\n${t.headBefore}`));
  const tails = templates.map((t) => Buffer.from(t.tail));
  const file = await open(path, 'w');
  let bytes = 0;
  try {
    let parts = [];
    let pending = 0;
    let pid = 1000 + rng.int(0, 50000);
    let written = 0;
    while (written < reports) {
      pid = pid >= 4_000_000 ? 1000 : pid + rng.int(1, 400);
      const count = Math.min(rng.int(1, 8), reports - written);
      for (let i = 0; i < count; i++) {
        const which = mix[Math.floor(rng.next() * mix.length)];
        parts.push(heads[which], Buffer.from(String(pid)), tails[which]);
        pending += heads[which].length + tails[which].length + 8;
      }
      written += count;
      parts.push(Buffer.from(`ThreadSanitizer: reported ${count} warnings\n`));
      if (pending >= CHUNK_BYTES) {
        const chunk = Buffer.concat(parts);
        await file.write(chunk);
        bytes += chunk.length;
        parts = [];
        pending = 0;
      }
    }
    const chunk = Buffer.concat(parts);
    await file.write(chunk);
    bytes += chunk.length;
  } finally {
    await file.close();
  }
  return bytes;
}
