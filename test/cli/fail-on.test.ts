import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'racelens-fail-on-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const BANK = 'examples/bank.clang19.log';
const DEADLOCK = 'examples/deadlock.gcc.log';

async function idOf(log: string): Promise<string> {
  const result = await runCli(['triage', '--json', log]);
  return (JSON.parse(result.stdout) as { groups: { id: string }[] }).groups[0]!.id;
}

describe('triage --fail-on: a gate without a store', () => {
  it('new: exits 1 naming the groups no known issue covers; 0 once they are all known', async () => {
    const bank = await idOf(BANK);
    const fail = await runCli(['triage', '--fail-on', 'new', BANK]);
    expect(fail.code).toBe(1);
    expect(fail.stderr).toBe(`racelens: --fail-on new: 1 new group (${bank}); exit 1\n`);
    expect(fail.stdout).toMatch(/1 new, 0 known/);
    const known = join(work, 'known.json');
    writeFileSync(known, JSON.stringify([{ id: 'BUG-1', state: 'open', signatures: [bank] }]));
    const pass = await runCli(['triage', '--fail-on', 'new', '--known', known, BANK]);
    expect(pass.code).toBe(0);
    expect(pass.stderr).toBe('');
  });

  it('regressed: exits 1 when a group belongs to a known issue that is closed or fixed', async () => {
    const bank = await idOf(BANK);
    const deadlock = await idOf(DEADLOCK);
    const known = join(work, 'states.json');
    writeFileSync(
      known,
      JSON.stringify([
        { id: 'BUG-2', state: 'Closed', signatures: [bank] },
        { id: 'BUG-3', state: 'open', signatures: [deadlock] },
      ]),
    );
    const both = await runCli([
      'triage',
      '--fail-on',
      'regressed',
      '--known',
      known,
      BANK,
      DEADLOCK,
    ]);
    expect(both.code).toBe(1);
    expect(both.stderr).toBe(
      `racelens: --fail-on regressed: 1 regressed group (${bank}); exit 1\n`,
    );
    const open = await runCli(['triage', '--fail-on', 'regressed', '--known', known, DEADLOCK]);
    expect(open.code).toBe(0);
    // New groups are not regressions.
    const fresh = await runCli([
      'triage',
      '--fail-on',
      'regressed',
      'examples/inventory.clang19.log',
    ]);
    expect(fresh.code).toBe(0);
  });

  it('any: exits 1 on every group not suppressed, 0 when all are suppressed', async () => {
    const any = await runCli(['triage', '--fail-on', 'any', '--json', BANK]);
    expect(any.code).toBe(1);
    expect(JSON.parse(any.stdout)).toMatchObject({ groups: [{ count: 1 }] });
    const supp = join(work, 'supp.txt');
    writeFileSync(supp, 'race:add_interest\n');
    const suppressed = await runCli(['triage', '--fail-on', 'any', '--suppressions', supp, BANK]);
    expect(suppressed.code).toBe(0);
    const bad = await runCli(['triage', '--fail-on', 'some', BANK]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Allowed choices are new, regressed, any/);
  });
});
