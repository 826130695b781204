import type { RunReport } from '../run/run-report.js';

/** Version of the public JSON of `racelens run --json` (schemas/run-result.schema.json). */
export const RUN_SCHEMA_VERSION = 1 as const;

const seconds = (ms: number) => Math.round(ms) / 1000;

/** Field by field, so that the document has what its schema says and nothing else. */
export function runReportToJson(report: RunReport): object {
  return {
    schemaVersion: RUN_SCHEMA_VERSION,
    command: [...report.command],
    runsRequested: report.runsRequested,
    jobs: report.jobs,
    timeoutSeconds: report.timeoutSeconds,
    until: report.untilRuns,
    untilGroup: report.untilGroup,
    stoppedBy: report.stoppedBy,
    elapsedSeconds: seconds(report.elapsedMs),
    totals: {
      started: report.totals.started,
      measured: report.totals.measured,
      withReports: report.totals.withReports,
      ...report.totals.outcomes,
    },
    groups: report.groups.map((g) => ({
      id: g.id,
      signature: g.signature,
      kind: g.kind,
      title: g.title,
      runsSeen: g.runsSeen,
      rate: g.rate,
      interval: { confidence: 0.95, low: g.interval.low, high: g.interval.high },
      firstRun: g.firstRun,
      reports: g.reports,
    })),
    runs: report.runs.map((r) => ({
      index: r.index,
      outcome: r.outcome,
      exitCode: r.exitCode,
      signal: r.signal,
      durationSeconds: seconds(r.durationMs),
      reports: r.reports,
      groups: [...r.groups],
      stderrTail: r.stderrTail,
    })),
    store: report.store === null ? null : { path: report.store.path, run: report.store.run },
  };
}
