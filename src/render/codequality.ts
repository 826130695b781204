import { createHash } from 'node:crypto';
import type { GroupView } from './group-view.js';
import { repositoryPlace } from './program-frames.js';
import type { RenderContext } from './report-format.js';

/** GitLab's severities, least to most urgent. */
export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

/** One issue of a GitLab code-quality report (the subset of Code Climate's spec GitLab reads). */
export interface CodeQualityIssue {
  readonly description: string;
  readonly check_name: string;
  readonly fingerprint: string;
  readonly severity: CodeQualitySeverity;
  readonly location: { readonly path: string; readonly lines: { readonly begin: number } };
}

/**
 * The triage result as a GitLab code-quality report (`artifacts: reports: codequality:`): one
 * issue per group that is not suppressed, at its first program frame under the source root,
 * so the merge request shows it on the line. The fingerprint is the signature's, so GitLab
 * tells new groups from old ones across pipelines. A group with no frame under the root is
 * placed at the log line that showed it (GitLab requires a place). schemas/gitlab-codequality.schema.json
 */
export function codeQualityIssues(ctx: RenderContext): CodeQualityIssue[] {
  return ctx.views
    .filter((view) => view.suppressedBy === null)
    .map((view) => {
      const place = repositoryPlace(view, ctx.sourceRoot) ?? logPlace(view);
      const known = view.known ? ` Known issue: ${view.known.id}.` : '';
      return {
        description: `${view.title} (${view.count} report${view.count === 1 ? '' : 's'}). ${view.summary}${known}`,
        check_name: `racelens/${view.kindId}`,
        fingerprint: createHash('sha256').update(view.signature).digest('hex').slice(0, 32),
        severity: severityOf(view),
        location: { path: place.path, lines: { begin: place.line } },
      };
    });
}

export function renderCodeQuality(ctx: RenderContext): string {
  return `${JSON.stringify(codeQualityIssues(ctx), null, 2)}\n`;
}

/** Memory errors first; known groups are tracked already, so they rank below new ones. */
function severityOf(view: GroupView): CodeQualitySeverity {
  if (view.known !== null) return 'minor';
  return view.kindId.startsWith('heap-use-after-free') ? 'critical' : 'major';
}

function logPlace(view: GroupView): { path: string; line: number } {
  const first = view.occurrences[0];
  return { path: first?.file ?? '<unknown>', line: Math.max(1, first?.line ?? 1) };
}
