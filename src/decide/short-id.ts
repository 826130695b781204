import { createHash } from 'node:crypto';

/** A signature's short id as triage shows it: the first 10 hex digits of SHA-256 of its text. */
export function shortIdOf(signature: string): string {
  return createHash('sha256').update(signature).digest('hex').slice(0, 10);
}
