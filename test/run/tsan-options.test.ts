import { describe, expect, it } from 'vitest';
import {
  mergeSanitizerOptions,
  parseSanitizerOptions,
  quoteOptionValue,
  runEnvironment,
  userLogPaths,
} from '../../src/run/tsan-options.js';

const names = (text: string) => parseSanitizerOptions(text).map((o) => `${o.name}=${o.value}`);

describe('parseSanitizerOptions', () => {
  it('reads options separated by spaces, colons, commas, tabs and newlines', () => {
    expect(names('a=1 b=2:c=3,d=4\te=5\nf=6')).toEqual(['a=1', 'b=2', 'c=3', 'd=4', 'e=5', 'f=6']);
    expect(names('  ::a=1,, ')).toEqual(['a=1']);
  });

  it('reads quoted values whole, separators and all, with \' or "', () => {
    expect(names(`log_path="/tmp/a b:c" suppressions='x,y' z=1`)).toEqual([
      'log_path=/tmp/a b:c',
      'suppressions=x,y',
      'z=1',
    ]);
  });

  it('skips what the runtime would reject itself', () => {
    expect(names('verbose a=1')).toEqual(['a=1']);
    expect(names('a=1 b="unclosed')).toEqual(['a=1']);
  });
});

describe('quoteOptionValue', () => {
  it('leaves plain paths alone and quotes paths with separators or quotes', () => {
    expect(quoteOptionValue('/tmp/racelens-run-x/run-1/tsan')).toBe(
      '/tmp/racelens-run-x/run-1/tsan',
    );
    expect(quoteOptionValue('/tmp/my dir/tsan')).toBe('"/tmp/my dir/tsan"');
    expect(quoteOptionValue('/tmp/a:b/tsan')).toBe('"/tmp/a:b/tsan"');
    expect(quoteOptionValue('/tmp/"q"/tsan')).toBe(`'/tmp/"q"/tsan'`);
    expect(() => quoteOptionValue(`/tmp/"it's"`)).toThrow(/both kinds of quote/);
  });
});

describe('mergeSanitizerOptions', () => {
  it('sets log_path and halt_on_error=0 when the user has nothing', () => {
    expect(mergeSanitizerOptions(undefined, '/t/run-1/tsan')).toBe(
      'log_path=/t/run-1/tsan halt_on_error=0',
    );
    expect(mergeSanitizerOptions('', '/t/tsan')).toBe('log_path=/t/tsan halt_on_error=0');
  });

  it("keeps the user's text as written, whatever the separators, and appends ours", () => {
    for (const user of ['history_size=7:second_deadlock_stack=1', 'a=1,b=2', 'a=1 b=2']) {
      const merged = mergeSanitizerOptions(user, '/t/tsan');
      expect(merged).toBe(`${user} log_path=/t/tsan halt_on_error=0`);
      // Read back as the runtime would: the user's options, then ours.
      expect(parseSanitizerOptions(merged).slice(0, -2)).toEqual(parseSanitizerOptions(user));
    }
    expect(mergeSanitizerOptions('a=1:', '/t/tsan')).toBe('a=1:log_path=/t/tsan halt_on_error=0');
  });

  it('keeps halt_on_error when the user set it, to either value', () => {
    expect(mergeSanitizerOptions('halt_on_error=1', '/t/tsan')).toBe(
      'halt_on_error=1 log_path=/t/tsan',
    );
    expect(mergeSanitizerOptions('a=1,halt_on_error=0', '/t/tsan')).toBe(
      'a=1,halt_on_error=0 log_path=/t/tsan',
    );
  });

  it('always sets its own log_path last (the last of a name wins)', () => {
    const merged = mergeSanitizerOptions('log_path=/var/log/tsan:exitcode=3', '/t/tsan');
    const options = parseSanitizerOptions(merged);
    expect(options.filter((o) => o.name === 'log_path').at(-1)?.value).toBe('/t/tsan');
    expect(options.findLastIndex((o) => o.name === 'log_path')).toBeGreaterThan(
      options.findIndex((o) => o.name === 'exitcode'),
    );
    expect(
      userLogPaths({ TSAN_OPTIONS: 'log_path=/var/log/tsan:exitcode=3', GORACE: 'a=1' }),
    ).toEqual([{ variable: 'TSAN_OPTIONS', value: '/var/log/tsan' }]);
  });

  it('quotes a log_path that holds a separator', () => {
    const merged = mergeSanitizerOptions('a=1', '/tmp/dir with space/tsan');
    expect(merged).toBe('a=1 log_path="/tmp/dir with space/tsan" halt_on_error=0');
    expect(parseSanitizerOptions(merged).find((o) => o.name === 'log_path')?.value).toBe(
      '/tmp/dir with space/tsan',
    );
  });
});

describe('runEnvironment', () => {
  it('merges into TSAN_OPTIONS and GORACE alike and leaves the rest of the environment', () => {
    const env = runEnvironment(
      { PATH: '/bin', TSAN_OPTIONS: 'halt_on_error=1', GORACE: 'history_size=3' },
      '/t/run-2/tsan',
    );
    expect(env).toEqual({
      PATH: '/bin',
      TSAN_OPTIONS: 'halt_on_error=1 log_path=/t/run-2/tsan',
      GORACE: 'history_size=3 log_path=/t/run-2/tsan halt_on_error=0',
    });
  });
});
