import { randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from './app-env.js';
import { type Signer, sameText } from './signed-value.js';

export const CSRF_COOKIE = 'racelens_csrf';
/** The form field (or `X-CSRF-Token` header) that carries the page's CSRF token. */
export const CSRF_FIELD = '_csrf';

/**
 * The CSRF token a page puts in its forms: the server's mac of a random cookie value
 * (HttpOnly, SameSite=Strict, so another site can neither read nor send it). Sets the cookie
 * when the browser has none.
 */
export function csrfToken(c: Context<AppEnv>, signer: Signer): string {
  let value = c.get('csrfCookie') ?? getCookie(c, CSRF_COOKIE);
  if (value === undefined || !/^[A-Za-z0-9_-]{20,100}$/.test(value)) {
    value = randomBytes(24).toString('base64url');
    setCookie(c, CSRF_COOKIE, value, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
    });
    c.set('csrfCookie', value);
  }
  return signer.mac(value);
}

/** A state-changing browser request carries the token made from its own cookie. */
export function csrfValid(c: Context, signer: Signer, sent: string | undefined): boolean {
  const cookie = getCookie(c, CSRF_COOKIE);
  if (cookie === undefined || sent === undefined) return false;
  return sameText(sent, signer.mac(cookie));
}

/**
 * A request another site's page may have sent: an `Origin` that is not this server's, or a
 * browser's `Sec-Fetch-Site` saying so. Programs (curl, the racelens client) send neither.
 */
export function crossSite(c: Context): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site === 'cross-site' || site === 'same-site') return true;
  const origin = c.req.header('origin');
  if (origin === undefined) return false;
  // A privacy-minded browser sends `Origin: null`; its Sec-Fetch-Site then says where from.
  if (origin === 'null') return site !== 'same-origin';
  return origin !== new URL(c.req.url).origin;
}
