/**
 * `racelens serve` parses, triages and records ingests in worker threads (ingest-pool.ts):
 * the main thread never records (its store refuses to here), keeps answering while a large
 * log is parsed, and a worker that dies or a body cut short stores nothing while the server
 * goes on serving. SQLite, and PostgreSQL when RACELENS_TEST_PG_URL is set.
 */
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { InFlight } from '../../src/serve/in-flight.js';
import type { IngestPool } from '../../src/serve/ingest-pool.js';
import { type RunningServer, startServer } from '../../src/serve/server.js';
import { Signer } from '../../src/serve/signed-value.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { requirePostgres } from '../support/postgres.js';
import { type Engine, example, ingestPool, postgresEngine, sqliteEngine } from './harness.js';

const DYING_WORKER = new URL('./fixtures/dying-ingest-worker.mjs', import.meta.url);

/** The server's own store, refusing to record: a recorded ingest was recorded elsewhere. */
function readOnlyOnThisThread(store: Store): Store {
  const refuse = () => Promise.reject(new Error('an ingest was recorded on the main thread'));
  return new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'recordInput' || key === 'openRun') return refuse;
      const value: unknown = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

interface Running {
  readonly server: RunningServer;
  readonly store: Store;
  readonly inFlight: InFlight;
  stop(): Promise<void>;
}

async function running(engine: Engine, script?: URL, ingestLimit = 1 << 26): Promise<Running> {
  const db = await engine.fresh();
  const store = await openStore({ db, create: true });
  if (store === null) throw new Error('no store');
  const ingest: IngestPool = ingestPool(db, 1, script);
  const inFlight = new InFlight();
  const server = await startServer(
    {
      store: readOnlyOnThisThread(store),
      auth: { tokensRequired: false, publicRead: false },
      signer: new Signer(randomBytes(32)),
      ingestLimit,
      inFlight,
      ingest,
    },
    { host: '127.0.0.1', port: 0 },
  );
  return {
    server,
    store,
    inFlight,
    async stop() {
      await server.close();
      await ingest.close();
      await store.close();
    },
  };
}

async function post(url: string, body: Buffer | ReadableStream<Uint8Array>): Promise<Response> {
  return fetch(`${url}/api/v1/ingest?run=r&branch=main`, {
    method: 'POST',
    body,
    duplex: 'half',
  } as RequestInit);
}

async function health(url: string): Promise<{ status: string; ingests: number }> {
  return (await (await fetch(`${url}/health`)).json()) as { status: string; ingests: number };
}

async function storedRuns(store: Store): Promise<number> {
  return (await store.listRuns({ limit: 10, offset: 0 })).total;
}

function workerSuite(engine: Engine): void {
  afterAll(() => engine.cleanup());

  it(`records in a worker and answers /health while a large log is parsed (${engine.name})`, async () => {
    const s = await running(engine);
    try {
      const copies = 2000;
      const log = example('inventory.clang19.log');
      let sent = 0;
      let release: () => void = () => {};
      const halfway = new Promise<void>((resolve) => {
        release = resolve;
      });
      let resume: () => void = () => {};
      const paused = new Promise<void>((resolve) => {
        resume = resolve;
      });
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (sent === copies / 2) {
            release();
            await paused;
          }
          if (sent === copies) return controller.close();
          controller.enqueue(new Uint8Array(log));
          sent++;
        },
      });
      const answer = post(s.server.url, body);
      await halfway;
      // Half the log is with the worker; the main thread answers and counts the ingest.
      expect(await health(s.server.url)).toMatchObject({ status: 'ok', ingests: 1 });
      resume();
      const response = await answer;
      expect(response.status).toBe(201);
      expect(await response.json()).toMatchObject({ status: 'recorded', reports: 3 * copies });
      const groups = await s.store.listGroups({ limit: 10, offset: 0 });
      expect(groups.groups.reduce((n, g) => n + g.reports, 0)).toBe(3 * copies);
    } finally {
      await s.stop();
    }
  });

  it(`stores nothing when the worker dies mid-ingest, and starts another (${engine.name})`, async () => {
    const s = await running(engine, DYING_WORKER);
    try {
      const dying = Buffer.concat([example('bank.gcc.log'), Buffer.from('racelens-test: die\n')]);
      const died = await post(s.server.url, dying);
      expect(died.status).toBe(503);
      expect(await died.json()).toMatchObject({
        error: 'unavailable',
        message: expect.stringMatching(
          /^nothing stored: the ingest worker stopped \(exit code 3\)/,
        ),
      });
      expect(await storedRuns(s.store)).toBe(0);
      expect(await health(s.server.url)).toMatchObject({ status: 'ok', ingests: 0 });
      const next = await post(s.server.url, example('bank.gcc.log'));
      expect(next.status).toBe(201);
      expect(await storedRuns(s.store)).toBe(1);
    } finally {
      await s.stop();
    }
  });

  it(`answers 413 over the limit without waiting for a client that stalls (${engine.name})`, async () => {
    const s = await running(engine, undefined, 4000);
    try {
      const { port } = new URL(s.server.url);
      const socket = connect(Number(port), '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      let answer = '';
      const answered = new Promise<void>((resolve) =>
        socket.on('data', (chunk: Buffer) => {
          answer += chunk.toString();
          if (answer.includes('\r\n\r\n')) resolve();
        }),
      );
      // Chunked: no length to refuse up front. 6,000 bytes, then the client sends no more.
      const log = Buffer.concat([example('ci-run.log')]).subarray(0, 6000);
      socket.write(
        'POST /api/v1/ingest?run=big HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n',
      );
      socket.write(`${log.length.toString(16)}\r\n`);
      socket.write(log);
      socket.write('\r\n');
      await answered;
      socket.destroy();
      expect(answer).toMatch(/^HTTP\/1\.1 413 /);
      await s.inFlight.idle();
      expect(await storedRuns(s.store)).toBe(0);
    } finally {
      await s.stop();
    }
  });

  it(`stores nothing of a body cut short by the client (${engine.name})`, async () => {
    const s = await running(engine);
    try {
      const { port } = new URL(s.server.url);
      const log = example('ci-run.log');
      const socket = connect(Number(port), '127.0.0.1');
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.write(
        `POST /api/v1/ingest?run=cut HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${log.length * 4}\r\n\r\n`,
      );
      socket.write(log);
      // The server has the ingest under way; then the client goes away mid-body.
      await expect.poll(() => s.inFlight.size).toBe(1);
      socket.destroy();
      await s.inFlight.idle();
      expect(await storedRuns(s.store)).toBe(0);
      const next = await post(s.server.url, log);
      expect(next.status).toBe(201);
      expect(await storedRuns(s.store)).toBe(1);
    } finally {
      await s.stop();
    }
  });
}

describe('ingest worker threads', () => {
  workerSuite(sqliteEngine());
  const pg = postgresEngine();
  if (pg === null) it('on PostgreSQL', (ctx) => requirePostgres(ctx));
  else workerSuite(pg);
});
