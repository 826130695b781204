import type { GroupHistory, GroupRuns, HistoryResult, Trend } from '../store/store.js';
import { type TextColumn, textTable } from './text-table.js';

/** What `history` was asked, for the heading. */
export interface HistoryContext {
  /** The store's path. */
  readonly store: string;
  /** `--since` as stored times compare with it (ISO 8601 UTC), or null. */
  readonly since: string | null;
}

/** `history --group` lists this many runs; `--json` has them all. */
export const GROUP_RUNS_SHOWN = 50;

const TRENDS: readonly Trend[] = ['new', 'rising', 'steady', 'falling', 'gone'];

/** Every group of the window, most flaky first, one line each; then the trends counted. */
export function historyToText(result: HistoryResult, context: HistoryContext): string {
  const window = context.since === null ? '' : ` since ${minute(context.since)}`;
  if (result.runs === 0) {
    return context.since === null
      ? `no runs in ${context.store} yet; 'racelens ingest <logs>' records one\n`
      : `no runs in ${context.store}${window} (UTC)\n`;
  }
  const lines = [`${plural(result.runs, 'run')}${window} in ${context.store} (times in UTC)`];
  if (result.groups.length === 0) {
    lines.push('no ThreadSanitizer report in any of them');
    return `${lines.join('\n')}\n`;
  }
  const columns: TextColumn<GroupHistory>[] = [
    { title: 'id', value: (g) => g.id },
    { title: 'runs', value: (g) => `${g.runsSeen}/${result.runs}`, align: 'right' },
    { title: 'share', value: (g) => percent(g.share), align: 'right' },
    { title: 'trend', value: (g) => g.trend },
    { title: 'first seen', value: (g) => minute(g.firstSeen) },
    { title: 'last seen', value: (g) => minute(g.lastSeen) },
    { title: 'title', value: (g) => g.title },
  ];
  lines.push('', ...textTable(columns, result.groups), '');
  const trends = TRENDS.map((t) => [t, result.groups.filter((g) => g.trend === t).length] as const)
    .filter(([, n]) => n > 0)
    .map(([t, n]) => `${n} ${t}`);
  lines.push(`${plural(result.groups.length, 'group')}: ${trends.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** One group: its facts, then the runs that saw it, newest first. */
export function groupRunsToText(groupRuns: GroupRuns, totalRuns: number): string {
  const g = groupRuns.group;
  const lines = [
    `${g.id}  ${g.title}`,
    `    seen in ${g.runsSeen} of ${plural(totalRuns, 'run')} (${percent(g.share)}), ${plural(g.reports, 'report')}; trend: ${g.trend}`,
    `    first seen ${minute(g.firstSeen)}, last seen ${minute(g.lastSeen)} (UTC)`,
    `    signature: ${g.signature}`,
    '',
  ];
  const shown = groupRuns.runs.slice(0, GROUP_RUNS_SHOWN);
  const dash = (value: string | null) => value ?? '-';
  lines.push(
    ...textTable<GroupRuns['runs'][number]>(
      [
        { title: 'run', value: (r) => r.name },
        { title: 'time (UTC)', value: (r) => minute(r.time) },
        // Twelve digits tell commits apart in any repository people triage races in.
        { title: 'commit', value: (r) => dash(r.commit?.slice(0, 12) ?? null) },
        { title: 'branch', value: (r) => dash(r.branch) },
        { title: 'job', value: (r) => dash(r.job) },
        { title: 'reports', value: (r) => String(r.reports), align: 'right' },
      ],
      shown,
    ),
  );
  const hidden = groupRuns.runs.length - shown.length;
  if (hidden > 0) lines.push(`(and ${plural(hidden, 'older run')}: --json lists them all)`);
  return `${lines.join('\n')}\n`;
}

/** `92%`; below 1% but seen, `<1%`, so that a rare race does not read as never. */
function percent(share: number): string {
  if (share > 0 && share < 0.005) return '<1%';
  return `${Math.round(share * 100)}%`;
}

/** `2024-05-01 12:34` from a stored ISO time (UTC). */
function minute(iso: string): string {
  return iso.slice(0, 16).replace('T', ' ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
