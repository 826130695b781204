import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { REPO_ROOT } from '../support/fixtures.js';
import { CLI, runCli } from '../support/run-cli.js';
import { example } from './harness.js';

const work = mkdtempSync(join(tmpdir(), 'racelens-serve-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let made = 0;
const freshDb = () => join(work, `store-${++made}.db`);

interface Served {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

/** `racelens serve --port 0` as a user runs it; resolves once it says where it listens. */
async function serve(db: string, ...args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [CLI, 'serve', '--db', db, '--port', '0', ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const match = /racelens serve: (http:\/\/\S+)/.exec(out);
      if (match?.[1]) {
        clearInterval(timer);
        resolve(match[1]);
      }
    }, 20);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`serve exited ${code}: ${out}`));
    });
  });
  return { child, url, output: () => out, exited };
}

describe('racelens serve and token from the command line', () => {
  it('makes tokens shown once and kept hashed, lists and revokes them', async () => {
    const db = freshDb();
    const made = await runCli(['token', 'create', '--scope', 'ingest', '--name', 'ci', '--db', db]);
    expect(made.code).toBe(0);
    const secret = made.stdout.trim();
    expect(secret).toMatch(/^rl_[\w-]{43}$/);
    expect(made.stderr).toMatch(/shown this once/);
    const listed = await runCli(['token', 'list', '--json', '--db', db]);
    expect(listed.stdout).not.toContain(secret);
    expect(JSON.parse(listed.stdout).tokens[0]).toMatchObject({ name: 'ci', scopes: ['ingest'] });
    const bad = await runCli(['token', 'create', '--scope', 'root', '--name', 'x', '--db', db]);
    expect(bad).toMatchObject({ code: 2 });
    expect(bad.stderr).toMatch(/--scope takes read, ingest, decide, admin/);
    expect((await runCli(['token', 'revoke', 'ci', '--db', db])).code).toBe(0);
    expect((await runCli(['token', 'revoke', 'ci', '--db', db])).code).toBe(2);
  });

  it('refuses to listen beyond loopback without tokens', async () => {
    const result = await runCli(['serve', '--db', freshDb(), '--host', '0.0.0.0', '--port', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/refusing to serve on 0\.0\.0\.0 without tokens/);
  });

  it('takes logs from racelens ingest --server, gates with gate --server, logs each request', async () => {
    const db = freshDb();
    const token = (
      await runCli(['token', 'create', '--scope', 'admin', '--name', 'me', '--db', db])
    ).stdout.trim();
    const served = await serve(db);
    try {
      expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const env = { ...process.env, RACELENS_TOKEN: token };
      const sent = await runCli(
        [
          'ingest',
          '--server',
          served.url,
          '--run',
          'main-1',
          '--branch',
          'main',
          'examples/bank.gcc.log',
        ],
        { env },
      );
      expect(sent.stderr).toBe('');
      expect(sent.stdout).toMatch(
        /1 report in 1 group \(1 new to the store\) recorded in run main-1/,
      );
      const refused = await runCli([
        'ingest',
        '--server',
        served.url,
        '--token',
        'rl_wrong',
        '--run',
        'x',
        'examples/bank.gcc.log',
      ]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/token is unknown or revoked/);
      const gate = await runCli(
        ['gate', '--server', served.url, '--baseline', 'main', 'examples/ci-run.log'],
        { env },
      );
      expect(gate.code).toBe(1);
      expect(gate.stdout).toMatch(/lock-order-inversion/);
      expect(served.output()).toMatch(/ POST \/api\/v1\/ingest 201 [\d.]+ms/);
      expect(served.output()).toMatch(/ POST \/api\/v1\/ingest 401 /);
      expect(served.output()).toMatch(/ GET \/api\/v1\/baselines\/main 200 /);
    } finally {
      served.child.kill('SIGTERM');
      expect(await served.exited).toBe(0);
    }
  });

  it('on SIGTERM finishes the ingest under way, records it, then exits 0', async () => {
    const db = freshDb();
    const served = await serve(db);
    const log = example('inventory.clang19.log');
    const { port } = new URL(served.url);
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, method: 'POST', path: '/api/v1/ingest?run=slow' },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => {
            body += c.toString();
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      // Half the log now, SIGTERM, the rest later: the server must wait for it.
      req.write(log.subarray(0, 1000));
      setTimeout(() => {
        served.child.kill('SIGTERM');
        setTimeout(() => req.end(log.subarray(1000)), 500);
      }, 300);
    });
    const { status, body } = await answer;
    expect(status).toBe(201);
    expect(JSON.parse(body)).toMatchObject({ status: 'recorded', reports: 3 });
    expect(await served.exited).toBe(0);
    expect(served.output()).toMatch(/stopping after the ingests under way/);
    const store = await openStore({ db, create: false, readonly: true });
    try {
      expect((await store?.listRuns({ limit: 10, offset: 0 }))?.runs[0]).toMatchObject({
        name: 'slow',
        reports: 3,
      });
    } finally {
      await store?.close();
    }
  });
});
