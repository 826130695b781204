import type { MiddlewareHandler } from 'hono';
import type { Store } from '../store/store.js';
import type { Config } from '../triage/config.js';
import type { AuthSettings } from './auth.js';
import type { InFlight } from './in-flight.js';
import type { IngestRunner } from './ingest-runner.js';
import type { Principal } from './principal.js';
import type { Signer } from './signed-value.js';

/** What every route is given: the store, auth settings, limits. One per server. */
export interface ServeDeps {
  readonly store: Store;
  readonly auth: AuthSettings;
  /** Signs sessions and CSRF tokens; a new secret per server process. */
  readonly signer: Signer;
  /** Bytes one ingest may send (as sent: compressed when gzip). */
  readonly ingestLimit: number;
  /** Ingests under way, which SIGTERM waits for. */
  readonly inFlight: InFlight;
  /** Where ingests run: `racelens serve` gives worker threads; on this thread when left out. */
  readonly ingest?: IngestRunner;
  readonly config?: Config;
}

/** hono's per-request variables: who sent the request. */
export interface AppEnv {
  /** `csrfCookie`: the CSRF cookie value made in this request, so it is made once. */
  Variables: { principal: Principal; csrfCookie: string | undefined };
}

export type AppMiddleware = MiddlewareHandler<AppEnv>;
