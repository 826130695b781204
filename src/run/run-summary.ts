import type { Group } from '../triage/group.js';
import type { GroupInRun } from './run-once.js';
import { type ChildRun, isMeasured, RUN_OUTCOMES, type RunOutcome } from './run-outcome.js';
import { type Interval, wilsonInterval } from './wilson.js';

/** When to stop starting runs before RUNS: `--until K`, `--until-group ID`. */
export interface StopRule {
  /** Stop once this many runs reported. */
  readonly untilRuns: number | null;
  /** Stop once a group whose id starts with this was seen. */
  readonly untilGroup: string | null;
}

export interface GroupStats {
  readonly id: string;
  readonly signature: string;
  readonly kind: string;
  readonly title: string;
  /** Measured runs that reported this group. */
  readonly runsSeen: number;
  /** runsSeen / measured runs. */
  readonly rate: number;
  /** 95% Wilson score interval of the rate. */
  readonly interval: Interval;
  /** The lowest index of a run that saw it (runs end out of order with several jobs). */
  readonly firstRun: number;
  readonly reports: number;
}

export interface RunTotals {
  readonly started: number;
  /** Runs that ran their course: every outcome but `interrupted`. The denominator of rates. */
  readonly measured: number;
  /** Measured runs with at least one report (whatever their outcome). */
  readonly withReports: number;
  readonly outcomes: Readonly<Record<RunOutcome, number>>;
}

interface GroupTally {
  readonly group: Group;
  runsSeen: number;
  firstRun: number;
  reports: number;
}

/**
 * Counts runs as they end: per outcome, and per group the runs that saw it. Interrupted runs
 * are listed but measured in nothing.
 */
export class RunTally {
  private readonly runList: ChildRun[] = [];
  private readonly groups = new Map<string, GroupTally>();
  private withReportsCount = 0;

  add(run: ChildRun, groups: readonly GroupInRun[]): void {
    this.runList.push(run);
    if (!isMeasured(run)) return;
    if (groups.length > 0) this.withReportsCount++;
    for (const { group, reports } of groups) {
      const tally = this.groups.get(group.signature.text);
      if (tally) {
        tally.runsSeen++;
        tally.firstRun = Math.min(tally.firstRun, run.index);
        tally.reports += reports;
      } else {
        this.groups.set(group.signature.text, {
          group,
          runsSeen: 1,
          firstRun: run.index,
          reports,
        });
      }
    }
  }

  /** Runs in the order they ended. */
  get runs(): readonly ChildRun[] {
    return this.runList;
  }

  get withReports(): number {
    return this.withReportsCount;
  }

  get distinctGroups(): number {
    return this.groups.size;
  }

  /** True once the rule says no more runs should start. */
  reached(rule: StopRule): boolean {
    if (rule.untilRuns !== null && this.withReportsCount >= rule.untilRuns) return true;
    const prefix = rule.untilGroup;
    if (prefix !== null)
      for (const tally of this.groups.values())
        if (tally.group.signature.id.startsWith(prefix)) return true;
    return false;
  }

  totals(): RunTotals {
    const outcomes = Object.fromEntries(RUN_OUTCOMES.map((o) => [o, 0])) as Record<
      RunOutcome,
      number
    >;
    for (const run of this.runList) outcomes[run.outcome]++;
    return {
      started: this.runList.length,
      measured: this.runList.filter(isMeasured).length,
      withReports: this.withReportsCount,
      outcomes,
    };
  }

  /** Per group, most often seen first (then first seen first). */
  groupStats(): GroupStats[] {
    const measured = this.totals().measured;
    return [...this.groups.values()]
      .map((t): GroupStats => {
        const interval = wilsonInterval(t.runsSeen, measured);
        if (interval === null) throw new Error('a group was counted without a measured run');
        return {
          id: t.group.signature.id,
          signature: t.group.signature.text,
          kind: t.group.report.kind,
          title: t.group.signature.title,
          runsSeen: t.runsSeen,
          rate: t.runsSeen / measured,
          interval,
          firstRun: t.firstRun,
          reports: t.reports,
        };
      })
      .sort((a, b) => b.runsSeen - a.runsSeen || a.firstRun - b.firstRun || cmp(a.id, b.id));
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Runs that ended on their own (with reports, clean, or a failing exit): only those say how
 * often a race shows. A crash or a timeout may have cut the run before TSan could report.
 */
export function runsEnded(totals: RunTotals): number {
  const { races, clean, failed } = totals.outcomes;
  return races + clean + failed;
}
