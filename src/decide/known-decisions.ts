import { z } from 'zod';
import type { Decision } from './decision.js';

/**
 * Decisions as the `--known` file (racelens known export) writes them under each entry: the
 * decision's own fields, and who made it and when. Read back by `known import` and by
 * `--known` (so CI can apply them without a store).
 */
const who = { by: z.string().optional(), at: z.string().optional() };

export const KnownDecisionSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('filed'),
    ref: z.string().min(1),
    title: z.string().nullable().optional(),
    state: z.enum(['open', 'closed']).optional(),
    ...who,
  }),
  z.object({ kind: z.literal('duplicate-of'), group: z.string().min(1), ...who }),
  z.object({ kind: z.literal('related-to'), target: z.string().min(1), ...who }),
  z.object({
    kind: z.literal('ignored'),
    reason: z.string().min(1),
    until: z.string().nullable().optional(),
    ...who,
  }),
  z.object({ kind: z.literal('fixed'), in: z.string().nullable().optional(), ...who }),
]);

export type KnownDecisionEntry = z.infer<typeof KnownDecisionSchema>;

/** A decision of a known file with who and when, when the file says. */
export interface KnownDecision {
  readonly decision: Exclude<Decision, { kind: 'undo' }>;
  readonly by: string | null;
  readonly at: string | null;
}

export function knownDecision(entry: KnownDecisionEntry): KnownDecision {
  const meta = { by: entry.by ?? null, at: entry.at ?? null };
  switch (entry.kind) {
    case 'filed':
      return {
        decision: {
          kind: 'filed',
          ref: entry.ref,
          title: entry.title ?? null,
          state: entry.state ?? 'open',
        },
        ...meta,
      };
    case 'duplicate-of':
      return { decision: { kind: 'duplicate-of', group: entry.group }, ...meta };
    case 'related-to':
      return { decision: { kind: 'related-to', target: entry.target }, ...meta };
    case 'ignored':
      return {
        decision: { kind: 'ignored', reason: entry.reason, until: entry.until ?? null },
        ...meta,
      };
    case 'fixed':
      return { decision: { kind: 'fixed', in: entry.in ?? null }, ...meta };
  }
}
