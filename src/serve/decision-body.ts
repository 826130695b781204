import { z } from 'zod';
import type { DecideRequest } from '../decide/decide.js';
import { issueRef } from '../decide/issue-ref.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const short = z.string().trim().min(1).max(500);

/** A decision as the API and the group page's form send it. */
export const DecisionBody = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('filed'),
    ref: short.refine((ref) => issueRef(ref) !== null, 'an issue URL or owner/repo#N'),
    title: short.nullish(),
    state: z.enum(['open', 'closed']).default('open'),
  }),
  z.object({ kind: z.literal('duplicate-of'), group: short }),
  z.object({ kind: z.literal('related-to'), target: short }),
  z.object({
    kind: z.literal('ignored'),
    reason: short,
    until: z.string().regex(ISO_DATE, 'a date YYYY-MM-DD').nullish(),
  }),
  z.object({ kind: z.literal('fixed'), in: short.nullish() }),
  z.object({ kind: z.literal('undo'), entry: z.number().int().positive().nullish() }),
]);

export type DecisionBody = z.infer<typeof DecisionBody>;

/** The body as the library's request. */
export function decideRequest(body: DecisionBody): DecideRequest {
  switch (body.kind) {
    case 'filed':
      return {
        kind: 'add',
        decision: {
          kind: 'filed',
          ref: issueRef(body.ref) ?? body.ref,
          title: body.title ?? null,
          state: body.state,
        },
      };
    case 'duplicate-of':
      return { kind: 'duplicate-of', group: body.group };
    case 'related-to':
      return { kind: 'add', decision: { kind: 'related-to', target: body.target } };
    case 'ignored':
      return {
        kind: 'add',
        decision: { kind: 'ignored', reason: body.reason, until: body.until ?? null },
      };
    case 'fixed':
      return { kind: 'add', decision: { kind: 'fixed', in: body.in ?? null } };
    case 'undo':
      return { kind: 'undo', entry: body.entry ?? null };
  }
}

/** One line saying what is wrong with a body. */
export function bodyProblem(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
    .join('; ');
}
