import { describe, expect, it } from 'vitest';
import { normalizeSince } from '../../src/store/since.js';

describe('normalizeSince', () => {
  it('reads dates and date-times as UTC unless they carry an offset', () => {
    expect(normalizeSince('2024-05-01')).toBe('2024-05-01T00:00:00.000Z');
    expect(normalizeSince('2024-05-01T12:00')).toBe('2024-05-01T12:00:00.000Z');
    expect(normalizeSince('2024-05-01 12:00:30')).toBe('2024-05-01T12:00:30.000Z');
    expect(normalizeSince('2024-05-01T14:00+02:00')).toBe('2024-05-01T12:00:00.000Z');
    expect(normalizeSince('2024-05-01T14:00:00.250+0200')).toBe('2024-05-01T12:00:00.250Z');
    expect(normalizeSince(' 2024-05-01T12:00:00.000Z ')).toBe('2024-05-01T12:00:00.000Z');
  });

  it('refuses anything else, and dates that do not exist', () => {
    for (const text of [
      'yesterday',
      '30d',
      '2024-5-1',
      '2024-02-30',
      '2024-13-01',
      '1714521600',
      '',
    ])
      expect(normalizeSince(text), text).toBeNull();
  });
});
