import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseText } from '../../src/index.js';
import { KnownIssuesError, loadKnownIssues } from '../../src/match/known-issues.js';
import { configJsonSchema, DEFAULT_CONFIG } from '../../src/triage/config.js';
import { FrameRules } from '../../src/triage/normalize-stack.js';
import { FRAGMENT_KIND, Triage, type TriageResult } from '../../src/triage/triage.js';
import { CORPUS, REPO_ROOT, SEED } from '../support/fixtures.js';

const work = mkdtempSync(join(tmpdir(), 'racelens-triage-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function triageFiles(
  files: readonly string[],
  known: ReturnType<typeof loadKnownIssues> = [],
): TriageResult {
  const triage = new Triage({ known });
  for (const file of files) {
    for (const record of parseText(readFileSync(file, 'utf8'), { file })) triage.add(record);
  }
  return triage.finish();
}

const corpus = (name: string) => join(CORPUS, name);
const groupOf = (result: TriageResult, file: string) =>
  result.groups.find((g) => [...g.group.occurrences].some((o) => o.file === file));

describe('triage of real duplicates (corpus/duplicates.jsonl)', () => {
  it('puts the certain duplicates in one group: cpython 129547 = 128714', () => {
    const [a, b] = [corpus('cpython-issue/129547.log'), corpus('cpython-issue/128714.log')];
    const result = triageFiles([a, b]);
    expect(result.groups).toHaveLength(1);
    expect(result.groups[0]?.group.count).toBe(2);
  });

  it('groups the likely duplicate 128759 with them (same race, other build and lines)', () => {
    const files = ['129547', '128714', '128759'].map((n) => corpus(`cpython-issue/${n}.log`));
    const result = triageFiles(files);
    expect(result.groups).toHaveLength(1);
  });

  it('puts the cross-posted fragments grpc 17175 = abseil-cpp 217 in one group', () => {
    const [a, b] = [corpus('other/grpc-17175.log'), corpus('other/abseil-abseil-cpp-217.log')];
    const result = triageFiles([a, b]);
    expect(result.totals.fragments).toBe(2);
    expect(result.groups).toHaveLength(1);
    expect(result.groups[0]?.group.report.kind).toBe(FRAGMENT_KIND);
    expect([...(result.groups[0]?.group.occurrences ?? [])].map((o) => o.file)).toEqual([a, b]);
  });

  it('keeps the seed apart from the finalization-race family, and explains any link', () => {
    const family = [
      'cpython-issue/116910.log',
      'cpython-issue/121751.log',
      'other/ydb-40952.log',
      'other/ydb-34930.log',
    ].map(corpus);
    const result = triageFiles([SEED, ...family]);
    const seed = groupOf(result, SEED);
    expect(seed?.group.count).toBe(1);
    expect(seed?.group.signature.title).toBe(
      'data race: interpreter_clear ↔ take_gil on _PyRuntime',
    );
    for (const file of family) expect(groupOf(result, file)?.group).not.toBe(seed?.group);
    for (const link of seed?.related ?? []) {
      expect(link.explanation).toMatch(/differs: interpreter_clear vs|differs: take_gil vs/);
    }
  });

  it('merges the ydb pair that the maintainers closed as duplicates of one bug', () => {
    const result = triageFiles([corpus('other/ydb-40952.log'), corpus('other/ydb-34930.log')]);
    const a = groupOf(result, corpus('other/ydb-40952.log'));
    // 34930 was cut before its first frame: it can only be reported apart, as incomplete.
    expect(a?.group.signature.anchors).toContain('free_threadstate');
  });
});

describe('near-duplicates', () => {
  it('links groups that share one side and the object, naming what differs', () => {
    const log = (other: string) =>
      [
        '==================',
        'WARNING: ThreadSanitizer: data race (pid=1)',
        '  Write of size 8 at 0x10 by main thread:',
        `    #0 ${other} /src/pystate.c:769:26 (python+0x1) (BuildId: ab)`,
        '    #1 _Py_Finalize /src/pylifecycle.c:2337:5 (python+0x2) (BuildId: ab)',
        '',
        '  Previous atomic write of size 8 at 0x10 by thread T7:',
        '    #0 take_gil /src/ceval_gil.c:351:21 (python+0x3) (BuildId: ab)',
        '',
        "  Location is global '_PyRuntime' of size 359232 at 0x8 (python+0xbc6bc8)",
        '',
        `SUMMARY: ThreadSanitizer: data race /src/pystate.c:769:26 in ${other}`,
        '==================',
        '',
      ].join('\n');
    const triage = new Triage();
    for (const [i, name] of ['interpreter_clear', 'free_threadstate'].entries()) {
      for (const record of parseText(log(name), { file: `log${i}` })) triage.add(record);
    }
    const result = triage.finish();
    expect(result.groups).toHaveLength(2);
    const first = result.groups.find((g) =>
      g.group.signature.anchors.includes('interpreter_clear'),
    );
    expect(first?.related.map((r) => [r.kind, r.score, r.explanation])).toEqual([
      [
        'same-object',
        0.95,
        'same object `_PyRuntime`, both during finalization, one side in common: `take_gil`; differs: `interpreter_clear` vs `free_threadstate`',
      ],
    ]);
  });

  it('does not link reports of different kinds or with one frame in common', () => {
    const files = ['race', 'leak', 'deadlock', 'mutexbugs', 'signal'].map((p) =>
      corpus(`examples/out/${p}.gcc.txt`),
    );
    const result = triageFiles(files);
    for (const { related } of result.groups) expect(related).toEqual([]);
  });
});

describe('known issues', () => {
  const rules = new FrameRules(DEFAULT_CONFIG);

  it('matches a group to a known issue by the reports in its text (a folder of Markdown issues)', () => {
    const dir = join(work, 'issues');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    writeFileSync(
      join(dir, '140257.md'),
      `---\nurl: https://github.com/python/cpython/issues/140257\nstate: closed\n---\n# ThreadSanitizer: data race in interpreter_clear() vs take_gil()\n\n\`\`\`\n${readFileSync(SEED, 'utf8')}\n\`\`\`\n`,
    );
    writeFileSync(
      join(dir, '116910.md'),
      `# PyMem_RawFree race at finalization\n\n${readFileSync(corpus('cpython-issue/116910.log'), 'utf8')}`,
    );
    const known = loadKnownIssues(dir, rules);
    expect(known.map((k) => [k.id, k.title, k.state])).toEqual([
      ['116910', 'PyMem_RawFree race at finalization', null],
      ['140257', 'ThreadSanitizer: data race in interpreter_clear() vs take_gil()', 'closed'],
    ]);
    const result = triageFiles([SEED], known);
    expect(result.groups[0]?.known).toEqual({
      id: '140257',
      title: 'ThreadSanitizer: data race in interpreter_clear() vs take_gil()',
      url: 'https://github.com/python/cpython/issues/140257',
      state: 'closed',
    });
    expect(result.totals).toMatchObject({ groups: 1, known: 1, new: 0 });
  });

  it('reads a JSON or YAML list with signatures or logs', () => {
    const [seed] = parseText(readFileSync(SEED, 'utf8')).filter((r) => r.type === 'report');
    expect(seed).toBeDefined();
    const json = join(work, 'known.json');
    writeFileSync(
      json,
      JSON.stringify([
        { id: 124878, title: 'free_threadstate vs drop_gil', signatures: ['207910509b'] },
      ]),
    );
    expect(triageFiles([SEED], loadKnownIssues(json, rules)).groups[0]?.known?.id).toBe('124878');
    const v1 = join(work, 'known-v1.json');
    writeFileSync(v1, JSON.stringify([{ id: 'v1-list', signatures: ['72ad88508d'] }]));
    expect(triageFiles([SEED], loadKnownIssues(v1, rules)).groups[0]?.known?.id).toBe('v1-list');
    const yaml = join(work, 'known.yaml');
    writeFileSync(
      yaml,
      `issues:\n  - id: gh-1\n    title: the seed\n    log: |\n${readFileSync(SEED, 'utf8')
        .split('\n')
        .map((l) => `      ${l}`)
        .join('\n')}\n`,
    );
    expect(triageFiles([SEED], loadKnownIssues(yaml, rules)).groups[0]?.known?.id).toBe('gh-1');
  });

  it('says which entry of a known-issues file is bad', () => {
    const bad = join(work, 'bad.json');
    writeFileSync(bad, JSON.stringify([{ id: 'ok', signatures: ['x'] }, { title: 'no id' }]));
    expect(() => loadKnownIssues(bad, rules)).toThrow(KnownIssuesError);
    expect(() => loadKnownIssues(bad, rules)).toThrow(/bad\.json: entry 2: id: /);
    const broken = join(work, 'broken.json');
    writeFileSync(broken, '[{');
    expect(() => loadKnownIssues(broken, rules)).toThrow(/broken\.json: not valid JSON/);
  });
});

describe('schemas', () => {
  it('ships the JSON Schema of racelens.config.json that the code validates with', () => {
    const shipped = JSON.parse(
      readFileSync(join(REPO_ROOT, 'schemas/config.schema.json'), 'utf8'),
    ) as unknown;
    expect(shipped).toEqual(configJsonSchema());
  });
});

describe('likely duplicates of the corpus', () => {
  it('links a report cut before its second access to a whole report holding its side (ydb 40952 ~ cpython 116910)', () => {
    const [ydb, cpython] = [corpus('other/ydb-40952.log'), corpus('cpython-issue/116910.log')];
    const result = triageFiles([ydb, cpython]);
    expect(result.groups).toHaveLength(2);
    const cut = groupOf(result, cpython);
    expect(cut?.related.map((r) => r.explanation)).toEqual([
      'shares `free_threadstate`; the other side (`_Py_atomic_load_uintptr_relaxed`) is missing from the report cut short',
    ]);
  });
});
