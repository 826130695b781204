/**
 * Why each race is a race, from real runtimes' reports: the scenarios of
 * test/relation-programs/relations.c under gcc 12 and clang 19 (captured in
 * test/fixtures/relations/, and rebuilt and rerun here so the fixtures stay what the runtimes
 * print), and Go's race detector (test/go-programs/atomic_mix, field_race).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseText, type Report } from '../../src/index.js';
import { DEFAULT_CONFIG } from '../../src/triage/config.js';
import { FrameRules } from '../../src/triage/normalize-stack.js';
import { Triage, type TriagedGroup } from '../../src/triage/triage.js';
import { whySentence } from '../../src/triage/why.js';
import { FIXTURES, REPO_ROOT, SEED } from '../support/fixtures.js';
import { GoWorkspace, requireGo } from '../support/go-toolchain.js';
import {
  detectToolchain,
  requireToolchain,
  runTsan,
  TOOLCHAINS,
  type ToolchainStatus,
  TsanWorkspace,
} from '../support/tsan-toolchains.js';

const PROGRAM = path.join(REPO_ROOT, 'test', 'relation-programs', 'relations.c');

/** Each scenario's patterns and what its sentence must name (which mutex, which side). */
const EXPECTED: Record<string, { patterns: string[]; words: RegExp[] }> = {
  mixed: {
    patterns: ['mixed-atomic'],
    words: [
      /thread T1 writes atomically in `publish_generation`/,
      /the main thread reads plainly in `peek_generation`/,
    ],
  },
  'one-lock': {
    patterns: ['lock-one-side'],
    words: [
      /thread T1 holds mutex M0 created in `add_stat_locked`/,
      /the main thread holds none when it \w+ in `add_stat_unlocked`/,
    ],
  },
  'two-locks': {
    patterns: ['different-locks'],
    words: [
      /holds mutex M\d created in `add_stat_other_lock`/,
      /holds mutex M\d created in `add_stat_locked`/,
      /no mutex is common/,
    ],
  },
  nosync: {
    patterns: ['no-sync'],
    words: [/thread T1 writes in `bump_hits`/, /no mutex held on either side/],
  },
  rwlock: {
    patterns: ['read-lock-write'],
    words: [/writes in `update_under_read_lock` holding mutex M0 .*only for reading/],
  },
  teardown: {
    patterns: ['no-sync', 'teardown'],
    words: [
      /the main thread is exiting \(`at_exit_\w+`\) while thread T1 still runs in `heartbeat_loop`/,
    ],
  },
  uaf: {
    patterns: ['use-after-free'],
    words: [
      /thread T1 freed the block in `close_session` and the main thread then wrote it in `touch_session`/,
    ],
  },
};

function triaged(text: string, file: string): TriagedGroup[] {
  const triage = new Triage();
  for (const record of parseText(text, { file })) triage.add(record);
  return [...triage.finish().groups];
}

function expectPattern(groups: readonly TriagedGroup[], scenario: string, where: string): void {
  const expected = EXPECTED[scenario]!;
  expect(groups, where).toHaveLength(1);
  const why = groups[0]!.why;
  expect(why?.patterns, where).toEqual(expected.patterns);
  const sentence = whySentence(why!);
  for (const words of expected.words) expect(sentence, where).toMatch(words);
}

