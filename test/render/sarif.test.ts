import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseSuppressions, SuppressionMatcher, type TriageOptions } from '../../src/index.js';
import type { RenderContext } from '../../src/render/report-format.js';
import { renderSarif, type SarifOptions, sarifLog } from '../../src/render/sarif.js';
import { GITHUB_SARIF_LIMITS } from '../../src/render/sarif-limits.js';
import type { SarifLog, SarifResult } from '../../src/render/sarif-types.js';
import { CORPUS, SEED } from '../support/fixtures.js';
import { contextOfFiles, contextOfTexts } from '../support/render-context.js';
import { sarifValidator } from '../support/sarif-schema.js';

const GOLDEN = join(import.meta.dirname, 'golden');
const SEED_ROOT = '/home/shamil/oss/cpython/main';
const validate = sarifValidator();

/** Renders, checks the text against the schema, and returns the parsed log. */
function sarifOf(ctx: RenderContext, options: SarifOptions = {}): SarifLog {
  const text = renderSarif(ctx, options);
  const log = JSON.parse(text) as SarifLog;
  expect(validate(log)).toEqual([]);
  return log;
}

function onlyResult(log: SarifLog): SarifResult {
  const results = log.runs[0]!.results;
  expect(results).toHaveLength(1);
  return results[0]!;
}

/**
 * A TSan data race with the given stacks, innermost frame first: `fn file:line` for a frame with
 * a source place, `fn` alone for one printed as `<null>` with a module offset.
 */
function race(first: readonly string[], second: readonly string[], pid = 7): string {
  const frames = (stack: readonly string[]) =>
    stack.map((f, i) => {
      const [fn, place] = f.split(' ');
      return place
        ? `    #${i} ${fn} ${place}:5 (app+0x${(4096 + i).toString(16)})`
        : `    #${i} ${fn} <null> (app+0x${(4096 + i).toString(16)})`;
    });
  return [
    '==================',
    `WARNING: ThreadSanitizer: data race (pid=${pid})`,
    '  Write of size 8 at 0x7b0400000010 by thread T1:',
    ...frames(first),
    '',
    '  Previous read of size 8 at 0x7b0400000010 by main thread:',
    ...frames(second),
    '',
    "  Location is global 'shared' of size 8 at 0x7b0400000010 (app+0x4010)",
    '',
    '  Thread T1 (tid=2, running) created by main thread at:',
    '    #0 pthread_create <null> (app+0x61e91)',
    '    #1 main /home/dev/proj/src/main.c:20:3 (app+0x1300)',
    '',
    'SUMMARY: ThreadSanitizer: data race',
    '==================',
    '',
  ].join('\n');
}

describe('renderSarif golden files', () => {
  const cases = [
    { name: 'seed', file: SEED, root: SEED_ROOT },
    {
      name: 'cpython-143100',
      file: join(CORPUS, 'cpython-issue', '143100.log'),
      root: '/home/sgross/cpython',
    },
    {
      name: 'deadlock-clang19',
      file: join(CORPUS, 'examples', 'out', 'deadlock.clang19.txt'),
      root: '/home/dev/src',
    },
  ];

  it.each(cases)('$name matches its golden file (UPDATE_GOLDEN=1 rewrites it)', (c) => {
    const text = renderSarif(contextOfFiles([c.file], { sourceRoot: c.root }));
    expect(validate(JSON.parse(text))).toEqual([]);
    const golden = join(GOLDEN, `${c.name}.sarif.json`);
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, 'utf8'));
  });

  it('renders the same text twice (nothing varies but ctx.generatedAt)', () => {
    const ctx = contextOfFiles([SEED], { sourceRoot: SEED_ROOT });
    expect(renderSarif(ctx)).toBe(renderSarif(ctx));
    expect(renderSarif(ctx)).not.toMatch(/20\d\d-\d\d-\d\dT(?!00:00:00\.000Z)/);
  });
});

