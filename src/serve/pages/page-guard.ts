import type { Context } from 'hono';
import { html } from '../../render/html-escape.js';
import type { AppEnv, ServeDeps } from '../app-env.js';
import { access } from '../auth.js';
import { crossSite, csrfToken, csrfValid } from '../csrf.js';
import type { Scope } from '../tokens.js';
import { page, pageCsp } from './layout.js';

/** Who the page shows as signed in. */
export function whoOf(c: Context<AppEnv>): string | null {
  const principal = c.get('principal');
  return principal.kind === 'token' ? principal.name : null;
}

/** A page answer with its CSP header. */
export function sendPage(
  c: Context<AppEnv>,
  deps: ServeDeps,
  title: string,
  body: ReturnType<typeof html>,
  options: { status?: 200 | 400 | 401 | 403 | 404; chart?: boolean } = {},
): Response {
  const chart = options.chart === true;
  c.header('Content-Security-Policy', pageCsp(chart));
  c.header('Cache-Control', 'no-store');
  const text = page({ title, who: whoOf(c), csrf: csrfToken(c, deps.signer), chart }, body);
  return c.html(text, options.status ?? 200);
}

/** Null when the page may be shown; else the answer: sign in first, or not allowed. */
export function pageDenied(c: Context<AppEnv>, deps: ServeDeps, scope: Scope): Response | null {
  const verdict = access(deps.auth, c.get('principal'), scope);
  if (verdict === 'ok') return null;
  if (verdict === 'unauthorized' && c.req.method === 'GET')
    return c.redirect(`/signin?next=${encodeURIComponent(new URL(c.req.url).pathname)}`, 303);
  return sendPage(
    c,
    deps,
    'Not allowed',
    html`<h1>Not allowed</h1><p>This needs a token with the <code>${scope}</code> scope. <a href="/signin">Sign in</a> with another token.</p>`,
    { status: verdict === 'unauthorized' ? 401 : 403 },
  );
}

/** A form post from another site, or without the page's CSRF token: refused. */
export function csrfRefused(
  c: Context<AppEnv>,
  deps: ServeDeps,
  sent: string | undefined,
): Response | null {
  if (!crossSite(c) && csrfValid(c, deps.signer, sent)) return null;
  return sendPage(
    c,
    deps,
    'Refused',
    html`<h1>Refused</h1><p>This form did not come from a racelens page of this server (its CSRF token is missing or wrong). Go back, reload the page and send it again.</p>`,
    { status: 403 },
  );
}
