import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Hono } from 'hono';
import { createApp } from '../../src/serve/app.js';
import type { AppEnv } from '../../src/serve/app-env.js';
import { InFlight } from '../../src/serve/in-flight.js';
import { IngestPool } from '../../src/serve/ingest-pool.js';
import { openApiDocument } from '../../src/serve/openapi.js';
import { Signer } from '../../src/serve/signed-value.js';
import { hashToken, newTokenSecret, type Scope } from '../../src/serve/tokens.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { storeLocation } from '../../src/store/store-location.js';
import { REPO_ROOT } from '../support/fixtures.js';
import { PG_URL, TestDatabases } from '../support/postgres.js';

/** Where a test's stores are made: an SQLite file, or a fresh PostgreSQL database. */
export interface Engine {
  readonly name: string;
  fresh(): Promise<string>;
  cleanup(): Promise<void>;
}

export function sqliteEngine(): Engine {
  const dir = mkdtempSync(join(tmpdir(), 'racelens-serve-'));
  let n = 0;
  return {
    name: 'SQLite',
    fresh: async () => join(dir, `store-${++n}.db`),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

export function postgresEngine(): Engine | null {
  if (PG_URL === '') return null;
  const databases = new TestDatabases('racelens_serve');
  return {
    name: 'PostgreSQL',
    fresh: () => databases.create(),
    cleanup: () => databases.dropAll(),
  };
}

export interface TestServer {
  readonly app: Hono<AppEnv>;
  readonly store: Store;
  readonly db: string;
  /** Secrets of the tokens made, by name. */
  readonly tokens: Readonly<Record<string, string>>;
  readonly inFlight: InFlight;
  close(): Promise<void>;
}

export interface ServerSpec {
  readonly tokens?: Readonly<Record<string, readonly Scope[]>>;
  readonly publicRead?: boolean;
  readonly ingestLimit?: number;
}

/** The built worker (vitest's global setup builds dist/): threads cannot load the .ts sources. */
export const INGEST_WORKER = pathToFileURL(join(REPO_ROOT, 'dist/serve/ingest-worker.js'));

/** Ingest worker threads over the store at `db`, as `racelens serve` makes them. */
export function ingestPool(db: string, size = 1, script: URL = INGEST_WORKER): IngestPool {
  return new IngestPool({ location: storeLocation(db), size, script });
}

/** The app over a real store of `engine`, with the tokens asked for. */
export async function testServer(engine: Engine, spec: ServerSpec = {}): Promise<TestServer> {
  const db = await engine.fresh();
  const store = await openStore({ db, create: true });
  if (store === null) throw new Error(`no store at ${db}`);
  const tokens: Record<string, string> = {};
  for (const [name, scopes] of Object.entries(spec.tokens ?? {})) {
    tokens[name] = newTokenSecret();
    await store.createToken({ name, scopes, hash: hashToken(tokens[name]) });
  }
  const inFlight = new InFlight();
  const ingest = ingestPool(db);
  const app = createApp({
    store,
    auth: { tokensRequired: Object.keys(tokens).length > 0, publicRead: spec.publicRead === true },
    signer: new Signer(randomBytes(32)),
    ingestLimit: spec.ingestLimit ?? 256 * 1024 * 1024,
    inFlight,
    ingest,
  });
  const close = async () => {
    await ingest.close();
    await store.close();
  };
  return { app, store, db, tokens, inFlight, close };
}

export function example(name: string): Buffer {
  return readFileSync(join(REPO_ROOT, 'examples', name));
}

type Operation = { readonly responses: Record<string, unknown> };
const DOCUMENT = openApiDocument() as {
  paths: Record<string, Record<string, Operation>>;
};

/**
 * Checks API answers against the OpenAPI document and remembers which operations were
 * called, so that a test can require every one to have been.
 */
export class ApiChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  readonly called = new Set<string>();

  constructor() {
    this.ajv.addSchema({ ...openApiDocument(), $id: 'openapi' });
  }

  /** `METHOD /template` of each operation in the document. */
  static operations(): string[] {
    return Object.entries(DOCUMENT.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
  }

  /** Validates `response` (JSON) against its operation's schema; returns the parsed body. */
  async check(method: string, url: string, response: Response): Promise<unknown> {
    const path = new URL(url, 'http://x').pathname;
    const match = Object.keys(DOCUMENT.paths).find((template) =>
      new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path),
    );
    if (match === undefined) throw new Error(`${path} is not in the OpenAPI document`);
    const operation = DOCUMENT.paths[match]?.[method.toLowerCase()];
    if (operation === undefined) throw new Error(`${method} ${match} is not in the document`);
    const status = String(response.status);
    if (!(status in operation.responses))
      throw new Error(`${method} ${match} answered ${status}, which the document does not list`);
    this.called.add(`${method.toUpperCase()} ${match}`);
    const body: unknown = await response.json();
    const pointer = `openapi#/paths/${match.replaceAll('~', '~0').replaceAll('/', '~1')}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
    const validate = this.ajv.getSchema(pointer) ?? this.ajv.compile({ $ref: pointer });
    if (!validate(body))
      throw new Error(
        `${method} ${path} ${status}: ${this.ajv.errorsText(validate.errors)} in ${JSON.stringify(body).slice(0, 500)}`,
      );
    return body;
  }
}

export const requireFrom = createRequire(import.meta.url);