describe('renderSarif on the seed', () => {
  const log = sarifOf(contextOfFiles([SEED], { sourceRoot: SEED_ROOT }));
  const run = log.runs[0]!;
  const result = onlyResult(log);

  it('names the tool and its rule, and roots relative URIs at the source root', () => {
    expect(run.tool.driver.name).toBe('racelens');
    expect(run.originalUriBaseIds).toEqual({ SRCROOT: { uri: `file://${SEED_ROOT}/` } });
    expect(result.ruleId).toBe('data-race');
    expect(result.level).toBe('error');
    const rule = run.tool.driver.rules[result.ruleIndex]!;
    expect(rule.id).toBe('data-race');
    expect(rule.defaultConfiguration.level).toBe('error');
    expect(rule.properties.tags).toContain('concurrency');
    expect(rule.help.markdown).toBeTruthy();
  });

  it('places the result at the first access: Python/pystate.c line 769', () => {
    const location = result.locations![0]!;
    expect(location.physicalLocation).toEqual({
      artifactLocation: { uri: 'Python/pystate.c', uriBaseId: 'SRCROOT' },
      region: { startLine: 769, startColumn: 26 },
    });
    expect(location.logicalLocations?.[0]?.name).toBe('interpreter_clear');
  });

  it('links the other access, take_gil in Python/ceval_gil.c, from both messages', () => {
    const related = result.relatedLocations!;
    expect(related).toHaveLength(1);
    expect(related[0]!.id).toBe(1);
    expect(related[0]!.physicalLocation?.artifactLocation).toEqual({
      uri: 'Python/ceval_gil.c',
      uriBaseId: 'SRCROOT',
    });
    expect(related[0]!.physicalLocation?.region?.startLine).toBe(351);
    expect(related[0]!.message?.text).toBe(
      "Previous atomic write of size 8 by thread T7 'Thread-7 (hamme' (daemon thread, still running) in take_gil()",
    );
    expect(result.message.text).toContain('[Previous atomic write of size 8 in take_gil()](1)');
    expect(result.message.text).toMatch(/^data race: interpreter_clear ↔ take_gil on _PyRuntime\./);
    expect(result.locations![0]!.message?.text).toContain('Races with [');
  });

  it('fingerprints by the signature under its own key, never primaryLocationLineHash', () => {
    const signature = 'v2|data-race|interpreter_clear|take_gil|global:_PyRuntime';
    expect(result.partialFingerprints).toEqual({
      'racelens/v2': createHash('sha256').update(signature).digest('hex'),
    });
    expect(result.properties.signature).toBe(signature);
  });

  it('shows each access stack as a thread flow, caller first, previous access first in time', () => {
    const flows = result.codeFlows![0]!.threadFlows;
    expect(flows.map((f) => f.id)).toEqual(['main', 'T7']);
    expect(flows[1]!.message.text).toContain("thread T7 'Thread-7 (hamme'");
    for (const flow of flows) {
      const levels = flow.locations.map((l) => l.nestingLevel);
      expect(levels).toEqual(levels.map((_, i) => i));
    }
    const main = flows[0]!.locations;
    expect(main.at(-1)!.location.message?.text).toBe('interpreter_clear: Write of size 8');
    expect(main.at(-1)!.importance).toBe('essential');
    expect(flows[1]!.locations[0]!.executionOrder).toBe(1);
    expect(main[0]!.executionOrder).toBe(flows[1]!.locations.length + 1);
  });

  it("keeps glibc's relative paths out of the project (csu/../sysdeps is not under the root)", () => {
    const main = result.codeFlows![0]!.threadFlows[0]!.locations;
    expect(main[0]!.location.message?.text).toBe('__libc_start_call_main');
    expect(main[0]!.location.physicalLocation).toBeUndefined();
    expect(main[0]!.importance).toBe('unimportant');
    expect(main[0]!.module).toBe('libc.so.6');
  });
});

