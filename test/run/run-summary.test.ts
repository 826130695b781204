import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseText } from '../../src/index.js';
import type { GroupInRun } from '../../src/run/run-once.js';
import type { ChildRun, RunOutcome } from '../../src/run/run-outcome.js';
import { RunTally } from '../../src/run/run-summary.js';
import type { Group } from '../../src/triage/group.js';
import { Triage } from '../../src/triage/triage.js';
import { REPO_ROOT } from '../support/fixtures.js';

/** Two real groups (bank's and inventory's races), from the example logs. */
function twoGroups(): [Group, Group] {
  const triage = new Triage();
  const groupOf = (log: string) => {
    const text = readFileSync(join(REPO_ROOT, 'examples', log), 'utf8');
    const report = parseText(text).find((r) => r.type === 'report');
    return triage.add(report!)!;
  };
  return [groupOf('bank.gcc.log'), groupOf('inventory.clang19.log')];
}

function run(index: number, outcome: RunOutcome, groups: readonly GroupInRun[] = []): ChildRun {
  return {
    index,
    outcome,
    exitCode: outcome === 'races' ? 66 : 0,
    signal: null,
    durationMs: 10,
    reports: groups.reduce((n, g) => n + g.reports, 0),
    groups: groups.map((g) => g.group.signature.id),
    stderrTail: null,
  };
}

describe('RunTally', () => {
  const [a, b] = twoGroups();

  it('counts per group the measured runs that saw it, its rate and interval, and its first run', () => {
    const tally = new RunTally();
    const seen = (i: number, ...groups: Group[]) => {
      const inRun = groups.map((group) => ({ group, reports: 2 }));
      tally.add(run(i, groups.length > 0 ? 'races' : 'clean', inRun), inRun);
    };
    // Runs end out of order with several jobs: the first run is the lowest index, not the first to end.
    seen(3, a);
    seen(1);
    seen(2, a, b);
    seen(5);
    seen(4);
    const interrupted = run(6, 'interrupted');
    tally.add(interrupted, []);

    const totals = tally.totals();
    expect(totals).toMatchObject({ started: 6, measured: 5, withReports: 2 });
    expect(totals.outcomes).toEqual({
      races: 2,
      clean: 3,
      failed: 0,
      crashed: 0,
      timeout: 0,
      interrupted: 1,
    });
    const stats = tally.groupStats();
    expect(stats.map((s) => [s.id, s.runsSeen, s.firstRun, s.reports])).toEqual([
      [a.signature.id, 2, 2, 4],
      [b.signature.id, 1, 2, 2],
    ]);
    expect(stats[0]!.rate).toBe(2 / 5);
    expect(stats[0]!.interval.low).toBeCloseTo(0.1176, 4);
    expect(stats[0]!.interval.high).toBeCloseTo(0.7693, 4);
    expect(tally.distinctGroups).toBe(2);
  });

  it('leaves interrupted runs out of every rate, even if they had reports', () => {
    const tally = new RunTally();
    const inRun = [{ group: a, reports: 1 }];
    tally.add(run(1, 'interrupted', inRun), inRun);
    tally.add(run(2, 'clean'), []);
    expect(tally.groupStats()).toEqual([]);
    expect(tally.totals().measured).toBe(1);
    expect(tally.withReports).toBe(0);
  });

  it('counts a timed-out run that reported in the rate', () => {
    const tally = new RunTally();
    const inRun = [{ group: a, reports: 1 }];
    tally.add(run(1, 'timeout', inRun), inRun);
    tally.add(run(2, 'clean'), []);
    expect(tally.groupStats()[0]).toMatchObject({ runsSeen: 1, rate: 0.5 });
    expect(tally.withReports).toBe(1);
  });

  it('reaches --until K once K measured runs reported', () => {
    const tally = new RunTally();
    const rule = { untilRuns: 2, untilGroup: null };
    const inRun = [{ group: a, reports: 1 }];
    expect(tally.reached(rule)).toBe(false);
    tally.add(run(1, 'races', inRun), inRun);
    tally.add(run(2, 'clean'), []);
    expect(tally.reached(rule)).toBe(false);
    tally.add(run(3, 'races', inRun), inRun);
    expect(tally.reached(rule)).toBe(true);
  });

  it('reaches --until-group once a group whose id starts with the prefix was seen', () => {
    const tally = new RunTally();
    const rule = { untilRuns: null, untilGroup: b.signature.id.slice(0, 4) };
    const withA = [{ group: a, reports: 1 }];
    tally.add(run(1, 'races', withA), withA);
    expect(tally.reached(rule)).toBe(a.signature.id.startsWith(rule.untilGroup));
    const withB = [{ group: b, reports: 1 }];
    tally.add(run(2, 'races', withB), withB);
    expect(tally.reached(rule)).toBe(true);
    expect(tally.reached({ untilRuns: null, untilGroup: null })).toBe(false);
  });
});
