import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ciLog } from './gen-ci.mjs';
import { denseLog } from './gen-dense.mjs';

const GENERATORS = { dense: denseLog, ci: ciLog };
/** Files whose text decides what a log contains: a change to any of them makes new logs. */
const GENERATOR_SOURCES = [
  'gen-dense.mjs',
  'gen-ci.mjs',
  'ci-noise.mjs',
  'gha-clock.mjs',
  'prng.mjs',
  'fixtures.mjs',
  'logs.mjs',
];
const SEED = 0x7a5a11;

let generatorHash;
async function sourcesHash() {
  if (!generatorHash) {
    const hash = createHash('sha256');
    for (const name of GENERATOR_SOURCES) {
      hash.update(await readFile(fileURLToPath(new URL(name, import.meta.url))));
    }
    generatorHash = hash.digest('hex');
  }
  return generatorHash;
}

/**
 * Returns `{ path, bytes, reports, kind, mb, generated, seconds }` for a synthetic log of the
 * given kind and size (MB = 1e6 bytes). Reuses `<outDir>/<kind>-<mb>MB-<key>.log` when its
 * sidecar `.json` says it was completed with the size it has now; otherwise writes it (to a
 * `.tmp` file, renamed when complete) and removes stale logs of the same kind and size.
 */
export async function ensureLog({ outDir, kind, mb, fixtures }) {
  const key = createHash('sha256')
    .update(`${kind}\0${mb}\0${SEED}\0${fixtures.hash}\0${await sourcesHash()}`)
    .digest('hex')
    .slice(0, 12);
  const base = `${kind}-${mb}MB-${key}`;
  const path = join(outDir, `${base}.log`);
  const metaPath = join(outDir, `${base}.json`);
  const cached = await readCached(path, metaPath);
  if (cached) return { ...cached, path, generated: false, seconds: 0 };

  await mkdir(outDir, { recursive: true });
  await removeStale(outDir, `${kind}-${mb}MB-`, base);
  const started = process.hrtime.bigint();
  const stats = { reports: 0, reportBytes: 0 };
  const generate = GENERATORS[kind];
  const bytes = await writeChunks(
    `${path}.tmp`,
    generate({ templates: fixtures.templates, targetBytes: mb * 1e6, seed: SEED, stats }),
  );
  await rename(`${path}.tmp`, path);
  const meta = { kind, mb, bytes, reports: stats.reports, reportBytes: stats.reportBytes };
  await writeFile(metaPath, `${JSON.stringify(meta)}\n`);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { ...meta, path, generated: true, seconds };
}

async function readCached(path, metaPath) {
  try {
    const meta = JSON.parse(await readFile(metaPath, 'utf8'));
    const info = await stat(path);
    return info.size === meta.bytes ? meta : null;
  } catch {
    return null;
  }
}

async function removeStale(outDir, prefix, keep) {
  for (const name of await readdir(outDir)) {
    if (name.startsWith(prefix) && !name.startsWith(keep))
      await rm(join(outDir, name), { force: true });
  }
}

/** Writes the Buffers a generator yields, honouring backpressure. Returns the bytes written. */
async function writeChunks(path, chunks) {
  const out = createWriteStream(path, { highWaterMark: 4 << 20 });
  const failed = new Promise((_, reject) => out.once('error', reject));
  failed.catch(() => {});
  let bytes = 0;
  for (const chunk of chunks) {
    bytes += chunk.length;
    if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
  }
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
  return bytes;
}
