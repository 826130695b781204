import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Store } from '../store/store.js';
import type { Principal } from './principal.js';
import type { Signer } from './signed-value.js';
import { hashToken, type Scope, tokenAllows } from './tokens.js';

export const SESSION_COOKIE = 'racelens_session';
/** A browser session lasts this long; then the user signs in again. */
export const SESSION_MS = 12 * 3_600_000;

export interface AuthSettings {
  /**
   * Tokens exist in the store: every request needs one (reads too, unless `publicRead`).
   * Without tokens the server is open, which `serve` allows on a loopback address only.
   */
  readonly tokensRequired: boolean;
  readonly publicRead: boolean;
}

export type Access = 'ok' | 'unauthorized' | 'forbidden';

/**
 * Who sent the request: a bearer token (`Authorization: Bearer rl_...`) first, else a browser
 * session cookie, each checked against the store so that a revoked token stops at once.
 */
export async function principalOf(c: Context, store: Store, signer: Signer): Promise<Principal> {
  const header = c.req.header('authorization');
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (match === null) return { kind: 'invalid' };
    const token = await store.tokenByHash(hashToken(match[1] ?? ''));
    if (token === null) return { kind: 'invalid' };
    return { kind: 'token', name: token.name, scopes: token.scopes, via: 'bearer' };
  }
  const cookie = getCookie(c, SESSION_COOKIE);
  if (cookie === undefined) return { kind: 'anonymous' };
  const session = readSession(signer, cookie);
  if (session === null) return { kind: 'anonymous' };
  const token = await store.tokenByHash(session);
  if (token === null) return { kind: 'anonymous' };
  return { kind: 'token', name: token.name, scopes: token.scopes, via: 'session' };
}

export function access(settings: AuthSettings, principal: Principal, scope: Scope): Access {
  if (!settings.tokensRequired) return 'ok';
  if (scope === 'read' && settings.publicRead && principal.kind !== 'invalid') return 'ok';
  if (principal.kind !== 'token') return 'unauthorized';
  return tokenAllows(principal.scopes, scope) ? 'ok' : 'forbidden';
}

/** The cookie value of a session of the token with this hash: signed, with its expiry. */
export function sessionValue(signer: Signer, tokenHash: string, now: number): string {
  return signer.sign(`${tokenHash}:${now + SESSION_MS}`);
}

/** The token hash of a valid, unexpired session cookie, else null. */
function readSession(signer: Signer, cookie: string): string | null {
  const value = signer.verify(cookie);
  if (value === null) return null;
  const [hash, expires] = value.split(':');
  if (hash === undefined || expires === undefined || Number(expires) < Date.now()) return null;
  return hash;
}
