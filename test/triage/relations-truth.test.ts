/**
 * The relation truth set (test/fixtures/relations/truth.json): reports of our own racy
 * programs (test/relation-programs/relations.c, captured under gcc 12 and clang 19) and of the
 * corpus, triaged together. Units are the defects we know; a link between two groups links
 * their units. Over all pairs of units:
 *
 *   precision = links between related units / links, recall = related pairs linked / related pairs
 *
 * both at least 0.9, and no link is explained only by frames found in a quarter or more of the
 * groups (the plumbing every report of a project has).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../src/index.js';
import { PLUMBING_SHARE } from '../../src/triage/informativeness.js';
import { Triage, type TriageResult } from '../../src/triage/triage.js';
import { FIXTURES } from '../support/fixtures.js';

interface TruthSet {
  readonly inputs: readonly string[];
  readonly units: Readonly<Record<string, readonly string[]>>;
  readonly related: readonly { readonly a: string; readonly b: string; readonly source: string }[];
}

const truth = JSON.parse(
  readFileSync(join(FIXTURES, 'relations', 'truth.json'), 'utf8'),
) as TruthSet;

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

const files = truth.inputs.flatMap((input) => filesUnder(join(FIXTURES, input)));
const unitOfFile = new Map<string, string>();
for (const [unit, members] of Object.entries(truth.units))
  for (const member of members) unitOfFile.set(member, unit);
const unitOf = (file: string) => {
  const name = relative(FIXTURES, file);
  return unitOfFile.get(name) ?? name;
};

function triageAll(): TriageResult {
  const triage = new Triage();
  for (const file of files)
    for (const record of parseText(readFileSync(file, 'utf8'), { file })) triage.add(record);
  return triage.finish();
}

const result = triageAll();
const unitsOfGroup = new Map(
  result.groups.map((t) => [
    t.group.signature.id,
    new Set([...t.group.occurrences].map((o) => unitOf(o.file))),
  ]),
);
const pairKey = (a: string, b: string) => (a < b ? `${a} ~ ${b}` : `${b} ~ ${a}`);

describe('the relation truth set', () => {
  it('has each of its units in one group (gcc and clang reports of a scenario agree)', () => {
    for (const [unit, members] of Object.entries(truth.units)) {
      const groups = result.groups.filter((t) =>
        [...t.group.occurrences].some((o) => members.includes(relative(FIXTURES, o.file))),
      );
      expect(
        groups.map((g) => g.group.signature.title),
        unit,
      ).toHaveLength(1);
    }
  });

  it('links related units and only those: precision and recall at least 0.9', () => {
    const predicted = new Set<string>();
    for (const t of result.groups) {
      for (const link of t.related) {
        if (link.to !== 'group') continue;
        for (const a of unitsOfGroup.get(t.group.signature.id) ?? [])
          for (const b of unitsOfGroup.get(link.id) ?? [])
            if (a !== b) predicted.add(pairKey(a, b));
      }
    }
    const related = new Set(truth.related.map((r) => pairKey(r.a, r.b)));
    const hits = [...predicted].filter((p) => related.has(p));
    const precision = hits.length / predicted.size;
    const recall = hits.length / related.size;
    console.log(
      `relation truth set: ${result.groups.length} groups, ${related.size} related pairs, ${predicted.size} links; precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`,
    );
    console.log(
      `  false links: ${[...predicted].filter((p) => !related.has(p)).join('; ') || 'none'}`,
    );
    console.log(`  missed: ${[...related].filter((p) => !predicted.has(p)).join('; ') || 'none'}`);
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });

  it('explains no link by frames found in a quarter or more of the groups', () => {
    const frameGroups = new Map<string, number>();
    for (const t of result.groups) {
      const names = new Set(t.group.sides.flatMap((side) => side.map((f) => f.name)));
      for (const name of names) frameGroups.set(name, (frameGroups.get(name) ?? 0) + 1);
    }
    const share = (name: string) => (frameGroups.get(name) ?? 0) / result.groups.length;
    let links = 0;
    for (const t of result.groups) {
      for (const link of t.related) {
        links++;
        // The evidence is what comes before "differs" (what differs is not evidence).
        const evidence = link.explanation.split(/; differs: |; the other side /)[0] ?? '';
        const named = [...evidence.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? '');
        expect(named.length, link.explanation).toBeGreaterThan(0);
        for (const name of named) {
          expect(share(name), `${link.explanation}: ${name}`).toBeLessThan(PLUMBING_SHARE);
        }
      }
    }
    expect(links).toBeGreaterThan(0);
  });

  it('keeps races reached through one deep dispatcher apart (24 shared frames on both sides)', () => {
    const dispatched = result.groups.filter((t) =>
      [...t.group.occurrences].some((o) => /disp-\d\.log$/.test(o.file)),
    );
    expect(dispatched).toHaveLength(4);
    for (const t of dispatched) {
      expect(
        t.group.sides.every(
          (side) => side.filter((f) => f.name.startsWith('dispatch_')).length >= 20,
        ),
      ).toBe(true);
      expect(t.related).toEqual([]);
    }
  });

  it('relates the seed to the free_threadstate family as its author did', () => {
    const seed = result.groups.find((t) => t.group.signature.anchors.includes('interpreter_clear'));
    const family = result.groups.find((t) =>
      [...t.group.occurrences].some((o) => o.file.endsWith('free-threadstate-drop-gil.txt')),
    );
    expect(seed?.group.signature.title).toBe(
      'data race: interpreter_clear ↔ take_gil on _PyRuntime',
    );
    const link = seed?.related.find((r) => r.id === family?.group.signature.id);
    expect(link).toMatchObject({
      kind: 'same-object',
      explanation:
        'same object `_PyRuntime`, both during finalization; differs: `interpreter_clear` vs `free_threadstate`, `take_gil` vs `drop_gil`',
    });
    expect(seed?.why?.patterns).toEqual(['mixed-atomic', 'teardown']);
    expect(family?.why?.patterns).toEqual(['mixed-atomic', 'teardown']);
  });
});
