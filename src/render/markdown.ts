import type { Frame } from '../model/frame.js';
import { isRuntimeFrame } from '../triage/runtime-frames.js';
import {
  type GroupView,
  locationPhrase,
  type SideView,
  type SummaryQuoting,
  summaryOf,
} from './group-view.js';
import { mdCell, mdCode, mdFence, mdLink, mdText } from './markdown-text.js';
import type { RenderContext } from './report-format.js';
import { threadName } from './report-text.js';

/**
 * `racelens triage --format markdown`: one ready-to-file issue per group, in the shape the seed's
 * author wrote by hand: a title, what raced with what, the two accesses side by side, the
 * location, known and related issues, where it was seen, and the whole report folded away.
 * Drafts are separated by a rule and start with an HTML comment naming the group, so a script
 * can split them.
 */
const MD_QUOTING: SummaryQuoting = { code: mdCode, name: mdCode, text: mdText };

export function renderMarkdown(ctx: RenderContext): string {
  if (ctx.views.length === 0) return 'No ThreadSanitizer reports were found in the inputs.\n';
  return `${ctx.views.map((view) => issueDraft(view)).join('\n---\n\n')}`;
}

export function issueDraft(view: GroupView): string {
  const out: string[] = [];
  out.push(`<!-- racelens group ${view.id} -->`);
  out.push(`# ${mdText(view.issueTitle)}`, '');
  out.push(summaryOf(view, MD_QUOTING), '');
  out.push(...sidesTable(view), '');
  if (view.location) out.push(`**Location:** ${locationText(view)}`, '');
  const threads = threadLines(view);
  if (threads.length > 0) out.push('**Threads:**', '', ...threads, '');
  out.push('## Known and related issues', '', ...knownLines(view), '');
  out.push('## Seen', '', ...seenLines(view), '');
  out.push(
    '<details>',
    '<summary>Full ThreadSanitizer report</summary>',
    '',
    mdFence(view.reportText),
    '',
    '</details>',
    '',
  );
  return out.join('\n');
}

/** The accesses of a race (or the stacks of another kind), one row each. */
function sidesTable(view: GroupView): string[] {
  if (view.sides.length === 0) return ['The report holds no stack to show.'];
  const races = view.sides.some((s) => s.access !== null);
  const withMutexes = view.sides.some((s) => (s.access?.mutexes.length ?? 0) > 0);
  const header = races
    ? ['', 'Thread', 'Access', 'Size', 'Where', ...(withMutexes ? ['Mutexes held'] : [])]
    : ['', 'Thread', 'Stack', 'Where'];
  const rows = view.sides.map((side, i) => {
    const name = side.threadName === null ? '' : ` ${mdCode(side.threadName)}`;
    const thread = `${mdText(threadName(side.thread))}${name}${side.role ? ` (${side.role})` : ''}`;
    const where = whereCell(side);
    if (!races) return [String(i + 1), thread, mdText(side.heading), where];
    const access = side.access;
    const op = access
      ? `${access.previous ? 'previous ' : ''}${access.atomic ? 'atomic' : 'plain'} ${access.op}`
      : '';
    const mutexes = access?.mutexes.map((m) => `${m.mode} ${m.id}`).join(', ') || 'none';
    return [
      String(i + 1),
      thread,
      mdText(op),
      access?.size === null || access === null ? '' : String(access.size),
      where,
      ...(withMutexes ? [mdText(mutexes)] : []),
    ];
  });
  return [row(header), row(header.map(() => '---')), ...rows.map(row)];
}

function row(cells: readonly string[]): string {
  return `| ${cells.map(mdCell).join(' | ')} |`;
}

function whereCell(side: SideView): string {
  if (side.anchorIndex === null) return side.frames.length === 0 ? '(no stack)' : '';
  const anchor = side.frames[side.anchorIndex] as Frame;
  const name = mdCode(side.anchorName ?? anchor.function ?? '?');
  return side.anchorPlace ? `${name} at ${mdCode(side.anchorPlace)}` : name;
}

function locationText(view: GroupView): string {
  const where = view.location?.location;
  if (!where) return '';
  const phrase = locationPhrase(where, MD_QUOTING);
  if (where.type === 'global' && where.module)
    return `${phrase} in ${mdCode(`${where.module}+${where.offset ?? '0x0'}`)}`;
  if (where.type === 'heap') {
    // Where the program allocated it, not the allocator's own interceptor frame.
    const first = where.frames.find((f) => f.function !== null && !isRuntimeFrame(f));
    return `${phrase}${first?.function ? ` in ${mdCode(first.function)}` : ''}`;
  }
  return phrase;
}

function threadLines(view: GroupView): string[] {
  return view.threads.map((thread) => {
    const name = thread.name === null ? '' : ` ${mdCode(thread.name)}`;
    const state = [thread.tid === null ? null : `tid ${thread.tid}`, thread.state]
      .filter((x) => x !== null)
      .join(', ');
    const creator =
      thread.createdBy === null
        ? ''
        : `, created by ${thread.createdBy === 'main' ? 'the main thread' : `thread ${mdText(thread.createdBy)}`}`;
    const spawn = thread.frames.find(
      (f) => f.function !== null && !/pthread_create/.test(f.function),
    );
    const at = spawn?.function ? ` in ${mdCode(spawn.function)}` : '';
    return `- ${mdText(thread.id)}${name}${state ? ` (${state})` : ''}${creator}${at}`;
  });
}

function knownLines(view: GroupView): string[] {
  const lines: string[] = [];
  if (view.known) {
    const label = mdLink(`#${mdText(view.known.id)}`, view.known.url);
    const title = view.known.title ? `: ${mdText(view.known.title)}` : '';
    const state = view.known.state ? ` (${mdText(view.known.state)})` : '';
    lines.push(`- **Known issue** ${label}${title}${state}: the same signature.`);
  }
  for (const related of view.related) {
    const label =
      related.to === 'known'
        ? mdLink(`#${mdText(related.id)}`, related.url)
        : `group ${mdCode(related.id)}`;
    const title = related.title ? ` (${mdText(related.title)})` : '';
    lines.push(`- Related to but distinct from ${label}${title}: ${mdText(related.explanation)}.`);
  }
  if (view.suppressedBy) {
    const s = view.suppressedBy;
    lines.push(
      `- Suppressed by ${mdCode(`${s.type}:${s.pattern}`)} at ${mdCode(`${s.file}:${s.line}`)}.`,
    );
  }
  if (lines.length === 0) lines.push('No known or related issue matched.');
  return lines;
}

function seenLines(view: GroupView): string[] {
  const inputs = view.inputs.length;
  const reports = `${view.count} report${view.count === 1 ? '' : 's'}`;
  const runtimes = view.runtimes.length > 0 ? `; runtime ${view.runtimes.join(', ')}` : '';
  const cut = view.truncated > 0 ? `; ${view.truncated} cut short` : '';
  const lines = [`- ${reports} in ${inputs} input${inputs === 1 ? '' : 's'}${runtimes}${cut}.`];
  const shown = view.occurrences.map((o) => mdCode(`${o.file}:${o.line}`));
  const more = view.count > shown.length ? `, and ${view.count - shown.length} more` : '';
  if (shown.length > 0) lines.push(`- At ${shown.join(', ')}${more}.`);
  lines.push(`- Signature ${mdCode(view.signature)} (racelens id ${mdCode(view.id)}).`);
  return lines;
}
