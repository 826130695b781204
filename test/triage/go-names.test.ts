import { describe, expect, it } from 'vitest';
import type { Frame } from '../../src/model/frame.js';
import { isGoRuntimeFrame, isGoSystemFrame } from '../../src/triage/go-frames.js';
import { simplifyGoName } from '../../src/triage/simplify-go-name.js';

const frame = (fn: string, file: string | null): Frame => ({
  index: 0,
  function: fn,
  file,
  line: 1,
  column: null,
  module: null,
  offset: '0x1',
  buildId: null,
  address: null,
});

describe('simplifyGoName', () => {
  it.each([
    ['main.main', 'main.main'],
    ['main.main.func1', 'main.main.func1'],
    ['main.main.func1.2', 'main.main.func1.2'],
    ['github.com/org/repo/store.Get', 'store.Get'],
    ['github.com/org/repo/store.(*Cache).Get', 'store.Cache.Get'],
    ['racelens.test/testrace.(*Cache).Get', 'testrace.Cache.Get'],
    ['store.Cache.Len', 'store.Cache.Len'],
    ['pkg.Map[...]', 'pkg.Map'],
    ['example.com/l.(*List[...]).Push', 'l.List.Push'],
    ['pkg.F[go.shape.int,go.shape.string]', 'pkg.F'],
    ['pkg.(*T).Run-fm', 'pkg.T.Run'],
    ['gopkg.in/yaml.v2.Unmarshal', 'yaml.v2.Unmarshal'],
    ['sync/atomic.AddInt64', 'atomic.AddInt64'],
    ['runtime.mapassign_fast64', 'runtime.mapassign_fast64'],
  ])('%s -> %s', (name, simple) => {
    expect(simplifyGoName(name)).toBe(simple);
  });
});

describe('Go frames', () => {
  it('drops only the race plumbing and the bottom of every goroutine', () => {
    expect(isGoRuntimeFrame(frame('runtime.goexit', null))).toBe(true);
    expect(isGoRuntimeFrame(frame('internal/race.Write', null))).toBe(true);
    expect(isGoRuntimeFrame(frame('runtime.racewrite', null))).toBe(true);
    expect(isGoRuntimeFrame(frame('runtime.mapassign_fast64', null))).toBe(false);
    expect(isGoRuntimeFrame(frame('sync/atomic.AddInt64', null))).toBe(false);
  });

  it('keeps the standard library as system frames, the program as its own', () => {
    const goroot = '/usr/lib/go-1.19/src';
    expect(isGoSystemFrame(frame('runtime.mapassign_fast64', `${goroot}/runtime/map.go`))).toBe(
      true,
    );
    expect(isGoSystemFrame(frame('testing.tRunner', `${goroot}/testing/testing.go`))).toBe(true);
    expect(isGoSystemFrame(frame('sync/atomic.AddInt64', null))).toBe(true);
    expect(isGoSystemFrame(frame('main.main', '/home/dev/main.go'))).toBe(false);
    expect(isGoSystemFrame(frame('github.com/a/b.F', '/go/pkg/mod/github.com/a/b/f.go'))).toBe(
      false,
    );
    // A project package named like a standard one, outside GOROOT.
    expect(isGoSystemFrame(frame('store.Get', '/home/dev/proj/store/get.go'))).toBe(false);
  });
});
