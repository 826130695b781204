import { createHash } from 'node:crypto';
import type { Frame } from '../model/frame.js';
import type { Access, ExtraStack, Location, Report, ThreadInfo } from '../model/report.js';
import { anchorOf, type NormalFrame, type StackNormalizer } from './normalize-stack.js';

/**
 * Signature rule v2 (docs/triage.md). Never change what a version produces: a new rule is a
 * new version. v2 = v1 plus one name rule: a member of a function-local class
 * (`t1(void*)::Inner::run()`, which gcc prints `run`) keeps its last name, as v1 did for
 * anonymous namespaces; every other signature reads as in v1 with `v2` in front.
 *
 *   v2|<kindId>|<anchors, sorted, joined by |>|<object>
 *
 * - races (data race, vptr, use-after-free, external): one anchor per access, the first
 *   meaningful frame of its stack; the object is what was raced on: `global:<name>` (gcc's
 *   `rw.0` and clang's `main.rw` both `rw`), `heap`, `stack`, `tls`, `fd`, or empty.
 * - lock-order inversion: the anchors of the `acquired here` edges (the set of acquire sites).
 * - thread leak: the anchor of the creation stack of the leaked thread.
 * - mutex misuse and signal reports: the anchor of the stack under the headline.
 *
 * Nothing that varies between runs or builds enters it: addresses, pids, thread ids, mutex
 * ids, line and column numbers, paths, BuildIds, which access TSan printed first.
 */
export const SIGNATURE_VERSION = 'v2';

/**
 * What the same signature read under v1: the text with `v1` in front, and its short id. Equal
 * to the v1 signature for every report but those with a function-local class's member as an
 * anchor; known-issue lists and stores written under v1 are matched through it.
 */
export function legacySignature(text: string): { readonly text: string; readonly id: string } {
  const legacy = text.startsWith(`${SIGNATURE_VERSION}|`) ? `v1|${text.slice(3)}` : text;
  return { text: legacy, id: shortId(legacy) };
}

/** First 10 hex digits of SHA-256 of a signature text. */
export function shortId(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 10);
}

export interface Signature {
  /** The full text hashed: the identity of a group. */
  readonly text: string;
  /** A short stable id for display (first 10 hex digits of SHA-256 of the text). */
  readonly id: string;
  /** Readable: `data race: interpreter_clear ↔ take_gil on _PyRuntime`. */
  readonly title: string;
  readonly anchors: readonly string[];
  /** The anchor of each side in print order (as `anchors` before sorting and deduplication). */
  readonly sideAnchors: readonly string[];
  readonly object: string;
  /** An anchor had to fall back to a frame without a usable name, or a side was missing. */
  readonly degraded: boolean;
}

/** The stacks a report's signature is computed from, with their meaningful frames. */
export interface SignatureSides {
  readonly stacks: readonly NormalFrame[][];
  readonly rawStacks: readonly (readonly Frame[])[];
}

export function signatureSides(report: Report, normalizer: StackNormalizer): SignatureSides {
  const rawStacks = anchorStacks(report);
  return { rawStacks, stacks: rawStacks.map((frames) => normalizer.normalize(frames)) };
}

/** A stack a signature anchor is taken from: an access, an extra stack, or a thread's creation. */
export type AnchorSource = Access | ExtraStack | ThreadInfo;

/** The stacks whose anchors make the signature, per report family. */
function anchorStacks(report: Report): (readonly Frame[])[] {
  return anchorSources(report).map((source) => source.frames);
}

/** Where each anchor stack comes from, in signature order (renderers label them). */
export function anchorSources(report: Report): readonly AnchorSource[] {
  switch (report.family) {
    case 'race':
      return report.accesses;
    case 'deadlock': {
      const edges = report.stacks.filter((s) => s.role === 'lock-edge');
      return edges.length > 0 ? edges : report.stacks;
    }
    case 'thread':
      return report.threads.slice(0, 1);
    case 'mutex':
    case 'signal': {
      const headline = report.stacks.find(
        (s) => s.role === 'headline' || s.role === 'signal-handler',
      );
      return headline ? [headline] : report.stacks.slice(0, 1);
    }
    default:
      return report.accesses.length > 0 ? report.accesses : report.stacks.slice(0, 1);
  }
}

