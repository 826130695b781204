import { createHash, randomBytes } from 'node:crypto';

/** What a token may do. `admin` may do everything; every valid token may read. */
export const SCOPES = ['read', 'ingest', 'decide', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (SCOPES as readonly string[]).includes(value);
}

/** A new secret: 32 random bytes, prefixed so that it is recognisable in a leaked log. */
export function newTokenSecret(): string {
  return `rl_${randomBytes(32).toString('base64url')}`;
}

/**
 * What the store keeps of a secret. The secret is random and long, so one SHA-256 is enough
 * (a slow password hash guards guessable secrets; these are not).
 */
export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function tokenAllows(scopes: readonly string[], scope: Scope): boolean {
  return scope === 'read' || scopes.includes(scope) || scopes.includes('admin');
}
