import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { runMany } from '../../src/run/run-many.js';

/** A fake run: takes `ms`, ends early (as a killed process would) when its signal aborts. */
function fakeRun(ms: number, log: { active: number; most: number; started: number[] }) {
  return async (index: number, signal: AbortSignal) => {
    log.started.push(index);
    log.active++;
    log.most = Math.max(log.most, log.active);
    try {
      await sleep(ms, undefined, { signal }).catch(() => undefined);
      return { index, stopped: signal.aborted };
    } finally {
      log.active--;
    }
  };
}

const newLog = () => ({ active: 0, most: 0, started: [] as number[] });

describe('runMany', () => {
  it('starts every run once, never more than JOBS at a time', async () => {
    const log = newLog();
    const ended: number[] = [];
    const stop = await runMany({
      runs: 7,
      jobs: 3,
      runOne: fakeRun(5, log),
      onRunEnd: (r) => ended.push(r.index),
      keepGoing: () => true,
      signal: new AbortController().signal,
    });
    expect(stop).toBe('completed');
    expect(log.started).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(log.most).toBe(3);
    expect(ended.sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('stops starting runs when keepGoing says so, and lets the running ones finish', async () => {
    const log = newLog();
    const ended: { index: number; stopped: boolean }[] = [];
    const stop = await runMany({
      runs: 50,
      jobs: 2,
      runOne: fakeRun(5, log),
      onRunEnd: (r) => ended.push(r),
      keepGoing: () => ended.length < 3,
      signal: new AbortController().signal,
    });
    expect(stop).toBe('until');
    expect(ended.length).toBeGreaterThanOrEqual(3);
    expect(ended.length).toBeLessThanOrEqual(4);
    expect(ended.every((r) => !r.stopped)).toBe(true);
  });

  it('on abort starts nothing more and ends the running runs through their signal', async () => {
    const log = newLog();
    const controller = new AbortController();
    const ended: { index: number; stopped: boolean }[] = [];
    const running = runMany({
      runs: 100,
      jobs: 2,
      runOne: fakeRun(10_000, log),
      onRunEnd: (r) => ended.push(r),
      keepGoing: () => true,
      signal: controller.signal,
    });
    await sleep(20);
    controller.abort();
    expect(await running).toBe('interrupted');
    expect(log.started).toEqual([1, 2]);
    expect(ended.map((r) => r.stopped)).toEqual([true, true]);
  });

  it('rethrows the first run that throws, after ending the others', async () => {
    const log = newLog();
    const slow = fakeRun(10_000, log);
    const ended: { stopped: boolean }[] = [];
    await expect(
      runMany({
        runs: 10,
        jobs: 2,
        runOne: async (index, signal) => {
          if (index === 2) {
            await sleep(5);
            throw new Error('cannot start');
          }
          return slow(index, signal);
        },
        onRunEnd: (r) => ended.push(r),
        keepGoing: () => true,
        signal: new AbortController().signal,
      }),
    ).rejects.toThrow('cannot start');
    expect(ended).toEqual([{ index: 1, stopped: true }]);
    expect(log.started).toEqual([1]);
  });
});
