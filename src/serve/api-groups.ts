import type { Hono } from 'hono';
import { apiNeeds } from './api-guard.js';
import type { AppEnv, ServeDeps } from './app-env.js';
import { groupDetail } from './group-detail.js';
import { listGroupsWithState } from './group-list.js';
import { groupListQuery, stateParam } from './list-queries.js';
import { problem } from './problem.js';

export const API_SCHEMA_VERSION = 1;

/** `GET /api/v1/groups` (filtered, paged) and `GET /api/v1/groups/{id}`. */
export function groupRoutes(app: Hono<AppEnv>, deps: ServeDeps): void {
  app.get('/api/v1/groups', apiNeeds(deps, 'read'), async (c) => {
    const query = groupListQuery((name) => c.req.query(name));
    const page = await listGroupsWithState(deps.store, query, stateParam(c.req.query('state')));
    return c.json({
      schemaVersion: API_SCHEMA_VERSION,
      total: page.total,
      limit: query.limit,
      offset: query.offset,
      groups: page.groups,
    });
  });

  app.get('/api/v1/groups/:id', apiNeeds(deps, 'read'), async (c) => {
    const id = c.req.param('id');
    const detail = await groupDetail(deps.store, id);
    if (detail === null) return problem(c, 'not-found', `no group has the id '${id}'`);
    return c.json({ schemaVersion: API_SCHEMA_VERSION, ...detail });
  });
}