export function computeSignature(report: Report, sides: SignatureSides): Signature {
  let degraded = false;
  const anchors = sides.stacks.map((normal, i) => {
    const first = anchorOf(normal);
    if (first) return first.name === '{lambda}' ? lambdaAnchor(normal, first) : first.name;
    degraded = true;
    return fallbackAnchor(sides.rawStacks[i] ?? []);
  });
  if (report.family === 'race' && anchors.length < 2) degraded = true;
  const unique = report.family === 'deadlock' ? [...new Set(anchors)] : anchors;
  const sorted = [...unique].sort();
  const object = report.family === 'race' ? objectOf(report.location) : '';
  const text = [
    SIGNATURE_VERSION,
    report.kindId === 'unknown' ? `unknown:${report.kind}` : report.kindId,
    ...sorted,
    object,
  ].join('|');
  return new ComputedSignature(
    text,
    titleOf(report, sorted, object),
    sorted,
    anchors,
    object,
    degraded,
  );
}

class ComputedSignature implements Signature {
  private hash: string | null = null;

  constructor(
    readonly text: string,
    readonly title: string,
    readonly anchors: readonly string[],
    readonly sideAnchors: readonly string[],
    readonly object: string,
    readonly degraded: boolean,
  ) {}

  /** Hashed on first use: a triage reads it once per group, not once per report. */
  get id(): string {
    this.hash ??= shortId(this.text);
    return this.hash;
  }
}

/**
 * A lambda is named by the project function that calls it (for a lambda called where it is
 * written, the function it is written in): gcc prints every lambda body as `operator()`.
 */
function lambdaAnchor(stack: readonly NormalFrame[], lambda: NormalFrame): string {
  const at = stack.indexOf(lambda);
  const caller = stack.slice(at + 1).find((f) => !f.system && f.name !== '{lambda}');
  return caller ? `${caller.name}::{lambda}` : '{lambda}';
}

/** No meaningful frame: the first named frame, else the module and offset, else unknown. */
function fallbackAnchor(frames: readonly Frame[]): string {
  const named = frames.find((f) => f.function !== null);
  if (named?.function) return named.function;
  const located = frames.find((f) => f.module !== null);
  if (located) return `${located.module}+${located.offset ?? '?'}`;
  return '<unknown>';
}

function objectOf(location: Location | null): string {
  if (location === null) return '';
  if (location.type === 'global') return `global:${globalName(location.name)}`;
  return location.type;
}

/**
 * gcc names a function-static variable `rw.0`, clang `main.rw`: C identifiers hold no dots, so
 * the dotted parts are the compilers' decoration. Keep the last part that is not a number.
 */
export function globalName(name: string): string {
  if (!name.includes('.') || name.includes('::')) return name;
  const parts = name.split('.').filter((p) => p.length > 0 && !/^\d+$/.test(p));
  return parts[parts.length - 1] ?? name;
}

function titleOf(report: Report, anchors: readonly string[], object: string): string {
  const kind = report.kind;
  switch (report.family) {
    case 'race':
      return `${kind}: ${anchors.join(' ↔ ') || '?'}${objectPhrase(object)}`;
    case 'deadlock':
      return `${kind}: ${anchors.join(' ↔ ')}`;
    case 'thread':
      return `${kind}: thread created in ${anchors[0] ?? '?'}`;
    default:
      return `${kind} in ${anchors[0] ?? '?'}`;
  }
}

function objectPhrase(object: string): string {
  if (object.startsWith('global:')) return ` on ${object.slice(7)}`;
  switch (object) {
    case 'heap':
      return ' on a heap block';
    case 'stack':
      return ' on the stack';
    case 'tls':
      return ' on thread-local storage';
    case 'fd':
      return ' on a file descriptor';
    default:
      return '';
  }
}

/** The signature of one report under a set of frame rules. */
export function signReport(
  report: Report,
  rules: { forReport(report: Report): StackNormalizer },
): Signature {
  return computeSignature(report, signatureSides(report, rules.forReport(report)));
}
