import type { Hono } from 'hono';
import type { BaselineResult } from '../store/store.js';
import { StoreError } from '../store/store.js';
import { API_SCHEMA_VERSION } from './api-groups.js';
import { apiNeeds } from './api-guard.js';
import type { AppEnv, ServeDeps } from './app-env.js';
import { gateRun } from './gate-run.js';
import { problem } from './problem.js';
import { ParamError, textParam } from './query-params.js';

/**
 * `GET /api/v1/gate?run=&baseline=`: a stored run against a baseline; and
 * `GET /api/v1/baselines/{name}`: a baseline's signatures, for `racelens gate --server`, which
 * triages its logs itself (with its own suppressions and known issues) and asks only this.
 */
export function gateRoutes(app: Hono<AppEnv>, deps: ServeDeps): void {
  const baselineOf = async (name: string): Promise<BaselineResult | string> => {
    try {
      return await deps.store.baselineSignatures(name);
    } catch (error) {
      if (error instanceof StoreError && error.message.startsWith('no run or branch named'))
        return error.message;
      throw error;
    }
  };

  app.get('/api/v1/baselines/:name', apiNeeds(deps, 'read'), async (c) => {
    const name = c.req.param('name');
    const baseline = await baselineOf(name);
    if (typeof baseline === 'string') return problem(c, 'not-found', baseline);
    return c.json({
      schemaVersion: API_SCHEMA_VERSION,
      name,
      kind: baseline.kind,
      runs: baseline.runs,
      signatures: [...baseline.signatures].sort(),
    });
  });

  app.get('/api/v1/gate', apiNeeds(deps, 'read'), async (c) => {
    const runName = textParam(c.req.query('run'), 'run');
    const name = textParam(c.req.query('baseline'), 'baseline');
    if (runName === undefined || name === undefined)
      throw new ParamError('gate needs both run (the run to judge) and baseline (a branch or run)');
    const run = await deps.store.runGroups(runName);
    if (run === null) return problem(c, 'not-found', `no run is named '${runName}'`);
    const baseline = await baselineOf(name);
    if (typeof baseline === 'string') return problem(c, 'not-found', baseline);
    const verdict = await gateRun(deps.store, run, name, baseline);
    return c.json({ schemaVersion: API_SCHEMA_VERSION, ...verdict });
  });
}
