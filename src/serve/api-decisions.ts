import type { Context, Hono } from 'hono';
import { DecideError, decide } from '../decide/decide.js';
import { StoreError } from '../store/store.js';
import { API_SCHEMA_VERSION } from './api-groups.js';
import { apiNeeds } from './api-guard.js';
import type { AppEnv, ServeDeps } from './app-env.js';
import { bodyProblem, DecisionBody, decideRequest } from './decision-body.js';
import { problem } from './problem.js';

/**
 * `POST /api/v1/groups/{id}/decisions`: make a decision or undo one (`{ kind: 'undo' }`),
 * recorded as the token's name. Needs the decide scope.
 */
export function decisionRoutes(app: Hono<AppEnv>, deps: ServeDeps): void {
  app.post('/api/v1/groups/:id/decisions', apiNeeds(deps, 'decide'), async (c) => {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      return problem(
        c,
        'bad-request',
        'the body must be JSON: { "kind": "filed", "ref": "owner/repo#1" }',
      );
    }
    const parsed = DecisionBody.safeParse(raw);
    if (!parsed.success) return problem(c, 'bad-request', bodyProblem(parsed.error));
    const made = await recordDecision(c, deps, c.req.param('id'), parsed.data);
    if (made instanceof Response) return made;
    return c.json(
      { schemaVersion: API_SCHEMA_VERSION, group: made.group.shortId, entry: made.entry },
      201,
    );
  });
}

/** Records a decision as who made the request; a Response for what the user must fix. */
export async function recordDecision(
  c: Context<AppEnv>,
  deps: ServeDeps,
  id: string,
  body: DecisionBody,
): Promise<Awaited<ReturnType<typeof decide>> | Response> {
  const principal = c.get('principal');
  const by = principal.kind === 'token' ? principal.name : 'local';
  try {
    return await decide(deps.store, id, decideRequest(body), by);
  } catch (error) {
    if (error instanceof DecideError) return problem(c, 'bad-request', error.message);
    if (
      error instanceof StoreError &&
      /^no group has the id|too short for a group id|is the start of/.test(error.message)
    )
      return problem(c, 'not-found', error.message);
    throw error;
  }
}