describe('why-patterns of captured reports (gcc 12 and clang 19)', () => {
  for (const compiler of ['gcc', 'clang']) {
    for (const scenario of Object.keys(EXPECTED)) {
      it(`${compiler} ${scenario}`, () => {
        const file = path.join(FIXTURES, 'relations', compiler, `${scenario}.log`);
        expectPattern(triaged(readFileSync(file, 'utf8'), file), scenario, file);
      });
    }
  }

  it('the seed: mixed atomic and plain access, teardown while a thread still runs', () => {
    const [seed] = triaged(readFileSync(SEED, 'utf8'), SEED);
    expect(seed?.why?.patterns).toEqual(['mixed-atomic', 'teardown']);
    expect(whySentence(seed!.why!)).toBe(
      'Mixed atomic and plain access: thread T7 writes atomically in `take_gil` while the main thread writes plainly in `interpreter_clear` (an incomplete atomic conversion); teardown while a thread still runs: the main thread is finalizing (`_Py_Finalize`) while thread T7 still runs in `take_gil`.',
    );
  });

  it('takes teardown functions from the config and leaves signatures alone', () => {
    const file = path.join(FIXTURES, 'relations', 'gcc', 'nosync.log');
    const text = readFileSync(file, 'utf8');
    const plain = new Triage();
    const configured = new Triage({ config: { ...DEFAULT_CONFIG, teardown: ['read_hits'] } });
    for (const record of parseText(text, { file })) {
      plain.add(record);
      configured.add(record);
    }
    const [a] = plain.finish().groups;
    const [b] = configured.finish().groups;
    expect(a?.why?.patterns).toEqual(['no-sync']);
    // T1 is finished when main reads: no thread still runs, so it is not "teardown".
    expect(b?.why?.patterns).toEqual(['no-sync']);
    expect(b?.group.signature.text).toBe(a?.group.signature.text);
    const rules = new FrameRules({ ...DEFAULT_CONFIG, teardown: ['read_hits'] });
    const report = parseText(text, { file }).find((r): r is Report => r.type === 'report')!;
    expect(rules.teardownFor(report).match(report.accesses[0]!.frames)?.function).toBe('read_hits');
  });

  it('Go: mixed atomic (sync/atomic on one side) and no synchronisation, in Go words', () => {
    const atomic = path.join(FIXTURES, 'relations', 'go', 'atomic-mix.log');
    const [mixed] = triaged(readFileSync(atomic, 'utf8'), atomic);
    expect(mixed?.why?.patterns).toEqual(['mixed-atomic']);
    expect(whySentence(mixed!.why!)).toMatch(
      /goroutine 7 writes atomically in `[^`]+` while the main goroutine reads plainly in `main.report`/,
    );
    const field = path.join(FIXTURES, 'relations', 'go', 'field-race.log');
    const [plain] = triaged(readFileSync(field, 'utf8'), field);
    expect(plain?.why?.patterns).toEqual(['no-sync']);
    expect(whySentence(plain!.why!)).toMatch(/goroutine \d+ .* with nothing ordering them/);
  });

  it('gives other families no why', () => {
    const file = path.join(FIXTURES, 'corpus', 'examples', 'out', 'deadlock.gcc.txt');
    for (const t of triaged(readFileSync(file, 'utf8'), file)) expect(t.why).toBeNull();
  });
});

describe('the captured reports are what the runtimes print now', () => {
  const statuses = new Map<string, ToolchainStatus>();
  let workspace: TsanWorkspace | undefined;
  beforeAll(async () => {
    workspace = await TsanWorkspace.create('racelens-why-');
    for (const tc of TOOLCHAINS) statuses.set(tc.id, await detectToolchain(tc, 'c'));
  });
  afterAll(async () => {
    await workspace?.cleanup();
  });

  for (const tc of TOOLCHAINS) {
    it(`${tc.label}: every scenario keeps its signature and its why`, async (ctx) => {
      requireToolchain(statuses.get(tc.id)!, ctx);
      const binary = await workspace!.compile(tc, PROGRAM, { opt: '-O1' });
      const scenarios = readdirScenarios();
      await Promise.all(
        scenarios.map(async (scenario) => {
          const run = await runTsan(binary, { args: [scenario] });
          const fresh = triaged(run.stderr, `${tc.id}-${scenario}`);
          const file = path.join(FIXTURES, 'relations', tc.id, `${scenario}.log`);
          const kept = triaged(readFileSync(file, 'utf8'), file);
          const where = `${tc.id} ${scenario}`;
          expect(
            fresh.map((t) => t.group.signature.text),
            where,
          ).toEqual(kept.map((t) => t.group.signature.text));
          expect(
            fresh.map((t) => t.why?.patterns),
            where,
          ).toEqual(kept.map((t) => t.why?.patterns));
        }),
      );
    }, 120_000);
  }

  it('Go: atomic_mix keeps its why', async (ctx) => {
    const go = await GoWorkspace.create();
    try {
      requireGo(await go.probe(), ctx);
      const run = await go.run(await go.build('atomic_mix'));
      const [group] = triaged(run.stderr, 'atomic_mix');
      expect(group?.why?.patterns).toEqual(['mixed-atomic']);
    } finally {
      await go.dispose();
    }
  }, 240_000);
});

function readdirScenarios(): string[] {
  const source = readFileSync(PROGRAM, 'utf8');
  const names = [...source.matchAll(/\{"([a-z0-9-]+)", /g)].map((m) => m[1]!);
  return [...names, 'teardown'];
}
