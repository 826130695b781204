import { describe, expect, it } from 'vitest';
import { stripCiPrefixes } from '../../src/read/ci-prefixes.js';
import { cleanLine } from '../../src/read/clean-line.js';
import { stripAnsi } from '../../src/read/strip-ansi.js';

describe('cleanLine', () => {
  it('drops CR of CRLF and keeps the last segment of progress overwrites', () => {
    expect(cleanLine('  Thread T1 (tid=1, running) created by main thread at:\r').text).toBe(
      '  Thread T1 (tid=1, running) created by main thread at:',
    );
    expect(cleanLine('progress 10%\rprogress 20%\r==================').text).toBe(
      '==================',
    );
  });

  it('strips colour codes, also the reset TSan writes at the start of the next line', () => {
    expect(
      cleanLine(
        '\x1b[1m\x1b[0m\x1b[1m\x1b[36m  Thread T1 (tid=1, running) created by main thread at:\x1b[1m\x1b[0m',
      ).text,
    ).toBe('  Thread T1 (tid=1, running) created by main thread at:');
    expect(
      cleanLine('\x1b[1m\x1b[31mWARNING: ThreadSanitizer: data race (pid=1)\x1b[1m\x1b[0m').text,
    ).toBe('WARNING: ThreadSanitizer: data race (pid=1)');
  });

  it('strips the ==PID== prefix and keeps the pid', () => {
    expect(cleanLine('==12982==Installed the sigaction for signal 11')).toEqual({
      text: 'Installed the sigaction for signal 11',
      pid: 12982,
    });
    expect(cleanLine('==================')).toEqual({ text: '==================', pid: null });
  });

  it('strips a CI prefix before the ANSI-free text, then ==PID==', () => {
    expect(cleanLine('2026-11-29T07:00:00.1234567Z ==77==ERROR: ThreadSanitizer: SEGV').text).toBe(
      'ERROR: ThreadSanitizer: SEGV',
    );
  });
});

describe('stripCiPrefixes', () => {
  it.each([
    ['2026-11-29T07:00:00.1234567Z     #0 main a.c:3 (a+0x1)', '    #0 main a.c:3 (a+0x1)'],
    ['2026-11-29T07:00:00.123456789Z stderr F   Write of size 4', '  Write of size 4'],
    ['2026-11-29T07:00:00+00:00 stdout P x', 'x'],
    [
      '[2026-11-29T07:00:00.000Z]   Location is stack of main thread.',
      '  Location is stack of main thread.',
    ],
    [
      '[2026-11-29 07:00:00,123] SUMMARY: ThreadSanitizer: data race',
      'SUMMARY: ThreadSanitizer: data race',
    ],
    ['[07:00:00] ==================', '=================='],
    [
      '[Pipeline] WARNING: ThreadSanitizer: data race (pid=3)',
      'WARNING: ThreadSanitizer: data race (pid=3)',
    ],
    ['04:48:03     INFO -  GECKO(2516) |   Previous write of size 8', '  Previous write of size 8'],
    ['12:34:56 ==================', '=================='],
    ['12:34:56.789   and:', '  and:'],
    ['worker_1  |     #1 main a.c:3 (a+0x1)', '    #1 main a.c:3 (a+0x1)'],
    ['12:   Mutex M0 (0x1) created at:', '  Mutex M0 (0x1) created at:'],
    [
      'INFO:root:WARNING: ThreadSanitizer: data race (pid=3)',
      'WARNING: ThreadSanitizer: data race (pid=3)',
    ],
  ])('%j', (line, expected) => {
    expect(stripCiPrefixes(line)).toBe(expected);
  });

  it.each([
    '  Write of size 4 at 0x1 by main thread:',
    'WARNING: ThreadSanitizer: data race (pid=3)',
    'ThreadSanitizer: reported 2 warnings',
    '1 race_top:^Thread2$',
    'SUMMARY: ThreadSanitizer: data race a.c:3 in main',
    'and:',
  ])('leaves TSan text alone: %j', (line) => {
    expect(stripCiPrefixes(line)).toBe(line);
  });
});

describe('stripAnsi', () => {
  it('removes CSI, OSC and Buildkite APC sequences', () => {
    expect(stripAnsi('\x1b_bk;t=1732863600000\x07\x1b[32mok\x1b[0m\x1b]0;title\x07!')).toBe('ok!');
  });
});
