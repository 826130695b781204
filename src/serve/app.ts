import { Hono } from 'hono';
import { StoreError } from '../store/store.js';
import { VERSION } from '../version.js';
import { decisionRoutes } from './api-decisions.js';
import { gateRoutes } from './api-gate.js';
import { groupRoutes } from './api-groups.js';
import { ingestRoutes } from './api-ingest.js';
import { runRoutes } from './api-runs.js';
import type { AppEnv, ServeDeps } from './app-env.js';
import { principalOf } from './auth.js';
import { openApiDocument } from './openapi.js';
import { pageRoutes } from './pages/page-routes.js';
import { problem } from './problem.js';
import { ParamError } from './query-params.js';

export interface AppOptions {
  /** One line per request (method, path, status, milliseconds). */
  readonly log?: (line: string) => void;
}

/**
 * The team server as a hono app: health, the JSON API under /api/v1 (described by the OpenAPI
 * document it serves) and the pages. Tests call `app.request()`; `serve` runs it on
 * @hono/node-server.
 */
export function createApp(deps: ServeDeps, options: AppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    const ms = (performance.now() - started).toFixed(1);
    options.log?.(
      `${new Date().toISOString()} ${c.req.method} ${new URL(c.req.url).pathname} ${c.res.status} ${ms}ms`,
    );
  });
  app.use(async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    c.header('X-Frame-Options', 'DENY');
  });
  app.use(async (c, next) => {
    c.set('principal', await principalOf(c, deps.store, deps.signer));
    await next();
  });

  app.get('/health', (c) =>
    c.json({ status: 'ok', version: VERSION, ingests: deps.inFlight.size }),
  );
  app.get('/api/v1/openapi.json', (c) => c.json(openApiDocument()));
  ingestRoutes(app, deps);
  groupRoutes(app, deps);
  runRoutes(app, deps);
  decisionRoutes(app, deps);
  gateRoutes(app, deps);
  pageRoutes(app, deps);

  app.notFound((c) => problem(c, 'not-found', `nothing at ${new URL(c.req.url).pathname}`));
  app.onError((error, c) => {
    if (error instanceof ParamError) return problem(c, 'bad-request', error.message);
    if (error instanceof StoreError) return problem(c, 'unavailable', error.message);
    options.log?.(`internal error: ${error.stack ?? error.message}`);
    return c.json(
      { error: 'internal', message: 'internal error in racelens (see the server log)' },
      500,
    );
  });
  return app;
}