describe('primary location choice', () => {
  const root = '/home/dev/proj';

  it('uses a project frame of another stack when the first stack is all system code', () => {
    const text = race(
      [
        'std::_Rb_tree::_M_erase /usr/include/c++/12/bits/stl_tree.h',
        'std::set::clear /usr/include/c++/12/bits/stl_set.h',
        'start_thread',
      ],
      ['Cache::lookup /home/dev/proj/src/cache.cc', 'main /home/dev/proj/src/main.cc'],
    );
    const result = onlyResult(
      sarifOf(contextOfTexts([{ file: 'ci.log', text }], { sourceRoot: root })),
    );
    expect(result.locations![0]!.physicalLocation?.artifactLocation).toEqual({
      uri: 'src/cache.cc',
      uriBaseId: 'SRCROOT',
    });
    // The system stack is still shown, at its anchor (its innermost frame), as a related location.
    expect(result.relatedLocations![0]!.physicalLocation?.artifactLocation.uri).toBe(
      'file:///usr/include/c++/12/bits/stl_tree.h',
    );
    expect(result.message.text).toContain('See [Write of size 8 in std::_Rb_tree::_M_erase()](1).');
  });

  it('walks from the anchor outwards to the first frame under the root', () => {
    const text = race(
      ['vendor_put /opt/vendor/lib.c', 'Cache::put /home/dev/proj/src/cache.cc'],
      ['Cache::lookup /home/dev/proj/src/cache.cc'],
    );
    const result = onlyResult(
      sarifOf(contextOfTexts([{ file: 'ci.log', text }], { sourceRoot: root })),
    );
    const location = result.locations![0]!;
    expect(location.physicalLocation?.artifactLocation.uri).toBe('src/cache.cc');
    expect(location.message?.text).toContain('in vendor_put() via Cache::put');
  });

  it('takes relative paths as relative to the root', () => {
    const log = sarifOf(
      contextOfFiles([join(CORPUS, 'cpython-issue', '116555.log')], { sourceRoot: '/src' }),
    );
    const uri = log.runs[0]!.results[0]!.locations![0]!.physicalLocation!.artifactLocation;
    expect(uri).toEqual({ uri: 'Objects/obmalloc.c', uriBaseId: 'SRCROOT' });
  });

  it('drops, by default, a group with only system or outside frames, and says so', () => {
    const text = race(
      ['std::set::insert /usr/include/c++/12/bits/stl_set.h', 'other /opt/other/x.c'],
      ['std::set::find /usr/include/c++/12/bits/stl_set.h', 'free'],
    );
    const ctx = contextOfTexts([{ file: 'ci.log', text }], { sourceRoot: root });
    const run = sarifOf(ctx).runs[0]!;
    expect(run.results).toEqual([]);
    expect(run.properties['racelens/unlocated']).toEqual([
      { groupId: ctx.views[0]!.id, title: ctx.views[0]!.title },
    ]);
    const notes = run.invocations[0]!.toolExecutionNotifications ?? [];
    expect(notes.map((n) => n.descriptor?.id)).toContain('racelens/unlocated');
  });

  it("keeps it with a logical location only under unlocated: 'logical'", () => {
    const ctx = contextOfFiles([join(CORPUS, 'other', 'grpc-6197.log')], {
      sourceRoot: '/var/local/git/grpc',
    });
    const result = onlyResult(sarifOf(ctx, { unlocated: 'logical' }));
    const location = result.locations![0]!;
    expect(location.physicalLocation).toBeUndefined();
    expect(location.logicalLocations?.[0]?.name).toBe(ctx.views[0]!.sides[0]!.anchorName);
    expect(sarifOf(ctx).runs[0]!.results).toEqual([]);
  });

  it('without a source root, writes absolute paths as file URIs and relative ones under SRCROOT', () => {
    const seed = onlyResult(sarifOf(contextOfFiles([SEED])));
    expect(seed.locations![0]!.physicalLocation?.artifactLocation).toEqual({
      uri: 'file:///home/shamil/oss/cpython/main/Python/pystate.c',
    });
    const relative = sarifOf(contextOfFiles([join(CORPUS, 'cpython-issue', '116555.log')]));
    expect(relative.runs[0]!.originalUriBaseIds).toBeUndefined();
    expect(relative.runs[0]!.results[0]!.locations![0]!.physicalLocation?.artifactLocation).toEqual(
      { uri: 'Objects/obmalloc.c', uriBaseId: 'SRCROOT' },
    );
  });

  it('percent-encodes paths and escapes brackets in messages', () => {
    const text = race(
      ['Vec::operator[] /home/dev/proj/src/my%20dir#1/v.cc'],
      ['-[AppDelegate_run:] /home/dev/proj/src/a.mm'],
    );
    const result = onlyResult(
      sarifOf(contextOfTexts([{ file: 'ci.log', text }], { sourceRoot: root })),
    );
    expect(result.locations![0]!.physicalLocation?.artifactLocation.uri).toBe(
      'src/my%2520dir%231/v.cc',
    );
    expect(result.message.text).toContain('Vec::operator\\[\\]');
    expect(result.message.text).toContain('-\\[AppDelegate_run:\\]');
  });
});

