/**
 * Load: 8 clients at once, 50 logs each, against `racelens serve`'s app on 127.0.0.1 over a
 * real store (SQLite, and PostgreSQL when RACELENS_TEST_PG_URL is set), then the counts are
 * exactly those of sending them one by one. Half the logs of each client are the same bytes
 * as another client's in the same run: recorded once, whoever sends first.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { InFlight } from '../../src/serve/in-flight.js';
import { startServer } from '../../src/serve/server.js';
import { Signer } from '../../src/serve/signed-value.js';
import { openStore } from '../../src/store/open-store.js';
import { requirePostgres } from '../support/postgres.js';
import { type Engine, example, ingestPool, postgresEngine, sqliteEngine } from './harness.js';

const CLIENTS = 8;
const LOGS = 50;

/** Log `i` of client `c`: a real example with a line that makes its bytes its own. */
function logOf(client: number, i: number): { body: Buffer; run: string; unique: boolean } {
  const base = [example('bank.gcc.log'), example('ci-run.log'), example('inventory.clang19.log')][
    i % 3
  ];
  // Even logs are shared by client pairs (0-1, 2-3, ...): same run, same bytes.
  const unique = i % 2 === 1;
  const owner = unique ? client : client - (client % 2);
  return {
    body: Buffer.concat([Buffer.from(`log ${owner}/${i}\n`), base as Buffer]),
    run: `load-${i % 5}`,
    unique,
  };
}

function loadSuite(engine: Engine): void {
  afterAll(() => engine.cleanup());
  it(`${CLIENTS} clients x ${LOGS} logs on ${engine.name}: nothing lost, nothing twice`, async () => {
    const db = await engine.fresh();
    const store = await openStore({ db, create: true });
    if (store === null) throw new Error('no store');
    // Two worker threads, as on a machine of 3 CPUs: two writers at once, each its own connection.
    const ingest = ingestPool(db, 2);
    const server = await startServer(
      {
        store,
        auth: { tokensRequired: false, publicRead: false },
        signer: new Signer(randomBytes(32)),
        ingestLimit: 1 << 24,
        inFlight: new InFlight(),
        ingest,
      },
      { host: '127.0.0.1', port: 0 },
    );
    try {
      const statuses: Record<string, number> = {};
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, client) => {
          for (let i = 0; i < LOGS; i++) {
            const log = logOf(client, i);
            const response = await fetch(`${server.url}/api/v1/ingest?run=${log.run}&branch=main`, {
              method: 'POST',
              body: log.body,
            });
            const answer = (await response.json()) as { status: string };
            statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
          }
        }),
      );
      const distinct = CLIENTS * (LOGS / 2) + (CLIENTS / 2) * (LOGS / 2);
      expect(statuses).toEqual({ recorded: distinct, duplicate: CLIENTS * LOGS - distinct });
      const runs = await store.listRuns({ limit: 10, offset: 0 });
      expect(runs.total).toBe(5);
      expect(runs.runs.reduce((n, r) => n + r.inputs, 0)).toBe(distinct);
      // Reports per log: bank 1, ci-run 2, inventory 3; each distinct log counted once.
      let reports = 0;
      for (let client = 0; client < CLIENTS; client++)
        for (let i = 0; i < LOGS; i++)
          if (logOf(client, i).unique || client % 2 === 0) reports += [1, 2, 3][i % 3] ?? 0;
      expect(runs.runs.reduce((n, r) => n + r.reports, 0)).toBe(reports);
      const groups = await store.listGroups({ limit: 100, offset: 0 });
      expect(groups.total).toBe(5);
      expect(groups.groups.reduce((n, g) => n + g.reports, 0)).toBe(reports);
    } finally {
      await server.close();
      await ingest.close();
      await store.close();
    }
  }, 300_000);
}

describe('ingest under load', () => {
  loadSuite(sqliteEngine());
  const pg = postgresEngine();
  if (pg === null) it('on PostgreSQL', (ctx) => requirePostgres(ctx));
  else loadSuite(pg);
});
