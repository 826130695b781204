/**
 * Signature rule v2's one change: a member of a function-local class, which gcc 12's runtime
 * prints bare (`run`) and clang 19's qualified (`t1(void*)::Inner::run()`), gets one
 * signature. From captured reports (test/fixtures/relations/local-class/) and from the
 * program built and run again with both toolchains.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseText, type Report } from '../../src/index.js';
import { DEFAULT_CONFIG } from '../../src/triage/config.js';
import { FrameRules } from '../../src/triage/normalize-stack.js';
import { legacySignature, signReport } from '../../src/triage/signature.js';
import { FIXTURES, REPO_ROOT } from '../support/fixtures.js';
import {
  detectToolchain,
  requireToolchain,
  runTsan,
  TOOLCHAINS,
  type ToolchainStatus,
  TsanWorkspace,
} from '../support/tsan-toolchains.js';

const rules = new FrameRules(DEFAULT_CONFIG);
const PROGRAM = path.join(REPO_ROOT, 'test', 'triage-programs', 'local_class.cpp');
const EXPECTED = 'v2|data-race|read_hits|run|global:hits';

function signatures(text: string): string[] {
  return parseText(text)
    .filter((r): r is Report => r.type === 'report')
    .map((r) => signReport(r, rules).text);
}

describe('signature v2: members of function-local classes', () => {
  it('gives the gcc and the clang report one signature', () => {
    for (const compiler of ['gcc', 'clang']) {
      const file = path.join(FIXTURES, 'relations', 'local-class', `${compiler}.log`);
      expect(signatures(readFileSync(file, 'utf8')), compiler).toEqual([EXPECTED]);
    }
  });

  it('reads as v1 with v2 in front otherwise (legacySignature)', () => {
    const legacy = legacySignature('v2|data-race|interpreter_clear|take_gil|global:_PyRuntime');
    expect(legacy.text).toBe('v1|data-race|interpreter_clear|take_gil|global:_PyRuntime');
    expect(legacy.id).toMatch(/^[0-9a-f]{10}$/);
  });

  const statuses = new Map<string, ToolchainStatus>();
  let workspace: TsanWorkspace | undefined;
  beforeAll(async () => {
    workspace = await TsanWorkspace.create('racelens-local-class-');
    for (const tc of TOOLCHAINS) statuses.set(tc.id, await detectToolchain(tc, 'c++'));
  });
  afterAll(async () => {
    await workspace?.cleanup();
  });

  for (const tc of TOOLCHAINS) {
    it(`${tc.label}: the program's race signs ${EXPECTED}`, async (ctx) => {
      requireToolchain(statuses.get(tc.id)!, ctx);
      const binary = await workspace!.compile(tc, PROGRAM, { opt: '-O1' });
      const run = await runTsan(binary);
      expect(signatures(run.stderr)).toEqual([EXPECTED]);
    }, 120_000);
  }
});
