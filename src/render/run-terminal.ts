import type { ChildRun } from '../run/run-outcome.js';
import type { RunReport } from '../run/run-report.js';
import { type GroupStats, runsEnded } from '../run/run-summary.js';
import { wilsonInterval } from '../run/wilson.js';
import { type TextColumn, textTable } from './text-table.js';

/**
 * The summary of `racelens run`: what ran and how the runs ended, then one line per group with
 * its rate and 95% interval, then why it stopped early, if it did.
 */
export function runReportToText(report: RunReport): string {
  const t = report.totals;
  const lines = [
    `${plural(t.started, 'run')} of ${commandLine(report.command)} in ${duration(report.elapsedMs)}${report.jobs > 1 ? `, ${report.jobs} at a time` : ''}: ${outcomeCounts(report)}`,
  ];
  if (report.groups.length > 0) {
    const columns: TextColumn<GroupStats>[] = [
      { title: 'id', value: (g) => g.id },
      { title: 'runs', value: (g) => `${g.runsSeen}/${t.measured}`, align: 'right' },
      { title: 'rate', value: (g) => percent(g.rate), align: 'right' },
      {
        title: '95% interval',
        value: (g) => `${percent(g.interval.low)}–${percent(g.interval.high)}`,
        align: 'right',
      },
      { title: 'first', value: (g) => `#${g.firstRun}`, align: 'right' },
      { title: 'title', value: (g) => g.title },
    ];
    lines.push('', ...textTable(columns, report.groups), '');
  } else if (runsEnded(t) > 0) {
    const ended = runsEnded(t);
    const bound = wilsonInterval(0, ended)!.high;
    lines.push(
      `no ThreadSanitizer report in ${plural(ended, 'run')} that ended on their own: a race showing in more than ${percent(bound)} of runs would most likely have shown (95% upper bound)`,
    );
  } else if (t.measured > 0) {
    lines.push(
      `no run was measured: every run crashed or timed out before it ended, so nothing can be said about how often a race shows (exit 4)`,
    );
  }
  const unexplained = report.runs.find((r) => r.stderrTail !== null);
  if (unexplained && t.outcomes.races + t.outcomes.clean === 0)
    lines.push(
      `no run ended cleanly; run ${unexplained.index} ${ending(unexplained)}, its standard error ended with:`,
      ...(unexplained.stderrTail ?? '').split('\n').map((l) => `  ${l}`),
    );
  const stop = stopLine(report);
  if (stop) lines.push(stop);
  if (report.store) lines.push(`recorded in run ${report.store.run} of ${report.store.path}`);
  return `${lines.join('\n')}\n`;
}

function outcomeCounts(report: RunReport): string {
  const { outcomes, measured } = report.totals;
  if (report.totals.started === 0) return 'none started';
  const runs = report.runs;
  const parts = [`${outcomes.races} with reports`, `${outcomes.clean} clean`];
  if (outcomes.failed > 0)
    parts.push(
      `${outcomes.failed} failed (${distinct(runs, 'failed', (r) => `exit ${r.exitCode}`)})`,
    );
  if (outcomes.crashed > 0)
    parts.push(`${outcomes.crashed} crashed (${distinct(runs, 'crashed', (r) => `${r.signal}`)})`);
  if (outcomes.timeout > 0) parts.push(`${outcomes.timeout} timed out`);
  if (outcomes.interrupted > 0)
    parts.push(`${outcomes.interrupted} interrupted (not measured: ${measured} measured)`);
  return parts.join(', ');
}

function stopLine(report: RunReport): string | null {
  const notStarted = report.runsRequested - report.totals.started;
  if (report.stoppedBy === 'interrupted')
    return `interrupted: ${notStarted} of ${report.runsRequested} runs not started`;
  if (report.stoppedBy !== 'until') return null;
  const rule = [
    report.untilRuns === null ? null : `--until ${report.untilRuns}`,
    report.untilGroup === null ? null : `--until-group ${report.untilGroup}`,
  ]
    .filter((r) => r !== null)
    .join(' / ');
  return `stopped after ${report.totals.started} of ${report.runsRequested} runs (${rule} reached): stopping on a result makes its rate read high`;
}

function ending(run: ChildRun): string {
  return run.outcome === 'crashed' ? `was killed by ${run.signal}` : `exited with ${run.exitCode}`;
}

function distinct(runs: readonly ChildRun[], outcome: string, key: (r: ChildRun) => string) {
  const counts = new Map<string, number>();
  for (const run of runs)
    if (run.outcome === outcome) counts.set(key(run), (counts.get(key(run)) ?? 0) + 1);
  return [...counts].map(([k, n]) => (n > 1 ? `${k} ×${n}` : k)).join(', ');
}

/** The command as a shell would take it back: arguments with spaces or quotes are quoted. */
export function commandLine(command: readonly string[]): string {
  return command
    .map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`))
    .join(' ');
}

export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

export function duration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
