import type { Comparable } from './comparable.js';
import type { Informativeness } from './informativeness.js';
import type { SideFacts } from './side-facts.js';
import { meetAtTop, SIMILARITY_THRESHOLD, stackSimilarity } from './similarity.js';

/**
 * What kind of relation links two groups (or a group and a known issue):
 * - `same-object`: the same object (global, heap block by allocation site, a thread's stack
 *   or TLS by owner) raced by other code; strongest with one side in common;
 * - `same-code`: the same functions racing on another object (or a report cut short holding
 *   one side of the other);
 * - `similar-paths`: other anchors, but paths that meet at the top and share informative frames.
 */
export type RelationKind = 'same-object' | 'same-code' | 'similar-paths';

export interface Relation {
  readonly kind: RelationKind;
  /** 0..1: how sure the link is (its evidence's strength, or the paths' similarity). */
  readonly score: number;
  /** In the seed's style: "same object `_PyRuntime`, both during finalization; differs: ...". */
  readonly explanation: string;
}

const SCORE = {
  oneSideInCommon: 0.95,
  sameCode: 0.9,
  cutShort: 0.85,
  sameObject: 0.7,
  /** Same object and both reports in one teardown phase (both during finalization). */
  sameObjectInTeardown: 0.8,
} as const;

/**
 * Relates `a` to `b` from `a`'s point of view ("differs: mine vs theirs"), or null. Only
 * informative frames and objects (informativeness.ts) count as evidence or are named.
 */
export function relate(a: Comparable, b: Comparable, info: Informativeness): Relation | null {
  if (a.signature.text === b.signature.text || a.kindId !== b.kindId) return null;
  const anchorsA = a.signature.sideAnchors;
  const anchorsB = b.signature.sideAnchors;
  const sameObject = a.object !== null && a.object.key === b.object?.key;
  if (anchorsA.length + anchorsB.length === 3 && (a.signature.degraded || b.signature.degraded))
    return cutShort(a, b, sameObject, info);
  if (anchorsA.length !== 2 || anchorsB.length !== 2) return null;
  const pairs = pairSides(a, b);
  const common = pairs.filter(([i, j]) => anchorsA[i] === anchorsB[j]);
  const differs = pairs
    .filter(([i, j]) => anchorsA[i] !== anchorsB[j])
    .map(([i, j]) => `${code(anchorsA[i])} vs ${code(anchorsB[j])}`);
  const differing = differs.length > 0 ? `; differs: ${differs.join(', ')}` : '';
  if (common.length === 2) {
    const informative = a.signature.anchors.some((x) => info.isInformativeFrame(x));
    if (!informative) return null;
    return {
      kind: 'same-code',
      score: SCORE.sameCode,
      explanation: `same code ${a.signature.anchors.map(code).join(' and ')}, other object: ${objectWords(a)} vs ${objectWords(b)}`,
    };
  }
  const during = bothDuring(a.facts, b.facts);
  if (sameObject && a.object) {
    const object = `same object ${a.object.words}${during ? `, both during ${during}` : ''}`;
    const shared = common[0];
    if (shared && info.isInformativeFrame(anchorsA[shared[0]] ?? '')) {
      return {
        kind: 'same-object',
        score: SCORE.oneSideInCommon,
        explanation: `${object}, one side in common: ${code(anchorsA[shared[0]])}${differing}`,
      };
    }
    // Other code on both sides: evidence only when the object is not everyone's and both
    // race on it the same way (one missing discipline on that object, not two bugs).
    if (info.isInformativeObject(a.object.key) && samePatterns(a, b)) {
      return {
        kind: 'same-object',
        score: during ? SCORE.sameObjectInTeardown : SCORE.sameObject,
        explanation: `${object}${differing}`,
      };
    }
  }
  // A report cut before its location: one side in common is all that can be compared.
  const shared = common[0];
  const cut = (a.incomplete && !a.object) || (b.incomplete && !b.object);
  if (shared && cut && isEvidence(anchorsA[shared[0]], info)) {
    return {
      kind: 'same-code',
      score: SCORE.cutShort,
      explanation: `one side in common: ${code(anchorsA[shared[0]])}; the report cut short does not say what was raced on${differing}`,
    };
  }
  return similarPaths(a, b, pairs, info, differing);
}

