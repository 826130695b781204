// Bundles the built CLI (tsc's dist/) so `racelens` starts from a few files instead of ~80
// modules: the ESM loader's resolve/read/compile per module was ~30 ms of every command.
// Layout: dist/bundle/ is flat (the entry and chunks side by side), so `new URL('./x-worker.js',
// import.meta.url)` in any chunk finds a worker launcher there (below), as it finds the worker
// itself in tsc's dist/. Packages stay external: they load from node_modules as before
// (native better-sqlite3, chart.js read as an asset). dist/cli/main.js, the bin, becomes a
// launcher of the bundle.
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const dist = new URL('../dist/', import.meta.url);
const path = (relative) => new URL(relative, dist).pathname;

// Chunks are named by their hash: without a clean start, each build's would pile up beside the last's.
rmSync(path('bundle'), { recursive: true, force: true });

await build({
  entryPoints: { main: path('cli/main.js') },
  outdir: path('bundle'),
  bundle: true,
  splitting: true, // commands load their own modules only when run, as in dist/
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunk-[hash]',
  legalComments: 'none',
  logLevel: 'warning',
});

// Worker threads load tsc's modules, through launchers where the bundle's chunks look for
// them. Bundled workers made Node 20 abort (NodePlatform::ForIsolate) in about one run in 25
// when a worker was terminated at the end of a threaded parse: a V8 compile job of the worker
// still ran as its isolate went away. Unbundled workers did not abort in 560 runs.
for (const [name, from] of [
  ['segment-worker', '../parse/segments/segment-worker.js'],
  ['ingest-worker', '../serve/ingest-worker.js'],
]) {
  writeFileSync(path(`bundle/${name}.js`), `import '${from}';\n`);
}

// The bundle's entry keeps the source's shebang; the bin imports it.
writeFileSync(
  path('cli/main.js'),
  "#!/usr/bin/env node\n// The bundled CLI (scripts/bundle.mjs); dist/cli/*.js are tsc's modules it was built from.\nimport '../bundle/main.js';\n",
);
// tsc writes files without the executable bit; `npx racelens` runs the bin file directly.
chmodSync(path('cli/main.js'), 0o755);
