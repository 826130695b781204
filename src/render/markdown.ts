import type { Frame } from '../model/frame.js';
import { programFrame } from '../triage/program-frame.js';
import { whySentence } from '../triage/why.js';
import { splitBackticks } from './backtick-words.js';
import {
  type GroupView,
  locationPhrase,
  type SideView,
  type SummaryQuoting,
  summaryOf,
} from './group-view.js';
import { decisionLines } from './markdown-decisions.js';
import { Markdown, md, mdCell, mdCode, mdFence, mdJoin, mdLink, mdText } from './markdown-text.js';
import type { RenderContext } from './report-format.js';
import { threadName } from './report-text.js';

/**
 * Sentences of the group view, with names and paths as code spans and other log text escaped.
 * The sentence is built from our own words and these quoted pieces only, so it is Markdown.
 */
const MD_QUOTING: SummaryQuoting = {
  code: (text) => mdCode(text).text,
  name: (text) => mdCode(text).text,
  text: (text) => mdText(text).text,
};

function summary(view: GroupView): Markdown {
  return new Markdown(summaryOf(view, MD_QUOTING));
}

/**
 * `racelens triage --format markdown`: one ready-to-file issue per group, in the shape the seed's
 * author wrote by hand: a title, what raced with what, the two accesses side by side, the
 * location, known and related issues, where it was seen, and the whole report folded away.
 * Drafts are separated by a rule and start with an HTML comment naming the group, so a script
 * can split them.
 */
export function renderMarkdown(ctx: RenderContext): string {
  if (ctx.views.length === 0) return 'No ThreadSanitizer reports were found in the inputs.\n';
  return ctx.views.map((view) => issueDraft(view).text).join('\n---\n\n');
}

export function issueDraft(view: GroupView): Markdown {
  const out: Markdown[] = [];
  out.push(md`<!-- racelens group ${view.id} -->`);
  out.push(md`# ${view.issueTitle}`, md``);
  out.push(summary(view), md``);
  out.push(...sidesTable(view), md``);
  if (view.location) out.push(md`**Location:** ${locationText(view)}`, md``);
  const threads = threadLines(view);
  if (threads.length > 0) out.push(md`**Threads:**`, md``, ...threads, md``);
  if (view.why) {
    const sentence = new Markdown(whySentence(view.why, MD_QUOTING));
    out.push(md`## Why this is a race`, md``, sentence, md``);
  }
  out.push(md`## Known and related issues`, md``, ...knownLines(view), md``);
  out.push(md`## Seen`, md``, ...seenLines(view), md``);
  out.push(
    md`<details>`,
    md`<summary>Full ThreadSanitizer report</summary>`,
    md``,
    mdFence(view.reportText),
    md``,
    md`</details>`,
    md``,
  );
  return mdJoin(out, '\n');
}

/** The accesses of a race (or the stacks of another kind), one row each. */
function sidesTable(view: GroupView): Markdown[] {
  if (view.sides.length === 0) return [md`The report holds no stack to show.`];
  const races = view.sides.some((s) => s.access !== null);
  const withMutexes = view.sides.some((s) => (s.access?.mutexes.length ?? 0) > 0);
  const header = races
    ? ['', 'Thread', 'Access', 'Size', 'Where', ...(withMutexes ? ['Mutexes held'] : [])]
    : ['', 'Thread', 'Stack', 'Where'];
  const rows = view.sides.map((side, i): Markdown[] => {
    const name = side.threadName === null ? null : mdCode(side.threadName);
    const thread = md`${threadName(side.thread, side.runtime)}${name ? md` ${name}` : null}${
      side.role ? ` (${side.role})` : null
    }`;
    const where = whereCell(side);
    if (!races) return [md`${i + 1}`, thread, mdText(side.heading), where];
    const access = side.access;
    const op = access
      ? `${access.previous ? 'previous ' : ''}${access.atomic ? 'atomic' : 'plain'} ${access.op}`
      : '';
    const mutexes = access?.mutexes.map((m) => `${m.mode} ${m.id}`).join(', ') || 'none';
    return [
      md`${i + 1}`,
      thread,
      mdText(op),
      md`${access?.size ?? null}`,
      where,
      ...(withMutexes ? [mdText(mutexes)] : []),
    ];
  });
  return [
    row(header.map(mdText)),
    row(header.map(() => md`---`)),
    ...rows.map((cells) => row(cells)),
  ];
}