function samePatterns(a: Comparable, b: Comparable): boolean {
  const [x, y] = [a.why?.patterns ?? [], b.why?.patterns ?? []];
  return x.length === y.length && x.every((p) => y.includes(p));
}

function isEvidence(anchor: string | undefined, info: Informativeness): anchor is string {
  return anchor !== undefined && isNamed(anchor) && info.isInformativeFrame(anchor);
}

/** A report cut before its second access, whose one side is a side of the other report. */
function cutShort(
  a: Comparable,
  b: Comparable,
  sameObject: boolean,
  info: Informativeness,
): Relation | null {
  const [one, two] =
    a.signature.sideAnchors.length === 1
      ? [a.signature.sideAnchors, b.signature.sideAnchors]
      : [b.signature.sideAnchors, a.signature.sideAnchors];
  const shared = one[0];
  if (!isEvidence(shared, info) || !two.includes(shared)) return null;
  const other = two.find((x) => x !== shared) ?? shared;
  return {
    kind: sameObject ? 'same-object' : 'same-code',
    score: SCORE.cutShort,
    explanation: `shares ${code(shared)}${sameObject && a.object ? ` and ${a.object.words}` : ''}; the other side (${code(other)}) is missing from the report cut short`,
  };
}

function similarPaths(
  a: Comparable,
  b: Comparable,
  pairs: readonly (readonly [number, number])[],
  info: Informativeness,
  differing: string,
): Relation | null {
  let total = 0;
  for (const [i, j] of pairs) {
    const [x, y] = [a.sides[i] ?? [], b.sides[j] ?? []];
    if (!meetAtTop(x, y)) return null;
    total += stackSimilarity(x, y, info);
  }
  const similarity = total / pairs.length;
  if (similarity < SIMILARITY_THRESHOLD) return null;
  const namesB = new Set(b.sides.flatMap((side) => side.map((f) => f.name)));
  const shared = [...new Set(a.sides.flatMap((side) => side.slice(0, 12).map((f) => f.name)))]
    .filter((name) => namesB.has(name) && info.isInformativeFrame(name))
    .slice(0, 4);
  if (shared.length === 0) return null;
  const score = Math.round(similarity * 100) / 100;
  return {
    kind: 'similar-paths',
    score,
    explanation: `similar paths (${score.toFixed(2)}): shares ${shared.map(code).join(', ')}${differing}`,
  };
}

/**
 * Which side of `b` each side of `a` is: the pairing (direct or crossed) under which more
 * agrees: the same anchor, both in teardown or both not, the same thread role (the main
 * thread), the same atomicity. Ties keep print order.
 */
export function pairSides(a: Comparable, b: Comparable): (readonly [number, number])[] {
  const direct: [number, number][] = [
    [0, 0],
    [1, 1],
  ];
  const crossed: [number, number][] = [
    [0, 1],
    [1, 0],
  ];
  const agreement = (pairs: readonly [number, number][]) =>
    pairs.reduce((sum, [i, j]) => {
      const [x, y] = [a.facts[i], b.facts[j]];
      let points = a.signature.sideAnchors[i] === b.signature.sideAnchors[j] ? 4 : 0;
      if (x && y) {
        if ((x.teardown === null) === (y.teardown === null)) points += 2;
        if ((x.thread === 'main') === (y.thread === 'main')) points += 1;
        if (x.atomic === y.atomic) points += 1;
      }
      return sum + points;
    }, 0);
  return agreement(crossed) > agreement(direct) ? crossed : direct;
}

/** `finalization` when both reports have a side in one teardown phase, else null. */
function bothDuring(a: readonly SideFacts[], b: readonly SideFacts[]): string | null {
  const phase = (facts: readonly SideFacts[]) => facts.find((f) => f.teardown)?.teardown?.phase;
  const [x, y] = [phase(a), phase(b)];
  return x !== undefined && x === y ? x : null;
}

function objectWords(c: Comparable): string {
  if (c.object) return c.object.words;
  const object = c.signature.object;
  if (object.startsWith('global:')) return code(object.slice(7));
  return object === '' ? 'an unknown location' : `the ${object}`;
}

/** A fallback anchor (`<unknown>`, `module+0x...`) names no code: it is no evidence. */
function isNamed(anchor: string): boolean {
  return !anchor.startsWith('<') && !/\+0x[0-9a-f]+$/i.test(anchor);
}

function code(name: string | undefined): string {
  return `\`${name ?? '?'}\``;
}
