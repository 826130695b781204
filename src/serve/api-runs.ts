import type { Hono } from 'hono';
import { API_SCHEMA_VERSION } from './api-groups.js';
import { apiNeeds } from './api-guard.js';
import type { AppEnv, ServeDeps } from './app-env.js';
import { runListQuery } from './list-queries.js';
import { problem } from './problem.js';

/** `GET /api/v1/runs` (paged, by branch) and `GET /api/v1/runs/{name}` with its groups. */
export function runRoutes(app: Hono<AppEnv>, deps: ServeDeps): void {
  app.get('/api/v1/runs', apiNeeds(deps, 'read'), async (c) => {
    const query = runListQuery((name) => c.req.query(name));
    const page = await deps.store.listRuns(query);
    return c.json({
      schemaVersion: API_SCHEMA_VERSION,
      total: page.total,
      limit: query.limit,
      offset: query.offset,
      runs: page.runs,
    });
  });

  app.get('/api/v1/runs/:name', apiNeeds(deps, 'read'), async (c) => {
    const name = c.req.param('name');
    const found = await deps.store.runGroups(name);
    if (found === null) return problem(c, 'not-found', `no run is named '${name}'`);
    return c.json({ schemaVersion: API_SCHEMA_VERSION, ...found });
  });
}
