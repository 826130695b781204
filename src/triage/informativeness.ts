import type { Comparable } from './comparable.js';

/** A frame or object in this share of the groups or more says nothing about which bug it is. */
export const PLUMBING_SHARE = 0.25;

/**
 * Shares are counted over at least this many groups, so that a triage of a few groups does
 * not call every frame they share plumbing: below it, a frame must be in 5 groups to be.
 */
export const MIN_POPULATION = 20;

/**
 * How informative a frame or an object is, by document frequency: the share of the population
 * (this triage's groups plus the known issues' reports, one per signature) whose stacks hold
 * the frame, or whose race is on the object. A frame's weight falls linearly from 1 (in one
 * group of many) to 0 at PLUMBING_SHARE; the eval loop, vectorcall helpers, thread start-up
 * and a test harness's dispatcher, found in most groups, weigh nothing. Deterministic: counts
 * only, no order.
 */
export class Informativeness {
  private readonly frames = new Map<string, number>();
  private readonly objects = new Map<string, number>();
  private readonly population: number;

  constructor(comparables: Iterable<Comparable>) {
    const seen = new Set<string>();
    for (const c of comparables) {
      if (seen.has(c.signature.text)) continue;
      seen.add(c.signature.text);
      const names = new Set<string>();
      for (const side of c.sides) for (const f of side) names.add(f.name);
      for (const name of names) this.frames.set(name, (this.frames.get(name) ?? 0) + 1);
      if (c.object) this.objects.set(c.object.key, (this.objects.get(c.object.key) ?? 0) + 1);
    }
    this.population = Math.max(seen.size, MIN_POPULATION);
  }

  frameShare(name: string): number {
    return (this.frames.get(name) ?? 0) / this.population;
  }

  /** 1 for a frame of one group among many, 0 for plumbing (PLUMBING_SHARE or more). */
  frameWeight(name: string): number {
    return Math.max(0, 1 - this.frameShare(name) / PLUMBING_SHARE);
  }

  isInformativeFrame(name: string): boolean {
    return this.frameShare(name) < PLUMBING_SHARE;
  }

  isInformativeObject(key: string): boolean {
    return (this.objects.get(key) ?? 0) / this.population < PLUMBING_SHARE;
  }
}
