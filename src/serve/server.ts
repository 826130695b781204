import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import type { AppEnv, ServeDeps } from './app-env.js';

export interface RunningServer {
  /** `http://host:port`, with the port the system chose when 0 was asked. */
  readonly url: string;
  /**
   * Stops taking connections, lets the ingests under way finish (each is recorded whole or
   * not at all), then closes the remaining connections.
   */
  close(): Promise<void>;
}

export interface ServerOptions {
  readonly host: string;
  readonly port: number;
  readonly log?: (line: string) => void;
}

/** Runs the app on @hono/node-server at host:port. */
export async function startServer(deps: ServeDeps, options: ServerOptions): Promise<RunningServer> {
  const app = createApp(deps, { log: options.log });
  const server = await new Promise<Server>((resolve, reject) => {
    const made = serve(
      {
        fetch: app.fetch as (request: Request) => Response | Promise<Response>,
        hostname: options.host,
        port: options.port,
      },
      () => resolve(made as Server),
    ) as Server;
    made.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${address.port}`,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await deps.inFlight.idle();
        // Answers of the last ingests are being written: close connections as they go idle,
        // and any left after a few seconds (a client that keeps one open) at once.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        const cut = setTimeout(() => server.closeAllConnections(), 5000);
        await closed;
        clearInterval(sweep);
        clearTimeout(cut);
      })();
      return closing;
    },
  };
}

export type { AppEnv };
