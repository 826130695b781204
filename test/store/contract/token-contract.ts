import { describe, expect, it } from 'vitest';
import { type StoreHarness, TestClock, writable } from './harness.js';

/** The team server's tokens, on every engine alike: hashed, unique by name, revocable. */
export function tokenContract(harness: StoreHarness): void {
  describe(`Store token contract on ${harness.engine}`, () => {
    it('keeps tokens by hash, refuses a taken name, and revokes them for good', async () => {
      const clock = new TestClock().at(5);
      const store = await writable(await harness.fresh(), clock);
      try {
        const made = await store.createToken({ name: 'ci', scopes: ['ingest'], hash: 'h1' });
        expect(made).toEqual({
          name: 'ci',
          scopes: ['ingest'],
          createdAt: clock.now().toISOString(),
          revokedAt: null,
        });
        await store.createToken({ name: 'alice', scopes: ['read', 'decide'], hash: 'h2' });
        await expect(
          store.createToken({ name: 'ci', scopes: ['admin'], hash: 'h3' }),
        ).rejects.toThrow(/a token named 'ci' exists already/);
        expect((await store.tokenByHash('h2'))?.scopes).toEqual(['read', 'decide']);
        expect(await store.tokenByHash('h3')).toBeNull();
        expect(await store.revokeToken('ci')).toBe(true);
        expect(await store.revokeToken('ci')).toBe(false);
        expect(await store.tokenByHash('h1')).toBeNull();
        const all = await store.listTokens();
        expect(all.map((t) => [t.name, t.revokedAt !== null])).toEqual([
          ['ci', true],
          ['alice', false],
        ]);
      } finally {
        await store.close();
      }
    });
  });
}
