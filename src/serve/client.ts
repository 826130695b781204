import type { InputSource } from '../read/input-sources.js';

/** A racelens server and the token to send (`--server URL --token T`, or RACELENS_TOKEN). */
export interface ServerTarget {
  readonly url: string;
  readonly token?: string;
}

/** The server could not be reached, or answered with an error: `message` is one line. */
export class ServerError extends Error {
  constructor(
    message: string,
    /** The HTTP status, or null when no answer came. */
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'ServerError';
  }
}

export type IngestAnswer =
  | {
      readonly status: 'recorded';
      readonly run: string;
      readonly reports: number;
      readonly groups: number;
      readonly newGroups: number;
    }
  | { readonly status: 'duplicate'; readonly run: string };

export interface BaselineAnswer {
  readonly kind: 'branch' | 'run';
  readonly runs: number;
  readonly signatures: readonly string[];
}

/** Sends one input to `POST /api/v1/ingest`, streamed from the file as it is read. */
export async function postLog(
  target: ServerTarget,
  source: InputSource,
  params: Readonly<Record<string, string | null>>,
): Promise<IngestAnswer> {
  const query = new URLSearchParams({ name: source.name });
  for (const [key, value] of Object.entries(params)) if (value !== null) query.set(key, value);
  const body = source.open();
  return (await request(target, `/api/v1/ingest?${query}`, {
    method: 'POST',
    body: body as unknown as RequestInit['body'],
    duplex: 'half',
    headers: { 'content-type': 'application/octet-stream' },
  })) as IngestAnswer;
}

/** The signatures of a baseline (a branch or a run), for `gate --server`. */
export async function fetchBaseline(target: ServerTarget, name: string): Promise<BaselineAnswer> {
  return (await request(target, `/api/v1/baselines/${encodeURIComponent(name)}`, {
    method: 'GET',
  })) as BaselineAnswer;
}

async function request(
  target: ServerTarget,
  path: string,
  init: RequestInit & { duplex?: 'half' },
): Promise<unknown> {
  const base = target.url.replace(/\/+$/, '');
  const headers = new Headers(init.headers);
  if (target.token !== undefined) headers.set('authorization', `Bearer ${target.token}`);
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, { ...init, headers });
  } catch (error) {
    const cause =
      error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    throw new ServerError(`cannot reach the racelens server at ${base}: ${cause}`, null);
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: not a racelens server, said below.
  }
  if (!response.ok) {
    const message =
      body !== null && typeof body === 'object' && 'message' in body
        ? String(body.message)
        : `HTTP ${response.status} (is ${base} a racelens server?)`;
    throw new ServerError(`${base}: ${message}`, response.status);
  }
  if (body === null)
    throw new ServerError(
      `${base} answered something that is not JSON: is it a racelens server?`,
      response.status,
    );
  return body;
}
