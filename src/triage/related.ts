import type { Group } from './group.js';
import type { NormalFrame } from './normalize-stack.js';
import type { Signature } from './signature.js';
import { SIMILARITY_THRESHOLD, sidesSimilarity } from './similarity.js';

/** Why two groups (or a group and a known issue) are near-duplicates, in words. */
export interface Relation {
  readonly rule: 'shared-side' | 'same-functions' | 'similar-stacks';
  /** 0..1; 1 for the rules that compare anchors rather than stacks. */
  readonly similarity: number;
  readonly explanation: string;
}

/** What a comparison needs of a group or of a known issue's report. */
export interface Comparable {
  readonly signature: Signature;
  readonly kindId: string;
  readonly sides: readonly NormalFrame[][];
}

export function comparableOf(group: Group): Comparable {
  return { signature: group.signature, kindId: group.report.kindId, sides: group.sides };
}

/**
 * Near-duplicate rules, first that applies:
 * 1. shared-side: same kind and object, one anchor in common ("shares take_gil and _PyRuntime;
 *    differs: interpreter_clear vs free_threadstate"), or a report cut before its second access
 *    whose one side is a side of the other;
 * 2. same-functions: same kind and anchors, different objects (one pair racing on two globals);
 * 3. similar-stacks: same kind, stack similarity at or above SIMILARITY_THRESHOLD.
 */
export function relate(a: Comparable, b: Comparable): Relation | null {
  if (a.signature.text === b.signature.text) return null;
  const sameKind = a.kindId === b.kindId;
  const anchorsA = a.signature.anchors;
  const anchorsB = b.signature.anchors;
  // A report cut before its second access keeps one side: it relates to a whole report that
  // holds that side.
  if (
    sameKind &&
    anchorsA.length + anchorsB.length === 3 &&
    (a.signature.degraded || b.signature.degraded)
  ) {
    const [one, two] = anchorsA.length === 1 ? [anchorsA, anchorsB] : [anchorsB, anchorsA];
    const shared = one[0]!;
    if (two.includes(shared)) {
      const other = two.find((x) => x !== shared) ?? shared;
      return {
        rule: 'shared-side',
        similarity: 1,
        explanation: `shares ${shared}; the other side (${other}) is missing from the report cut short`,
      };
    }
  }
  if (sameKind && anchorsA.length === 2 && anchorsB.length === 2) {
    const common = anchorsA.filter((x) => anchorsB.includes(x));
    if (
      common.length === 1 &&
      a.signature.object !== '' &&
      a.signature.object === b.signature.object
    ) {
      const shared = common[0]!;
      const mine = anchorsA.find((x) => x !== shared) ?? shared;
      const theirs = anchorsB.find((x) => x !== shared) ?? shared;
      return {
        rule: 'shared-side',
        similarity: 1,
        explanation: `shares ${shared} and ${objectWords(a.signature.object)}; differs: ${mine} vs ${theirs}`,
      };
    }
    if (
      common.length === 2 &&
      anchorsA[0] !== anchorsA[1] &&
      a.signature.object !== b.signature.object
    ) {
      return {
        rule: 'same-functions',
        similarity: 1,
        explanation: `same functions ${anchorsA.join(' and ')}; differs: ${objectWords(a.signature.object)} vs ${objectWords(b.signature.object)}`,
      };
    }
  }
  if (!sameKind) return null;
  const similarity = sidesSimilarity(a.sides, b.sides);
  if (similarity < SIMILARITY_THRESHOLD) return null;
  const namesA = new Set(a.sides.flatMap((side) => side.slice(0, 12).map((f) => f.name)));
  const shared = [
    ...new Set(b.sides.flatMap((side) => side.slice(0, 12).map((f) => f.name))),
  ].filter((n) => namesA.has(n));
  const differs = anchorsA
    .filter((x) => !anchorsB.includes(x))
    .map((x, i) => `${x} vs ${anchorsB.filter((y) => !anchorsA.includes(y))[i] ?? '?'}`);
  return {
    rule: 'similar-stacks',
    similarity: Math.round(similarity * 100) / 100,
    explanation: `similar stacks (${similarity.toFixed(2)}): shares ${shared.slice(0, 4).join(', ')}${differs.length > 0 ? `; differs: ${differs.join(', ')}` : ''}`,
  };
}

function objectWords(object: string): string {
  if (object.startsWith('global:')) return object.slice(7);
  return object === '' ? 'an unknown location' : `the ${object}`;
}
