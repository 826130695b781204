import type { GroupView } from './group-view.js';
import { type Markdown, md, mdCell, mdCode, mdJoin, mdLink } from './markdown-text.js';
import { repositoryPlace } from './program-frames.js';
import type { RenderContext } from './report-format.js';

/** Rows per table: the step summary is capped at 1 MiB and people read the first ones. */
const ROWS_SHOWN = 50;

/** Which groups the summary lists, and what the gate compared against. */
export interface GithubSummaryInput {
  readonly newIds: ReadonlySet<string>;
  readonly regressedIds: ReadonlySet<string>;
  /** `branch main (12 runs)`, or null on the first run, when no baseline exists yet. */
  readonly baseline: string | null;
  /** Why there is no baseline, when there is none. */
  readonly noBaselineReason?: string;
  readonly sarifPath: string | null;
  /** A link to a source file at this run's commit, when the workflow says where the repo is. */
  readonly blobUrl?: (path: string, line: number) => string;
}

/**
 * The Markdown a job writes to `$GITHUB_STEP_SUMMARY`: the verdict in one line, then a table
 * of new groups and one of regressed ones (id, title, reports, program frame). Log text goes
 * through the escaping `md` template only.
 */
export function renderGithubSummary(ctx: RenderContext, input: GithubSummaryInput): string {
  const totals = ctx.result.totals;
  const fresh = ctx.views.filter((v) => input.newIds.has(v.id));
  const regressed = ctx.views.filter((v) => input.regressedIds.has(v.id));
  const parts: Markdown[] = [md`## ThreadSanitizer (racelens)`];
  const counts = md`${totals.reports} report${totals.reports === 1 ? '' : 's'} in ${totals.groups} group${totals.groups === 1 ? '' : 's'}: **${fresh.length} new**, ${regressed.length} regressed, ${totals.known} known, ${totals.suppressed} suppressed.`;
  parts.push(counts);
  parts.push(
    input.baseline === null
      ? md`No baseline yet (${input.noBaselineReason ?? 'no history store'}): this first run passes the gate. Record runs of the base branch (racelens ingest) to compare later runs against them.`
      : md`Compared with the baseline: ${input.baseline}.`,
  );
  if (input.sarifPath !== null)
    parts.push(md`SARIF for code scanning: ${mdCode(input.sarifPath)}.`);
  if (fresh.length > 0) parts.push(md`### New`, table(fresh, ctx.sourceRoot, input));
  if (regressed.length > 0)
    parts.push(
      md`### Regressed (their known issue is closed)`,
      table(regressed, ctx.sourceRoot, input),
    );
  if (fresh.length === 0 && regressed.length === 0) parts.push(md`No new or regressed group.`);
  return `${mdJoin(parts, '\n\n').text}\n`;
}

function table(
  views: readonly GroupView[],
  root: string | null,
  input: GithubSummaryInput,
): Markdown {
  const rows = views.slice(0, ROWS_SHOWN).map((view) => {
    const place = repositoryPlace(view, root);
    const where = place
      ? mdLink(
          mdCode(`${place.path}:${place.line}`),
          input.blobUrl?.(place.path, place.line) ?? null,
        )
      : md`-`;
    return md`| ${mdCode(view.id)} | ${mdCell(md`${view.title}`)} | ${view.count} | ${where} |`;
  });
  const more =
    views.length > ROWS_SHOWN
      ? [md`\n${views.length - ROWS_SHOWN} more not shown; the SARIF and the log list them all.`]
      : [];
  return mdJoin(
    [md`| id | group | reports | program frame |`, md`|---|---|---:|---|`, ...rows, ...more],
    '\n',
  );
}
