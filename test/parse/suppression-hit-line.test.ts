import { describe, expect, it } from 'vitest';
import { parseText } from '../../src/index.js';
import { classifyLine } from '../../src/parse/classify-line.js';
import { parseSuppressionHit } from '../../src/parse/suppression-hit-line.js';

// The worked example of docs/parser.md: a line kind added in the classifier, read by its own
// line parser, and given a meaning by one part of the assembler (the print_suppressions block).
describe('suppression hit lines', () => {
  it('are read by their own parser, pattern verbatim', () => {
    expect(parseSuppressionHit('3 race:foo')).toEqual({ count: 3, type: 'race', pattern: 'foo' });
    expect(parseSuppressionHit('1 race_top: ^a b $ ')).toEqual({
      count: 1,
      type: 'race_top',
      pattern: ' ^a b $ ',
    });
    for (const text of ['race:foo', '3 Race:foo', '3race:foo', '3 race foo']) {
      expect(parseSuppressionHit(text), text).toBeNull();
    }
  });

  it('are classified as such, and a separator or headline glued to one wins', () => {
    expect(classifyLine('  12 called_from_lib:libfoo.so  ')).toEqual({
      type: 'suppression-hit',
      hit: { count: 12, type: 'called_from_lib', pattern: 'libfoo.so  ' },
    });
    expect(classifyLine('1 race:x==================').type).toBe('separator');
    expect(classifyLine('1 race:x WARNING: ThreadSanitizer: data race (pid=1)').type).toBe(
      'headline',
    );
    expect(classifyLine('12: ordinary output').type).toBe('other');
  });

  it('mean something only inside a print_suppressions=1 block', () => {
    expect(parseText('1 race:foo\n2 thread:bar\n')).toEqual([]);
    const records = parseText('ThreadSanitizer: Matched 1 suppressions (pid=3):\n1 race:foo\n');
    expect(records).toMatchObject([{ type: 'suppression-hits', hits: [{ pattern: 'foo' }] }]);
  });
});
