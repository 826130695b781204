import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiChecker, type Engine, example, type ServerSpec, testServer } from './harness.js';

type Json = Record<string, unknown> & { readonly [key: string]: unknown };

/**
 * The API on one engine: every operation of the OpenAPI document called, each answer checked
 * against the document's schema, and every operation's errors (400, 401, 403, 404, 413).
 */
export function apiSuite(engine: Engine): void {
  const checker = new ApiChecker();
  afterAll(() => engine.cleanup());

  async function server(spec: ServerSpec = {}) {
    const made = await testServer(engine, spec);
    const call = async (
      method: string,
      url: string,
      init: {
        body?: Buffer | ReadableStream<Uint8Array> | string;
        headers?: Record<string, string>;
      } = {},
    ): Promise<{ status: number; body: Json }> => {
      const response = await made.app.request(url, {
        method,
        body: init.body,
        headers: init.headers,
        ...(init.body instanceof ReadableStream ? { duplex: 'half' } : {}),
      } as RequestInit);
      const status = response.status;
      return { status, body: (await checker.check(method, url, response)) as Json };
    };
    return { ...made, call };
  }

  describe(`API on ${engine.name}`, () => {
    it('serves health and an OpenAPI document', async () => {
      const s = await server();
      try {
        expect((await s.call('GET', '/health')).body).toMatchObject({ status: 'ok' });
        const doc = await s.call('GET', '/api/v1/openapi.json');
        expect(doc.body.openapi).toBe('3.1.0');
      } finally {
        await s.close();
      }
    });

    it('ingests plain and gzip logs once by content, and lists groups and runs', async () => {
      const s = await server();
      try {
        const bank = await s.call(
          'POST',
          '/api/v1/ingest?run=r1&branch=main&commit=c1&name=bank.log',
          {
            body: example('bank.gcc.log'),
          },
        );
        expect(bank).toMatchObject({
          status: 201,
          body: { status: 'recorded', run: 'r1', reports: 1, groups: 1, newGroups: 1 },
        });
        const again = await s.call('POST', '/api/v1/ingest?run=r1', {
          body: example('bank.gcc.log'),
        });
        expect(again.body).toMatchObject({ status: 'duplicate', run: 'r1' });
        const gz = await s.call('POST', '/api/v1/ingest?run=r2&branch=feature', {
          body: gzipSync(example('inventory.clang19.log')),
          headers: { 'content-type': 'application/gzip' },
        });
        expect(gz.body).toMatchObject({ status: 'recorded', reports: 3, groups: 3, newGroups: 3 });
        // Without a run name, the run is named from the body: the same body is the same run.
        const unnamed = await s.call('POST', '/api/v1/ingest', { body: example('ci-run.log') });
        const unnamedAgain = await s.call('POST', '/api/v1/ingest', {
          body: example('ci-run.log'),
        });
        expect(unnamed.body.run).toMatch(/^inputs:/);
        expect(unnamedAgain.body).toMatchObject({ status: 'duplicate', run: unnamed.body.run });

        const groups = await s.call('GET', '/api/v1/groups?limit=2');
        expect(groups.body).toMatchObject({ total: 5, limit: 2, offset: 0 });
        expect(groups.body.groups).toHaveLength(2);
        const onFeature = await s.call('GET', '/api/v1/groups?branch=feature&text=RESTOCK');
        expect(
          (onFeature.body.groups as Json[]).every((g) => String(g.title).includes('restock')),
        ).toBe(true);
        expect(onFeature.body.total).toBeGreaterThan(0);
        const races = await s.call('GET', '/api/v1/groups?kind=data%20race&since=2000-01-01');
        expect((races.body.groups as Json[]).every((g) => g.kind === 'data race')).toBe(true);
        expect((await s.call('GET', '/api/v1/groups?limit=x')).status).toBe(400);
        expect((await s.call('GET', '/api/v1/groups?since=yesterday')).status).toBe(400);

        const runs = await s.call('GET', '/api/v1/runs');
        expect((runs.body.runs as Json[]).map((r) => r.name)).toEqual([
          unnamed.body.run,
          'r2',
          'r1',
        ]);
        const r1 = await s.call('GET', '/api/v1/runs/r1');
        expect(r1.body).toMatchObject({
          run: { name: 'r1', commit: 'c1', inputs: 1, newGroups: 1 },
        });
        expect((await s.call('GET', '/api/v1/runs/nope')).status).toBe(404);

        const id = (r1.body.groups as Json[])[0]?.id as string;
        const group = await s.call('GET', `/api/v1/groups/${id.slice(0, 6)}`);
        expect(group.body).toMatchObject({ group: { id }, totalRuns: 3 });
        expect((group.body.report as Json).kindId).toBe('data-race');
        expect((group.body.runs as Json[]).map((r) => r.name)).toContain('r1');
        for (const unknown of ['0000000000', 'zz<script>', '12'])
          expect(
            (await s.call('GET', `/api/v1/groups/${encodeURIComponent(unknown)}`)).status,
          ).toBe(404);
      } finally {
        await s.close();
      }
    });

    it('refuses an oversized body (413) and malformed gzip (400), storing nothing', async () => {
      const s = await server({ ingestLimit: 2000 });
      try {
        const big = Buffer.concat([example('inventory.clang19.log'), example('bank.gcc.log')]);
        expect(big.length).toBeGreaterThan(2000);
        const declared = await s.call('POST', '/api/v1/ingest?run=big', { body: big });
        expect(declared).toMatchObject({ status: 413, body: { error: 'too-large' } });
        // Streamed without a length: refused when the limit is passed.
        const streamed = new ReadableStream<Uint8Array>({
          start(controller) {
            for (let at = 0; at < big.length; at += 500)
              controller.enqueue(big.subarray(at, at + 500));
            controller.close();
          },
        });
        const chunked = await s.call('POST', '/api/v1/ingest?run=big', { body: streamed });
        expect(chunked).toMatchObject({ status: 413, body: { error: 'too-large' } });
        const broken = gzipSync(example('bank.gcc.log'));
        const at = broken.length - 12;
        broken.writeUInt8((broken.readUInt8(at) ^ 0xff) & 0xff, at);
        const bad = await s.call('POST', '/api/v1/ingest?run=bad', { body: broken });
        expect(bad).toMatchObject({ status: 400, body: { error: 'bad-body' } });
        const cut = gzipSync(example('bank.gcc.log')).subarray(0, 60);
        expect((await s.call('POST', '/api/v1/ingest?run=bad', { body: cut })).status).toBe(400);
        expect((await s.call('GET', '/api/v1/runs')).body.total).toBe(0);
        expect((await s.call('GET', '/api/v1/groups')).body.total).toBe(0);
      } finally {
        await s.close();
      }
    });

    it('gates a stored run against a branch, and gives a baseline for gate --server', async () => {
      const s = await server();
      try {
        await s.call('POST', '/api/v1/ingest?run=m1&branch=main', {
          body: example('bank.gcc.log'),
        });
        await s.call('POST', '/api/v1/ingest?run=pr&branch=pr-7', { body: example('ci-run.log') });
        const gate = await s.call('GET', '/api/v1/gate?run=pr&baseline=main');
        expect(gate.body).toMatchObject({ passed: false, counts: { new: 1, baseline: 1 } });
        // A run of the baseline branch is judged against the branch's other runs.
        const self = await s.call('GET', '/api/v1/gate?run=m1&baseline=main');
        expect(self.body).toMatchObject({ passed: false, counts: { new: 1, baseline: 0 } });
        await s.call('POST', '/api/v1/ingest?run=m2&branch=main', {
          body: example('bank.gcc.log'),
        });
        expect((await s.call('GET', '/api/v1/gate?run=m2&baseline=main')).body.passed).toBe(true);
        const baseline = await s.call('GET', '/api/v1/baselines/main');
        expect(baseline.body).toMatchObject({ kind: 'branch', runs: 2 });
        expect(baseline.body.signatures).toEqual(['v2|data-race|add_interest|deposit|heap']);
        expect((await s.call('GET', '/api/v1/baselines/nope')).status).toBe(404);
        expect((await s.call('GET', '/api/v1/gate?run=nope&baseline=main')).status).toBe(404);
        expect((await s.call('GET', '/api/v1/gate?run=pr&baseline=nope')).status).toBe(404);
        expect((await s.call('GET', '/api/v1/gate?run=pr')).status).toBe(400);
      } finally {
        await s.close();
      }
    });

    it('answers 401 and 403 by scope when tokens exist, and opens reading with public read', async () => {
      const s = await server({
        tokens: { reader: ['read'], ci: ['ingest'], triager: ['decide'], boss: ['admin'] },
      });
      const bearer = (name: string) => ({ authorization: `Bearer ${s.tokens[name]}` });
      try {
        expect((await s.call('GET', '/api/v1/groups')).status).toBe(401);
        expect(
          (await s.call('GET', '/api/v1/runs', { headers: { authorization: 'Bearer rl_nope' } }))
            .status,
        ).toBe(401);
        expect(
          (await s.call('GET', '/api/v1/groups', { headers: { authorization: 'Basic x' } })).status,
        ).toBe(401);
        for (const name of ['reader', 'ci', 'triager', 'boss'])
          expect((await s.call('GET', '/api/v1/runs', { headers: bearer(name) })).status).toBe(200);
        const log = () => ({ body: example('bank.gcc.log') });
        expect((await s.call('POST', '/api/v1/ingest?run=a', log())).status).toBe(401);
        expect(
          (await s.call('POST', '/api/v1/ingest?run=a', { ...log(), headers: bearer('reader') }))
            .status,
        ).toBe(403);
        expect(
          (await s.call('POST', '/api/v1/ingest?run=a', { ...log(), headers: bearer('triager') }))
            .status,
        ).toBe(403);
        expect(
          (await s.call('POST', '/api/v1/ingest?run=a', { ...log(), headers: bearer('ci') }))
            .status,
        ).toBe(201);
        expect(
          (await s.call('POST', '/api/v1/ingest?run=b', { ...log(), headers: bearer('boss') }))
            .status,
        ).toBe(201);
        // Revoked: refused at once.
        await s.store.revokeToken('ci');
        expect(
          (await s.call('POST', '/api/v1/ingest?run=c', { ...log(), headers: bearer('ci') }))
            .status,
        ).toBe(401);
        // Health and the document are open.
        expect((await s.call('GET', '/health')).status).toBe(200);
      } finally {
        await s.close();
      }
      const open = await server({ tokens: { ci: ['ingest'] }, publicRead: true });
      try {
        expect((await open.call('GET', '/api/v1/groups')).status).toBe(200);
        expect(
          (await open.call('POST', '/api/v1/ingest?run=a', { body: example('bank.gcc.log') }))
            .status,
        ).toBe(401);
      } finally {
        await open.close();
      }
    });

    it('refuses a cross-site state-changing request (CSRF), even on an open server', async () => {
      const s = await server();
      try {
        const evil = await s.call('POST', '/api/v1/ingest?run=x', {
          body: example('bank.gcc.log'),
          headers: { origin: 'https://evil.example' },
        });
        expect(evil).toMatchObject({ status: 403, body: { error: 'csrf' } });
        const fetchMeta = await s.call('POST', '/api/v1/ingest?run=x', {
          body: example('bank.gcc.log'),
          headers: { 'sec-fetch-site': 'cross-site' },
        });
        expect(fetchMeta.status).toBe(403);
        expect((await s.call('GET', '/api/v1/runs')).body.total).toBe(0);
      } finally {
        await s.close();
      }
    });

    it('records decisions by scope, lists groups by state, and flags a fixed group seen again as regressed', async () => {
      const s = await server({ tokens: { ci: ['ingest'], triager: ['decide'] } });
      const as = (name: string) => ({
        authorization: `Bearer ${s.tokens[name]}`,
        'content-type': 'application/json',
      });
      try {
        const first = await s.call('POST', '/api/v1/ingest?run=r1', {
          body: example('ci-run.log'),
          headers: as('ci'),
        });
        expect(first.status).toBe(201);
        const groups = (await s.call('GET', '/api/v1/groups', { headers: as('ci') })).body
          .groups as Json[];
        expect(groups.map((g) => g.state)).toEqual(['new', 'new']);
        const [a, b] = groups.map((g) => String(g.id));
        const fixed = JSON.stringify({ kind: 'fixed', in: 'abc123' });
        expect(
          (await s.call('POST', `/api/v1/groups/${a}/decisions`, { body: fixed })).status,
        ).toBe(401);
        expect(
          (
            await s.call('POST', `/api/v1/groups/${a}/decisions`, {
              body: fixed,
              headers: as('ci'),
            })
          ).status,
        ).toBe(403);
        const made = await s.call('POST', `/api/v1/groups/${a}/decisions`, {
          body: fixed,
          headers: as('triager'),
        });
        expect(made).toMatchObject({
          status: 201,
          body: { group: a, entry: { by: 'triager', decision: { kind: 'fixed', in: 'abc123' } } },
        });
        const filed = JSON.stringify({ kind: 'filed', ref: 'python/cpython#1', title: 'x' });
        expect(
          (
            await s.call('POST', `/api/v1/groups/${b}/decisions`, {
              body: filed,
              headers: as('triager'),
            })
          ).status,
        ).toBe(201);
        const bad = await s.call('POST', `/api/v1/groups/${b}/decisions`, {
          body: JSON.stringify({ kind: 'filed', ref: 'javascript:alert(1)' }),
          headers: as('triager'),
        });
        expect(bad).toMatchObject({ status: 400, body: { error: 'bad-request' } });
        expect(
          (
            await s.call('POST', `/api/v1/groups/${b}/decisions`, {
              body: 'not json',
              headers: as('triager'),
            })
          ).status,
        ).toBe(400);
        expect(
          (
            await s.call('POST', '/api/v1/groups/0000000000/decisions', {
              body: fixed,
              headers: as('triager'),
            })
          ).status,
        ).toBe(404);

        const state = async (name: string) =>
          (
            (await s.call('GET', `/api/v1/groups?state=${name}`, { headers: as('ci') })).body
              .groups as Json[]
          ).map((g) => g.id);
        expect(await state('fixed')).toEqual([a]);
        expect(await state('known')).toEqual([b]);
        expect(await state('new')).toEqual([]);
        expect(
          (await s.call('GET', '/api/v1/groups?state=weird', { headers: as('ci') })).status,
        ).toBe(400);
        // Seen again after the fix: regressed.
        await new Promise((resolve) => setTimeout(resolve, 5));
        await s.call('POST', '/api/v1/ingest?run=r2', {
          body: example('ci-run.log'),
          headers: as('ci'),
        });
        expect(await state('regressed')).toEqual([a]);
        const detail = await s.call('GET', `/api/v1/groups/${a}`, { headers: as('ci') });
        expect(detail.body).toMatchObject({
          state: 'regressed',
          decisions: [{ decision: { kind: 'fixed' } }],
        });
        // Undo: the fix is taken back, the group is new again; the history keeps both.
        const undo = JSON.stringify({ kind: 'undo' });
        expect(
          (
            await s.call('POST', `/api/v1/groups/${a}/decisions`, {
              body: undo,
              headers: as('triager'),
            })
          ).status,
        ).toBe(201);
        const after = await s.call('GET', `/api/v1/groups/${a}`, { headers: as('ci') });
        expect(after.body).toMatchObject({ state: 'new', decisions: [] });
        expect((after.body.history as Json[]).map((e) => (e.decision as Json).kind)).toEqual([
          'fixed',
          'undo',
        ]);
      } finally {
        await s.close();
      }
    });

    it('calls every operation of the OpenAPI document', () => {
      expect([...checker.called].sort()).toEqual(ApiChecker.operations().sort());
    });
  });
}
