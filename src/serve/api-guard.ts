import type { Context } from 'hono';
import type { AppEnv, AppMiddleware, ServeDeps } from './app-env.js';
import { access } from './auth.js';
import { crossSite, csrfValid } from './csrf.js';
import { problem } from './problem.js';
import type { Scope } from './tokens.js';

/**
 * An API route's guard: the scope it needs (401 without a valid token, 403 when the token
 * lacks the scope), and for a state-changing request, no cross-site origin and, when the
 * browser's session cookie authenticates it, the page's CSRF token in `X-CSRF-Token`.
 */
export function apiNeeds(deps: ServeDeps, scope: Scope): AppMiddleware {
  return async (c, next) => {
    const principal = c.get('principal');
    const verdict = access(deps.auth, principal, scope);
    if (verdict === 'unauthorized')
      return problem(
        c,
        'unauthorized',
        principal.kind === 'invalid'
          ? 'the token is unknown or revoked; ask an admin for a token (racelens token create)'
          : `this needs a token with the '${scope}' scope: send Authorization: Bearer <token>`,
      );
    if (verdict === 'forbidden')
      return problem(c, 'forbidden', `this token lacks the '${scope}' scope`);
    if (isUnsafe(c) && !csrfOk(c, deps))
      return problem(
        c,
        'csrf',
        'cross-site request refused: a browser request must come from racelens pages and carry their CSRF token',
      );
    await next();
  };
}

function isUnsafe(c: Context<AppEnv>): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method);
}

function csrfOk(c: Context<AppEnv>, deps: ServeDeps): boolean {
  if (crossSite(c)) return false;
  const principal = c.get('principal');
  if (principal.kind === 'token' && principal.via === 'session')
    return csrfValid(c, deps.signer, c.req.header('x-csrf-token'));
  return true;
}
