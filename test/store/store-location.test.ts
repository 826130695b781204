import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/store/store.js';
import { DEFAULT_STORE_PATH, storeLocation } from '../../src/store/store-location.js';

describe('storeLocation: --db PATH|URL, else RACELENS_DB, else the default file', () => {
  it.each([
    ['postgres://ci:s3cret@db.example:6543/races', 'postgres://ci@db.example:6543/races'],
    ['postgresql://ci@db.example/races', 'postgresql://ci@db.example/races'],
    [
      'POSTGRES://ci@db.example/races?sslmode=verify-full&password=s3cret',
      'postgres://ci@db.example/races?sslmode=verify-full',
    ],
  ])('%s is PostgreSQL, shown as %s (never the password)', (db, display) => {
    expect(storeLocation(db, {})).toEqual({ engine: 'postgres', url: db, display });
  });

  it('takes paths and file:// URLs for SQLite, and the default file when nothing says', () => {
    expect(storeLocation('/tmp/a.db', {})).toMatchObject({ engine: 'sqlite', path: '/tmp/a.db' });
    expect(storeLocation('file:///tmp/b%20c.db', {})).toMatchObject({ path: '/tmp/b c.db' });
    expect(storeLocation(undefined, { RACELENS_DB: '/tmp/env.db' })).toMatchObject({
      path: '/tmp/env.db',
    });
    expect(storeLocation(undefined, { RACELENS_DB: '' })).toMatchObject({
      path: expect.stringMatching(new RegExp(`${DEFAULT_STORE_PATH.replace('.', '\\.')}$`)),
    });
    // A colon without '//' is a file name, as it always was.
    expect(storeLocation('runs:1.db', {})).toMatchObject({ engine: 'sqlite' });
  });

  it('refuses an unknown scheme, naming those it knows, and a URL it cannot read', () => {
    expect(() => storeLocation('mysql://me@db/races', {})).toThrow(
      "racelens does not know the store URL scheme 'mysql://'; --db takes a file path (SQLite) or a URL of postgres://, postgresql://, file://",
    );
    expect(() => storeLocation('postgres://me:pw@db:port/races', {})).toThrow(StoreError);
    expect(() => storeLocation('postgres://me:pw@db:port/races', {})).toThrow(
      'the store URL postgres://me@db:port/races is not a valid URL; write it as postgres://USER@HOST[:PORT]/DATABASE',
    );
  });
});