describe('suppressed and known groups', () => {
  it('marks a suppressed group with an external suppression naming the entry', () => {
    const matcher = new SuppressionMatcher(
      parseSuppressions('# ours\nrace:take_gil\n', 'tsan.supp').entries,
    );
    const ctx = contextOfFiles([SEED], {
      sourceRoot: SEED_ROOT,
      triage: { suppressions: matcher },
    });
    const result = onlyResult(sarifOf(ctx));
    expect(result.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'Suppressed by tsan.supp:2 (race:take_gil).',
      },
    ]);
  });

  it('links a known issue in the message, the properties and workItemUris', () => {
    const signature = 'v2|data-race|interpreter_clear|take_gil|global:_PyRuntime';
    const ctx = contextOfFiles([SEED], {
      sourceRoot: SEED_ROOT,
      triage: {
        known: [
          {
            id: '140257',
            title: 'race in take_gil',
            url: 'https://github.com/python/cpython/issues/140257',
            state: 'open',
            signatures: new Set([signature]),
            reports: [],
          },
        ],
      },
    });
    const result = onlyResult(sarifOf(ctx));
    expect(result.message.text).toContain('Known issue 140257: race in take_gil.');
    expect(result.workItemUris).toEqual(['https://github.com/python/cpython/issues/140257']);
    expect(result.properties.knownIssue).toMatchObject({ id: '140257', state: 'open' });
  });
});

