import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/fixtures.js';
import { runCli } from '../support/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'racelens-config-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const BANK = join(REPO_ROOT, 'examples', 'bank.clang19.log');

async function title(cwd: string): Promise<string> {
  const result = await runCli(['triage', '--json', BANK], { cwd });
  expect(result.code, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as { groups: { title: string }[] }).groups[0]!.title;
}

describe('racelens.config.json is found without --config', () => {
  // outer/racelens.config.json lies above the checkout `outer/repo`: never read from inside it.
  const outer = join(work, 'outer');
  const repo = join(outer, 'repo');
  const deep = join(repo, 'build', 'tests');
  mkdirSync(join(repo, '.git'), { recursive: true });
  mkdirSync(deep, { recursive: true });
  writeFileSync(join(outer, 'racelens.config.json'), JSON.stringify({ plumbing: ['deposit'] }));

  it('in the current folder or a parent up to the git top-level, and not above it', async () => {
    const plain = await title(deep);
    expect(plain).toBe('data race: add_interest ↔ deposit on a heap block');
    writeFileSync(
      join(repo, 'racelens.config.json'),
      JSON.stringify({ plumbing: ['add_interest'] }),
    );
    const configured = await title(deep);
    expect(configured).not.toBe(plain);
    expect(configured).not.toContain('add_interest');
    // --config still wins.
    const explicit = await runCli(
      ['triage', '--json', '--config', join(outer, 'racelens.config.json'), BANK],
      { cwd: deep },
    );
    expect(
      (JSON.parse(explicit.stdout) as { groups: { title: string }[] }).groups[0]!.title,
    ).not.toContain('deposit');
  });

  it('a broken file found this way is a usage error naming it', async () => {
    const broken = join(work, 'broken');
    mkdirSync(join(broken, '.git'), { recursive: true });
    writeFileSync(join(broken, 'racelens.config.json'), '{ "plumbing": 3 }');
    const result = await runCli(['triage', BANK], { cwd: broken });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(join(broken, 'racelens.config.json'));
  });
});
