import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unreachableByNobody } from '../support/unprivileged.js';

const work = mkdtempSync(join(tmpdir(), 'racelens-private-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Rough edge 13: `npm test` as root in /root failed, as the unprivileged user could not reach
// the CLI. The test that drops privileges now asks this probe first and skips with its reason.
describe.skipIf(process.getuid?.() !== 0)('the unprivileged-user probe (as root)', () => {
  it('says why a checkout under a private folder cannot be reached, and passes a reachable one', () => {
    chmodSync(work, 0o755);
    const home = join(work, 'home');
    mkdirSync(join(home, 'checkout'), { recursive: true });
    const script = join(home, 'checkout', 'main.js');
    writeFileSync(script, '');
    chmodSync(home, 0o700);
    expect(unreachableByNobody(process.execPath, script)).toMatch(
      /^uid 65534 cannot reach .*main\.js .*move the checkout somewhere other users can enter/,
    );
    chmodSync(home, 0o755);
    expect(unreachableByNobody(process.execPath, script)).toBeNull();
  });
});
