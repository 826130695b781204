import type { GroupHistory, GroupRuns, HistoryResult } from '../store/store.js';

/** Version of the public JSON of `racelens history --json` (schemas/history.schema.json). */
export const HISTORY_SCHEMA_VERSION = 1 as const;

/** `history --json`: the window, and every group seen in it (the order of the terminal). */
export function historyToJson(result: HistoryResult, since: string | null): object {
  return {
    schemaVersion: HISTORY_SCHEMA_VERSION,
    view: 'groups',
    since,
    runs: result.runs,
    groups: result.groups.map(groupJson),
  };
}

/** `history --group ID --json`: the group, and every run that saw it, newest first. */
export function groupRunsToJson(groupRuns: GroupRuns, totalRuns: number): object {
  return {
    schemaVersion: HISTORY_SCHEMA_VERSION,
    view: 'group',
    since: null,
    runs: totalRuns,
    group: groupJson(groupRuns.group),
    appearances: groupRuns.runs.map((r) => ({
      run: r.name,
      time: r.time,
      commit: r.commit,
      branch: r.branch,
      job: r.job,
      reports: r.reports,
    })),
  };
}

/** Field by field, so that the document has what its schema says and nothing else. */
function groupJson(g: GroupHistory): object {
  return {
    id: g.id,
    signature: g.signature,
    kind: g.kind,
    title: g.title,
    firstSeen: g.firstSeen,
    lastSeen: g.lastSeen,
    runsSeen: g.runsSeen,
    share: g.share,
    reports: g.reports,
    trend: g.trend,
  };
}
