import type { GroupView } from './group-view.js';
import { repositoryPlace } from './program-frames.js';
import type { RenderContext } from './report-format.js';

/**
 * GitHub shows at most 10 error annotations per step (and 50 per job); more are dropped
 * silently, so racelens stops at the cap and says how many it left out.
 */
export const GITHUB_ERROR_ANNOTATIONS = 10;

export interface GithubAnnotationOptions {
  /** Which groups are new (annotated as errors); default: neither known nor suppressed. */
  readonly isNew?: (view: GroupView) => boolean;
  /** At most this many error annotations; default GITHUB_ERROR_ANNOTATIONS. */
  readonly limit?: number;
  /** `warning` when nothing fails on them (a first run without a baseline). */
  readonly level?: 'error' | 'warning';
}

/**
 * Workflow commands (`::error file=src/a.c,line=12,title=...::message`) that put each new group
 * on its program frame in the pull request's diff. A group with no frame under the source root
 * gets an annotation without a place (shown on the run). Known and suppressed groups, and
 * groups over the cap, are counted in one closing `::notice`.
 */
export function renderGithubAnnotations(
  ctx: RenderContext,
  options: GithubAnnotationOptions = {},
): string {
  const isNew = options.isNew ?? ((v: GroupView) => v.known === null && v.suppressedBy === null);
  const limit = options.limit ?? GITHUB_ERROR_ANNOTATIONS;
  const fresh = ctx.views.filter(isNew);
  const level = options.level ?? 'error';
  const lines = fresh.slice(0, limit).map((view) => annotation(view, ctx.sourceRoot, level));
  const notes: string[] = [];
  if (fresh.length > limit)
    notes.push(
      `${fresh.length - limit} more new group${fresh.length - limit === 1 ? '' : 's'} not annotated (GitHub shows ${limit} ${level} annotations per step); the job summary and the SARIF list them all`,
    );
  const others = ctx.views.length - fresh.length;
  if (others > 0)
    notes.push(
      `${others} group${others === 1 ? '' : 's'} not new (known, suppressed or seen before) not annotated`,
    );
  if (notes.length > 0)
    lines.push(workflowCommand('notice', { title: 'racelens' }, notes.join('; ')));
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function annotation(view: GroupView, root: string | null, level: 'error' | 'warning'): string {
  const place = repositoryPlace(view, root);
  const properties: Record<string, string> = {};
  if (place) {
    properties.file = place.path;
    properties.line = String(place.line);
  }
  properties.title = `ThreadSanitizer ${view.kind} (racelens ${view.id})`;
  const count = `${view.count} report${view.count === 1 ? '' : 's'}`;
  return workflowCommand(level, properties, `${view.title}\n${view.summary}\n${count}`);
}

/**
 * `::command key=value,...::message` with GitHub's escaping: `%`, CR and LF in the message;
 * also `:` and `,` in property values (toolkit/core's escapeData/escapeProperty). Log text
 * cannot start a second command: a newline in it is escaped.
 */
export function workflowCommand(
  command: 'error' | 'warning' | 'notice',
  properties: Readonly<Record<string, string>>,
  message: string,
): string {
  const props = Object.entries(properties)
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',');
  return `::${command}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}
