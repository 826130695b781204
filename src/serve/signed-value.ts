import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Values the server signs with its per-process secret (sessions, CSRF tokens): `value.mac`.
 * Compared in constant time, as vitest's UI compares its token.
 */
export class Signer {
  constructor(private readonly secret: Buffer) {}

  mac(value: string): string {
    return createHmac('sha256', this.secret).update(value).digest('base64url');
  }

  sign(value: string): string {
    return `${value}.${this.mac(value)}`;
  }

  /** The value when `signed` carries its mac, else null. */
  verify(signed: string): string | null {
    const dot = signed.lastIndexOf('.');
    if (dot <= 0) return null;
    const value = signed.slice(0, dot);
    return sameText(signed.slice(dot + 1), this.mac(value)) ? value : null;
  }
}

export function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
