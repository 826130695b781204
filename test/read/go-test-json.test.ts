import { describe, expect, it } from 'vitest';
import { parseText } from '../../src/parse/parse-text.js';
import { cleanLine } from '../../src/read/clean-line.js';
import { unwrapGoTestJson } from '../../src/read/go-test-json.js';

const event = (output: string): string =>
  JSON.stringify({
    Time: '2026-12-02T03:12:03.59Z',
    Action: 'output',
    Package: 'x',
    Test: 'TestX',
    Output: output,
  });

describe('go test -json events', () => {
  it('become their Output text, unescaped, without the newline', () => {
    expect(unwrapGoTestJson(event('WARNING: DATA RACE\n'))).toBe('WARNING: DATA RACE');
    expect(unwrapGoTestJson(event('  "quoted"\\tab\n'))).toBe('  "quoted"\\tab');
    expect(cleanLine(`2024-01-01T00:00:00.0000000Z ${event('Found 1 data race(s)\n')}`).text).toBe(
      'Found 1 data race(s)',
    );
  });

  it('leave other lines alone', () => {
    for (const line of [
      '{"Action":"run","Test":"TestX"}',
      '{"Output": 3}',
      '{"Output":"cut',
      'plain {"Output":"x"}',
      '[1,2]',
    ]) {
      expect(unwrapGoTestJson(line)).toBe(line);
    }
  });

  it('carry a report whose lines keep the JSON file numbering', () => {
    const lines = [
      '{"Action":"run","Package":"x","Test":"TestX"}',
      ...[
        '==================\n',
        'WARNING: DATA RACE\n',
        'Write at 0x1 by goroutine 8:\n',
        '  x.(*C).Get()\n',
        '      /x/c.go:17 +0xe6\n',
        '\n',
        'Previous write at 0x1 by goroutine 9:\n',
        '  x.(*C).Get()\n',
        '      /x/c.go:17 +0x104\n',
        '\n',
        'Goroutine 8 (running) created at:\n',
        '  x.TestX()\n',
        '      /x/c_test.go:13 +0xe4\n',
        '==================\n',
      ].map(event),
    ];
    const [report] = parseText(lines.join('\n'));
    expect(report).toMatchObject({
      type: 'report',
      runtime: 'go',
      truncated: false,
      source: { line: 3, endLine: 15 },
      accesses: [{ thread: 'G8' }, { thread: 'G9' }],
      threads: [{ id: 'G8' }],
    });
  });
});
