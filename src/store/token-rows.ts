import type { TokenInfo } from './store.js';

/** A `tokens` row as both engines select it. */
export interface TokenRow {
  readonly name: string;
  readonly scopes: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export const TOKEN_COLUMNS = `name, scopes, created_at AS "createdAt", revoked_at AS "revokedAt"`;

export function tokenOf(row: TokenRow): TokenInfo {
  return {
    name: row.name,
    scopes: JSON.parse(row.scopes) as string[],
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
  };
}

export function tokenTakenMessage(name: string): string {
  return `a token named '${name}' exists already (tokens keep their names after revocation); choose another --name`;
}
