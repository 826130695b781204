import type { Hono } from 'hono';
import { apiNeeds } from './api-guard.js';
import type { AppEnv, ServeDeps } from './app-env.js';
import { IngestWorkerError } from './ingest-pool.js';
import { inProcessIngest } from './ingest-runner.js';
import { problem } from './problem.js';
import { textParam } from './query-params.js';

/**
 * `POST /api/v1/ingest?run=&commit=&branch=&job=&name=`: one log as the body, plain or gzip,
 * streamed through the parser. 201 recorded, 200 already recorded (same bytes in the run),
 * 413 over the limit and 400 unreadable (bad gzip, cut short), both with nothing stored.
 */
export function ingestRoutes(app: Hono<AppEnv>, deps: ServeDeps): void {
  const runner = deps.ingest ?? inProcessIngest(deps.store, deps.config);
  app.post('/api/v1/ingest', apiNeeds(deps, 'ingest'), async (c) => {
    const params = {
      run: textParam(c.req.query('run'), 'run'),
      commit: textParam(c.req.query('commit'), 'commit'),
      branch: textParam(c.req.query('branch'), 'branch'),
      job: textParam(c.req.query('job'), 'job'),
      name: textParam(c.req.query('name'), 'name', 1000),
    };
    const declared = Number(c.req.header('content-length') ?? Number.NaN);
    if (declared > deps.ingestLimit) return tooLarge(c, deps.ingestLimit);
    const outcome = await deps.inFlight
      .run(() => runner.run(c.req.raw.body, params, deps.ingestLimit))
      .catch((error: unknown) => {
        if (!(error instanceof IngestWorkerError)) throw error;
        return { status: 'worker-failed' as const, message: error.message };
      });
    switch (outcome.status) {
      case 'worker-failed':
        return problem(
          c,
          'unavailable',
          `nothing stored: ${outcome.message}; the server goes on with a new worker, send the log again`,
        );
      case 'too-large':
        return tooLarge(c, outcome.limit);
      case 'unreadable':
        return problem(
          c,
          'bad-body',
          `nothing stored: the body could not be read to its end (${outcome.message}); send the log as it is, or gzip it whole`,
        );
      case 'duplicate':
        return c.json(
          { status: 'duplicate', run: outcome.run, sha256: outcome.sha256, bytes: outcome.bytes },
          200,
        );
      case 'recorded': {
        const recorded = outcome.outcome;
        const counts =
          recorded.status === 'recorded'
            ? { reports: recorded.reports, groups: recorded.groups, newGroups: recorded.newGroups }
            : { reports: 0, groups: 0, newGroups: 0 };
        return c.json(
          {
            status: 'recorded',
            run: outcome.run,
            sha256: outcome.sha256,
            bytes: outcome.bytes,
            ...counts,
          },
          201,
        );
      }
    }
  });
}

function tooLarge(c: Parameters<typeof problem>[0], limit: number): Response {
  return problem(
    c,
    'too-large',
    `nothing stored: the body is larger than the server's limit of ${limit} bytes; gzip the log, split it, or start the server with a larger --max-body`,
  );
}