function row(cells: readonly Markdown[]): Markdown {
  return md`| ${mdJoin(cells.map(mdCell), ' | ')} |`;
}

function whereCell(side: SideView): Markdown {
  if (side.anchorIndex === null) return side.frames.length === 0 ? md`(no stack)` : md``;
  const anchor = side.frames[side.anchorIndex] as Frame;
  const name = mdCode(side.anchorName ?? anchor.function ?? '?');
  return side.anchorPlace ? md`${name} at ${mdCode(side.anchorPlace)}` : name;
}

function locationText(view: GroupView): Markdown {
  const where = view.location?.location;
  if (!where) return md``;
  const phrase = new Markdown(locationPhrase(where, MD_QUOTING));
  if (where.type === 'global' && where.module)
    return md`${phrase} in ${mdCode(`${where.module}+${where.offset ?? '0x0'}`)}`;
  if (where.type === 'heap') {
    // Where the program allocated it, not the allocator's own interceptor frame.
    const first = programFrame(where.frames);
    return md`${phrase}${first?.function ? md` in ${mdCode(first.function)}` : null}`;
  }
  return phrase;
}

function threadLines(view: GroupView): Markdown[] {
  return view.threads.map((thread) => {
    const name = thread.name === null ? null : md` ${mdCode(thread.name)}`;
    const state = [thread.tid === null ? null : `tid ${thread.tid}`, thread.state]
      .filter((x) => x !== null)
      .join(', ');
    const creator =
      thread.createdBy === null
        ? null
        : md`, created by ${thread.createdBy === 'main' ? 'the main thread' : `thread ${thread.createdBy}`}`;
    const spawn = programFrame(thread.frames);
    const at = spawn?.function ? md` in ${mdCode(spawn.function)}` : null;
    return md`- ${thread.id}${name}${state ? ` (${state})` : null}${creator}${at}`;
  });
}

function knownLines(view: GroupView): Markdown[] {
  const lines: Markdown[] = decisionLines(view);
  if (view.known) {
    const label = mdLink(md`#${view.known.id}`, view.known.url);
    const title = view.known.title ? md`: ${view.known.title}` : null;
    const state = view.known.state ? md` (${view.known.state})` : null;
    lines.push(md`- **Known issue** ${label}${title}${state}: the same signature.`);
  }
  for (const related of view.related) {
    const label =
      related.to === 'known'
        ? mdLink(md`#${related.id}`, related.url)
        : md`group ${mdCode(related.id)}`;
    const title = related.title ? md` (${related.title})` : null;
    const why = mdJoin(
      splitBackticks(related.explanation).map((p) => (p.code ? mdCode(p.text) : mdText(p.text))),
      '',
    );
    lines.push(md`- Related to but distinct from ${label}${title}: ${why} (${related.kind}).`);
  }
  if (view.suppressedBy) {
    const s = view.suppressedBy;
    lines.push(
      md`- Suppressed by ${mdCode(`${s.type}:${s.pattern}`)} at ${mdCode(`${s.file}:${s.line}`)}.`,
    );
  }
  if (lines.length === 0) lines.push(md`No known or related issue matched.`);
  return lines;
}

function seenLines(view: GroupView): Markdown[] {
  const inputs = view.inputs.length;
  const reports = `${view.count} report${view.count === 1 ? '' : 's'}`;
  const runtimes = view.runtimes.length > 0 ? `; runtime ${view.runtimes.join(', ')}` : null;
  const cut = view.truncated > 0 ? `; ${view.truncated} cut short` : null;
  const lines = [md`- ${reports} in ${inputs} input${inputs === 1 ? '' : 's'}${runtimes}${cut}.`];
  const shown = view.occurrences.map((o) => mdCode(`${o.file}:${o.line}`));
  const more = view.count > shown.length ? `, and ${view.count - shown.length} more` : null;
  if (shown.length > 0) lines.push(md`- At ${mdJoin(shown, ', ')}${more}.`);
  lines.push(md`- Signature ${mdCode(view.signature)} (racelens id ${mdCode(view.id)}).`);
  return lines;
}
