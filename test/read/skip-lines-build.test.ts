import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SKIP_LINES_COMPILER } from '../../src/read/skip-lines/skip-lines-wasm.js';

const ROOT = join(import.meta.dirname, '../..');
const COMMITTED = join(ROOT, 'src/read/skip-lines/skip-lines-wasm.ts');

function compiler(): string | null {
  const clang = spawnSync('clang-19', ['--version'], { encoding: 'utf8' });
  if (clang.status !== 0) return null;
  const linker = ['wasm-ld-19', 'wasm-ld', '/usr/lib/llvm-19/bin/wasm-ld'].some(
    (name) => spawnSync(name, ['--version']).status === 0,
  );
  return linker ? clang.stdout.split('\n')[0]! : null;
}

const found = compiler();
// .ci/run installs clang-19 and lld-19, so CI always rebuilds; elsewhere a missing or other
// compiler skips (another version may emit other, equally good bytes).
describe.skipIf(found !== SKIP_LINES_COMPILER)('skip-lines.wasm', () => {
  it('is what scripts/build-wasm.sh makes of skip-lines.c', () => {
    const dir = mkdtempSync(join(tmpdir(), 'racelens-wasm-'));
    try {
      const out = join(dir, 'skip-lines-wasm.ts');
      execFileSync(join(ROOT, 'scripts/build-wasm.sh'), [out], { stdio: 'pipe' });
      expect(existsSync(out)).toBe(true);
      expect(readFileSync(out, 'utf8'), 'run scripts/build-wasm.sh and commit the result').toBe(
        readFileSync(COMMITTED, 'utf8'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
