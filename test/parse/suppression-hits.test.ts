import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseText, type SuppressionHitsRecord } from '../../src/index.js';
import { CORPUS } from '../support/fixtures.js';
import { parseRecordValidator } from '../support/parse-schema.js';

const validate = parseRecordValidator();

const hitsOf = (text: string) =>
  parseText(text, { file: 'log' }).filter(
    (r): r is SuppressionHitsRecord => r.type === 'suppression-hits',
  );

describe('print_suppressions=1 blocks', () => {
  it('reads the block gcc printed after a suppressed race (examples/exp/supp.txt)', () => {
    const records = hitsOf(readFileSync(join(CORPUS, 'examples/exp/supp.txt'), 'utf8'));
    expect(records).toEqual([
      {
        type: 'suppression-hits',
        schemaVersion: 1,
        pid: 12976,
        total: 1,
        hits: [{ count: 1, type: 'race_top', pattern: '^Thread2$' }],
        source: { file: 'log', line: 1, endLine: 2 },
      },
    ]);
    for (const record of records)
      expect(validate(record), JSON.stringify(validate.errors)).toBe(true);
  });

  it('finds the block among verbose runtime output (verbosity=2)', () => {
    const records = hitsOf(readFileSync(join(CORPUS, 'examples/exp/supp_leak.txt'), 'utf8'));
    expect(records.map((r) => [r.pid, r.hits])).toEqual([
      [12982, [{ count: 1, type: 'thread', pattern: 'leak.c' }]],
    ]);
  });

  it('keeps patterns verbatim, reads several entries, and stops at the header total', () => {
    const text = [
      '[12:00:01] ThreadSanitizer: Matched 5 suppressions (pid=7):',
      '[12:00:01] 3 race: leading space kept',
      '[12:00:01] 2 race_top:^a*b$',
      '[12:00:01] 1 unrelated program output that looks like a hit: x',
    ].join('\n');
    const [record] = hitsOf(text);
    expect(record?.hits).toEqual([
      { count: 3, type: 'race', pattern: ' leading space kept' },
      { count: 2, type: 'race_top', pattern: '^a*b$' },
    ]);
    expect(record?.source).toEqual({ file: 'log', line: 1, endLine: 3 });
  });

  it('emits a block cut short with the hits read, and one per process', () => {
    const text = [
      'ThreadSanitizer: Matched 4 suppressions (pid=1):',
      '1 race:foo',
      'some other line',
      'ThreadSanitizer: Matched 1 suppressions (pid=2):',
      '1 mutex:bar',
    ].join('\n');
    const records = hitsOf(text);
    expect(records.map((r) => [r.pid, r.total, r.hits.length])).toEqual([
      [1, 4, 1],
      [2, 1, 1],
    ]);
  });
});