describe('GitHub limits', () => {
  it('defaults to the numbers GitHub documents', () => {
    expect(GITHUB_SARIF_LIMITS).toEqual({
      results: 25_000,
      locationsPerResult: 1_000,
      threadFlowLocationsPerResult: 10_000,
      gzipBytes: 10_000_000,
    });
  });

  /** Distinct races: a different function pair each, so a group each. */
  function manyRaces(n: number, triage: TriageOptions = {}): RenderContext {
    const texts = Array.from({ length: n }, (_, i) => ({
      file: `run${i}.log`,
      text: race(
        [`writer${i} /home/dev/proj/src/w${i}.c`, 'main /home/dev/proj/src/main.c'],
        [`reader${i} /home/dev/proj/src/r${i}.c`, 'main /home/dev/proj/src/main.c'],
        i + 1,
      ),
    }));
    return contextOfTexts(texts, { sourceRoot: '/home/dev/proj', triage });
  }

  it('caps results, leaving suppressed ones out first, and says so', () => {
    const matcher = new SuppressionMatcher(parseSuppressions('race:writer0\n', 's.supp').entries);
    const ctx = manyRaces(5, { suppressions: matcher });
    const run = sarifOf(ctx, { limits: { results: 3 } }).runs[0]!;
    expect(run.results).toHaveLength(3);
    expect(run.results.some((r) => r.suppressions)).toBe(false);
    expect(run.properties['racelens/truncated']).toEqual({ results: 2 });
    const ids = run.invocations[0]!.toolExecutionNotifications!.map((n) => n.descriptor?.id);
    expect(ids).toContain('racelens/results-limit');
  });

  it('caps thread flow locations per result, dropping outermost frames', () => {
    const text = race(
      ['a /p/a.c', 'b /p/b.c', 'c /p/c.c', 'd /p/d.c'],
      ['e /p/e.c', 'f /p/f.c', 'g /p/g.c', 'h /p/h.c'],
    );
    const ctx = contextOfTexts([{ file: 'ci.log', text }], { sourceRoot: '/p' });
    const run = sarifOf(ctx, { limits: { threadFlowLocationsPerResult: 4 } }).runs[0]!;
    const flows = run.results[0]!.codeFlows![0]!.threadFlows;
    expect(flows.map((f) => f.locations.map((l) => l.location.message?.text))).toEqual([
      ['b', 'a: Write of size 8'],
      ['f', 'e: Previous read of size 8'],
    ]);
    expect(flows[0]!.locations[0]!.nestingLevel).toBe(2);
    expect(run.properties['racelens/truncated']).toEqual({ threadFlowLocations: 4 });
  });

  it("gives a short stack's unused share of the budget to the longer one", () => {
    const text = race(['a /p/a.c', 'b /p/b.c'], ['e /p/e.c', 'f /p/f.c', 'g /p/g.c', 'h /p/h.c']);
    const ctx = contextOfTexts([{ file: 'ci.log', text }], { sourceRoot: '/p' });
    const run = sarifOf(ctx, { limits: { threadFlowLocationsPerResult: 5 } }).runs[0]!;
    const flows = run.results[0]!.codeFlows![0]!.threadFlows;
    expect(flows.map((f) => f.locations.length)).toEqual([2, 3]);
    expect(run.properties['racelens/truncated']).toEqual({ threadFlowLocations: 1 });
    const one = sarifOf(ctx, { limits: { threadFlowLocationsPerResult: 1 } }).runs[0]!;
    expect(one.results[0]!.codeFlows![0]!.threadFlows.map((f) => f.id)).toEqual(['main']);
  });

  it('caps locations per result, leaving no link to a related location it left out', () => {
    const ctx = contextOfFiles([SEED], { sourceRoot: SEED_ROOT });
    const run = sarifOf(ctx, { limits: { locationsPerResult: 1 } }).runs[0]!;
    const result = run.results[0]!;
    expect(result.relatedLocations).toBeUndefined();
    expect(result.message.text).not.toMatch(/\]\(\d+\)/);
    expect(run.properties['racelens/truncated']).toEqual({ relatedLocations: 1 });
  });

  it('stays under the gzip size limit: code flows go first, then results', () => {
    const ctx = manyRaces(40);
    const size = (log: SarifLog) => gzipSync(`${JSON.stringify(log, null, 2)}\n`).length;
    const full = size(sarifLog(ctx));
    const flowless = size(
      JSON.parse(renderSarif(ctx), (key, value) => (key === 'codeFlows' ? undefined : value)),
    );
    expect(flowless).toBeLessThan(full);

    const noFlows = sarifOf(ctx, { limits: { gzipBytes: full - 1 } }).runs[0]!;
    expect(noFlows.results).toHaveLength(40);
    expect(noFlows.results.every((r) => r.codeFlows === undefined)).toBe(true);
    expect(noFlows.properties['racelens/truncated']).toEqual({ codeFlows: 40 });

    const limit = Math.floor(flowless * 0.6);
    const fewer = sarifLog(ctx, { limits: { gzipBytes: limit } });
    expect(validate(fewer)).toEqual([]);
    expect(size(fewer)).toBeLessThanOrEqual(limit);
    const kept = fewer.runs[0]!.results.length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(40);
    expect(fewer.runs[0]!.properties['racelens/truncated']).toMatchObject({ results: 40 - kept });
  });
});
