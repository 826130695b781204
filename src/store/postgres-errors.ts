import { StoreError } from './store.js';

/** The server a store URL names, for messages: host and port, never the password. */
export interface PostgresTarget {
  /** `host:port` (or the socket folder). */
  readonly server: string;
  readonly user: string;
  readonly database: string;
  /** The URL without its password. */
  readonly display: string;
}

export function postgresTarget(url: string, display: string): PostgresTarget {
  const parsed = new URL(url);
  const host =
    parsed.searchParams.get('host') ?? (decodeURIComponent(parsed.hostname) || 'localhost');
  const port = parsed.searchParams.get('port') ?? (parsed.port || '5432');
  return {
    server: `${host}:${port}`,
    user: decodeURIComponent(parsed.username) || process.env.PGUSER || process.env.USER || '?',
    database: decodeURIComponent(parsed.pathname.slice(1)) || parsed.username || '?',
    display,
  };
}

/** Node's codes for a server that cannot be reached at all. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
  'EPIPE',
  'ENOENT',
]);

/**
 * The StoreError that says, in one line naming the server, why a PostgreSQL store cannot be
 * used: unreachable, login refused, no such database, a missing permission. Null for other
 * errors (a bug of racelens's, left to surface as one).
 */
export function postgresStoreError(error: unknown, target: PostgresTarget): StoreError | null {
  if (error instanceof StoreError) return error;
  if (!(error instanceof Error)) return null;
  const code = (error as { code?: unknown }).code;
  const reason = error.message.split('\n')[0] ?? '';
  const at = `the PostgreSQL server at ${target.server}`;
  if (typeof code === 'string' && UNREACHABLE.has(code))
    return new StoreError(
      `cannot reach ${at} (${reachReason(code, reason)}); is it running, and is the URL ${target.display} right?`,
    );
  if (/timeout|Connection terminated/i.test(reason) && code === undefined)
    return new StoreError(
      `cannot reach ${at} (${reason}); is it running, and is the URL ${target.display} right?`,
    );
  switch (code) {
    case '28P01':
    case '28000':
      return new StoreError(
        `${at} refused the login of '${target.user}' (${reason}); check the user and password in the URL (or PGPASSWORD, ~/.pgpass)`,
      );
    case '3D000':
      return new StoreError(
        `${at} has no database '${target.database}'; create it (createdb -h ${target.server.split(':')[0]} -O ${target.user} ${target.database}) or name another in the URL`,
      );
    case '42501':
      return new StoreError(
        `'${target.user}' lacks a permission in the database '${target.database}' on ${target.server} (${reason}); let the database's owner run racelens once, or GRANT the role what it needs (e.g. CREATE on its schema)`,
      );
    case '57P01':
    case '57P02':
    case '57P03':
      return new StoreError(`${at} is not taking connections (${reason}); try again when it is up`);
    case '53300':
      return new StoreError(`${at} has too many connections (${reason}); try again later`);
  }
  if (typeof code === 'string' && code.startsWith('08'))
    return new StoreError(`lost the connection to ${at} (${reason}); try again`);
  return null;
}

/**
 * For an error while connecting: as `postgresStoreError`, and anything else there (TLS refused
 * or unverified, a protocol mismatch) is the connection's fault too, said in one line.
 */
export function connectError(error: unknown, target: PostgresTarget): StoreError {
  const known = postgresStoreError(error, target);
  if (known) return known;
  const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  return new StoreError(
    `cannot connect to the PostgreSQL server at ${target.server} (${reason}); check the URL ${target.display} (its sslmode, host and port)`,
  );
}

function reachReason(code: string, reason: string): string {
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'no such host';
    case 'ETIMEDOUT':
      return 'timed out';
    default:
      return reason || code;
  }
}
