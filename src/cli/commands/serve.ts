import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { AuthSettings } from '../../serve/auth.js';
import { InFlight } from '../../serve/in-flight.js';
import { IngestPool } from '../../serve/ingest-pool.js';
import { startServer } from '../../serve/server.js';
import { Signer } from '../../serve/signed-value.js';
import { storeLocation } from '../../store/store-location.js';
import { EXIT, type ExitCode, ExitError } from '../exit-codes.js';
import { openStoreToWrite, storeOrExit } from '../open-read-store.js';
import type { CommandIo } from '../output.js';
import { readConfig } from '../read-config.js';

export interface ServeCommandOptions {
  readonly db?: string;
  readonly host: string;
  readonly port: number;
  readonly publicRead: boolean;
  /** Bytes one ingest may send. */
  readonly maxBody: number;
  /** Ingest worker threads; CPUs - 1 (1 to 4) when left out. */
  readonly ingestWorkers?: number;
  readonly config?: string;
  /** Resolves when the server should stop (SIGTERM, SIGINT); tests pass their own. */
  readonly stopSignal?: Promise<unknown>;
}

/** Hosts that only this machine reaches: serving there without tokens is safe. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * `racelens serve`: the team's dashboard and ingestion API over the store. Open (no tokens)
 * on a loopback address only; elsewhere it needs tokens in the store. Stops on SIGTERM or
 * SIGINT once the ingests under way are recorded.
 */
export async function serveCommand(options: ServeCommandOptions, io: CommandIo): Promise<ExitCode> {
  const config = readConfig(options.config);
  const { store, location } = await openStoreToWrite(options.db);
  try {
    const tokens = (await storeOrExit(() => store.listTokens())).filter(
      (t) => t.revokedAt === null,
    );
    const auth: AuthSettings = {
      tokensRequired: tokens.length > 0,
      publicRead: options.publicRead,
    };
    if (!auth.tokensRequired && !isLoopback(options.host))
      throw new ExitError(
        EXIT.usage,
        `refusing to serve on ${options.host} without tokens: anyone who reaches it could read and write the store. Create one first (racelens token create --scope admin --name you), or serve on 127.0.0.1`,
      );
    const stop = options.stopSignal ?? signalled();
    // Parsing is CPU work: in threads of its own, the main thread stays free to answer reads.
    const ingest = new IngestPool({
      location: storeLocation(options.db),
      config,
      size: options.ingestWorkers ?? Math.min(4, Math.max(1, availableParallelism() - 1)),
    });
    const server = await startServer(
      {
        store,
        auth,
        signer: new Signer(randomBytes(32)),
        ingestLimit: options.maxBody,
        inFlight: new InFlight(),
        ingest,
        config,
      },
      {
        host: options.host,
        port: options.port,
        log: (line) => {
          void io.stdout.write(`${line}\n`).then(() => io.stdout.flush());
        },
      },
    ).catch((error: unknown) => {
      throw new ExitError(
        EXIT.usage,
        `cannot listen on ${options.host}:${options.port}: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    const access = auth.tokensRequired
      ? `tokens required${auth.publicRead ? ' (reading is public)' : ''}`
      : 'open: no tokens in the store (loopback only)';
    await io.stdout.write(`racelens serve: ${server.url} (store ${location}; ${access})\n`);
    await io.stdout.flush();
    await stop;
    await io.stdout.write('racelens serve: stopping after the ingests under way\n');
    await server.close();
    await ingest.close();
    return EXIT.ok;
  } finally {
    await io.stdout.flush();
    await store.close();
  }
}

function signalled(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', on);
      process.off('SIGINT', on);
      resolve(signal);
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}
