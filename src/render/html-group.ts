import { posix } from 'node:path';
import { type ActiveDecision, describeDecision } from '../decide/decision.js';
import type { Frame } from '../model/frame.js';
import type { Location, ThreadInfo } from '../model/report.js';
import { isOwnedByRuntime } from '../triage/program-frame.js';
import { simplifyName } from '../triage/simplify-name.js';
import type { RelatedEntry } from '../triage/triage.js';
import { whySentence } from '../triage/why.js';
import { splitBackticks } from './backtick-words.js';
import { framePlace, type GroupView, type SideView } from './group-view.js';
import { type AlignedCell, type AlignedRow, alignStacks } from './html-align.js';
import type { ClientGroup } from './html-client.js';
import { type Html, html, safeUrl } from './html-escape.js';
import { threadName } from './report-text.js';

export type GroupStatus = ClientGroup['s'];

export interface GroupHtmlOptions {
  readonly sourceRoot: string | null;
  /**
   * Everything (threads, mutexes, the full report) or the essentials only (summary, facts,
   * a shorter stack table): pages of thousands of groups show the first ones in full.
   */
  readonly full: boolean;
}

/** Stack rows shown before the middle ones are elided (the full report has them all). */
const ROWS = { full: { head: 60, tail: 20 }, compact: { head: 10, tail: 4 } } as const;
/** Frames shown of a thread's, a mutex's or an allocation's stack. */
const SMALL_STACK_FRAMES = 40;
const RELATED_SHOWN = 8;
const INPUTS_SHOWN = 10;
/** Lines of the full report shown: the page grows with groups, not with their stacks. */
const REPORT_LINES = 400;

export function statusOf(v: GroupView): GroupStatus {
  if (v.suppressedBy !== null) return 'suppressed';
  return v.state === 'new' ? 'new' : 'known';
}

/** One group: its summary line, and what opening it shows. */
export function groupHtml(v: GroupView, options: GroupHtmlOptions): Html {
  const status = statusOf(v);
  const shortTitle = v.title.startsWith(`${v.kind}: `) ? v.title.slice(v.kind.length + 2) : v.title;
  const badges: Html[] = [];
  if (status === 'new') badges.push(html`<span class="badge new">new</span>`);
  if (v.known) badges.push(html`<span class="badge known">known ${issueId(v.known.id)}</span>`);
  else if (v.state === 'known') badges.push(html`<span class="badge known">known</span>`);
  // Decided states other than known: what a triager looks for first.
  if (v.state === 'regressed' || v.state === 'ignored' || v.state === 'fixed')
    badges.push(html`<span class="badge ${v.state}">${v.state}</span>`);
  if (v.suppressedBy)
    badges.push(
      html`<span class="badge suppressed">suppressed by ${v.suppressedBy.file}:${v.suppressedBy.line}</span>`,
    );
  if (v.truncated > 0) badges.push(html`<span class="badge cut">${v.truncated} cut short</span>`);
  const suppressed = status === 'suppressed' ? ' suppressed' : '';
  const full = options.full;
  return html`<details class="group f-${v.family}${suppressed}" id="g-${v.id}">
<summary><span class="gid">${v.id}</span><span class="kind"><span class="dot"></span>${v.kind}</span><span class="title">${shortTitle}</span><span class="badges">${badges}</span><span class="count">${plural(v.count, 'report')}</span></summary>
<div class="body">
<p class="sentence">${v.summary}</p>
${v.why ? html`<p class="why"><strong>Why this is a race:</strong> ${codeWords(whySentence(v.why))}</p>` : ''}
${facts(v, options)}
${stacksTable(v, options)}
${issues(v)}
${full ? threads(v, options) : ''}
${full ? mutexes(v, options) : ''}
${occurrences(v, full)}
${full ? fullReport(v) : html`<p class="explain">Shown in short (this page has many groups): <code>racelens triage --group ${v.id} --format html</code> shows it in full.</p>`}
</div>
</details>
`;
}

/** What the filter matches: ids, kind, titles, function names, files, threads, issues. */
export function searchText(v: GroupView): string {
  const items = new Set<string>([v.id, v.kind, v.title, v.issueTitle, statusOf(v), v.state]);
  const add = (text: string | null | undefined) => {
    if (text) items.add(text);
  };
  for (const side of v.sides) {
    add(side.heading);
    add(side.threadLabel);
    add(side.role);
    for (const f of side.frames) {
      add(f.function);
      add(f.module);
      if (f.file === null) continue;
      // `Python/pystate.c` and its directory: what people type, without repeating long paths.
      const slash = f.file.lastIndexOf('/');
      add(f.file.slice(f.file.lastIndexOf('/', slash - 1) + 1));
      if (slash > 0) add(f.file.slice(0, slash));
    }
  }
  add(v.location?.text);
  for (const thread of v.threads) add(thread.name);
  add(v.known?.id);
  add(v.known?.title);
  // Related ids, not their titles: a group related to fifty others would carry fifty titles.
  for (const r of v.related) add(r.id);
  if (v.suppressedBy) add(`${v.suppressedBy.type}:${v.suppressedBy.pattern}`);
  for (const input of v.inputs) add(input.file);
  return [...items].join('\n').toLowerCase();
}

function facts(v: GroupView, options: GroupHtmlOptions): Html {
  const location = v.location;
  const where = location ? locationPlace(location.location) : null;
  const suppressed = v.suppressedBy;
  const cycle = v.report.cycle;
  return html`<dl class="facts">
<dt>issue title</dt><dd>${v.issueTitle}</dd>
${location ? html`<dt>location</dt><dd>${location.text}${where ? html` <span class="place">${where}</span>` : ''}${options.full ? locationStack(location.location, options) : ''}</dd>` : ''}
${cycle && cycle.length > 0 ? html`<dt>lock cycle</dt><dd class="mono">${[...cycle, cycle[0]!].map((m) => m.id).join(' → ')}</dd>` : ''}
${suppressed ? html`<dt>suppressed</dt><dd>by <code>${suppressed.type}:${suppressed.pattern}</code> <span class="place">${suppressed.file}:${suppressed.line}</span></dd>` : v.suppressedReports > 0 ? html`<dt>suppressed</dt><dd>${v.suppressedReports} of ${v.count} reports</dd>` : ''}
<dt>runtime</dt><dd>${v.runtimes.join(', ') || 'unknown'}</dd>
<dt>signature</dt><dd class="mono">${v.signature}</dd>
</dl>`;
}

function locationPlace(location: Location): string | null {
  if (location.type !== 'global') return null;
  if (location.module) return `${location.module}+${location.offset ?? '0x0'}`;
  return location.address;
}

function locationStack(location: Location, options: GroupHtmlOptions): Html | '' {
  if (location.type !== 'heap' && location.type !== 'fd') return '';
  if (location.frames.length === 0) return '';
  const what = location.type === 'heap' ? 'allocated at' : `${location.event} at`;
  return html`<details class="sub"><summary>${what}</summary>${frameList(location.frames, options)}</details>`;
}

/** The sides side by side, aligned on the frames they share; each side's anchor highlighted. */
function stacksTable(v: GroupView, options: GroupHtmlOptions): Html {
  const sides = v.sides;
  if (sides.length === 0) return html`<p class="explain">The report shows no stack.</p>`;
  const rows = alignStacks(sides.map((s) => s.frames));
  const width = sides.length;
  const limit = options.full ? ROWS.full : ROWS.compact;
  const shown = elide(rows, limit.head, limit.tail);
  const body =
    rows.length === 0
      ? html`<tr>${sides.map((s) => html`<td class="none">${noFrames(s)}</td>`)}</tr>`
      : shown.map((row) =>
          row === null
            ? html`<tr class="elided"><td colspan="${width}">${rows.length - limit.head - limit.tail} rows not shown${options.full ? ': the full report below has every frame' : ''}</td></tr>`
            : html`<tr${row.shared ? html` class="shared"` : ''}>${row.cells.map((cell, i) =>
                frameCell(cell, sides[i]!, options),
              )}</tr>`,
        );
  return html`<p class="legend">Stacks, innermost frame first${width > 1 ? '; frames both stacks share on one row' : ''}:${
    rows.some((r) => r.shared) ? html`<span class="sw shared"></span>shared` : ''
  }<span class="sw anchor"></span>anchor (the frame the signature names)</p>
<div class="stacks-box"><table class="stacks cols-${width}">
<thead><tr>${sides.map(sideHeader)}</tr></thead>
<tbody>${body}</tbody>
</table></div>`;
}

function sideHeader(side: SideView): Html {
  const who = [side.threadLabel, side.role].filter((s) => s !== null && s !== '').join(' · ');
  return html`<th>${side.heading}<span class="who">${who}</span></th>`;
}

function noFrames(side: SideView): string {
  return side.access && !side.access.stackRestored ? 'failed to restore the stack' : 'no frames';
}

/** Long tables keep their first rows (where the stacks differ) and last (where they meet). */
function elide(rows: readonly AlignedRow[], head: number, tail: number): (AlignedRow | null)[] {
  if (rows.length <= head + tail + 3) return [...rows];
  return [...rows.slice(0, head), null, ...rows.slice(rows.length - tail)];
}

function frameCell(cell: AlignedCell | null, side: SideView, options: GroupHtmlOptions): Html {
  if (cell === null) return html`<td></td>`;
  const classes: string[] = [];
  if (cell.shared) classes.push('shared');
  const anchor = side.anchorIndex === cell.index;
  if (anchor) classes.push('anchor');
  if (isOwnedByRuntime(cell.frame)) classes.push('runtime');
  const attribute = classes.length > 0 ? html` class="${classes.join(' ')}"` : '';
  return html`<td${attribute}>${frameText(cell.frame, options, anchor)}</td>`;
}

/** `#3 name` and its place below; the name simplified, as printed in the tooltip. */
function frameText(frame: Frame, options: GroupHtmlOptions, anchor = false): Html {
  const printed = frame.function;
  const simple = printed === null ? null : simplifyName(printed);
  const name =
    printed === null
      ? html`<span class="fn">&lt;null&gt;</span>`
      : simple === printed
        ? html`<span class="fn">${printed}</span>`
        : html`<span class="fn" title="${printed}">${simple}</span>`;
  const place = framePlace(frame, { sourceRoot: options.sourceRoot });
  return html`<span class="fi">#${frame.index}</span>${name}${
    anchor ? html`<span class="tag">anchor</span>` : ''
  }${place ? html`<span class="place">${tidyPath(place)}</span>` : ''}`;
}

/**
 * `/src/./Include/x.h` and `csu/../sysdeps/x.c` shown as `/src/Include/x.h` and `sysdeps/x.c`:
 * compilers print the path they were given, a reader wants the file. For display only; the
 * full report keeps the path as printed.
 */
export function tidyPath(place: string): string {
  if (!place.includes('/./') && !place.includes('/../') && !place.startsWith('./')) return place;
  const tidy = posix.normalize(place);
  // A relative path that climbs out of where it starts says more as printed.
  return tidy.startsWith('../') ? place : tidy;
}

function frameList(frames: readonly Frame[], options: GroupHtmlOptions): Html {
  const shown = frames.slice(0, SMALL_STACK_FRAMES);
  const more = frames.length - shown.length;
  return html`<ol class="frames">${shown.map((f) => html`<li>${frameText(f, options)}</li>`)}${
    more > 0 ? html`<li class="explain">and ${more} more frames</li>` : ''
  }</ol>`;
}

function issues(v: GroupView): Html | '' {
  const known = v.known;
  if (!known && v.related.length === 0 && v.decisions.length === 0) return '';
  const related = v.related.slice(0, RELATED_SHOWN);
  const more = v.related.length - related.length;
  return html`<div class="section-title">Known and related issues</div>
<ul class="plain issues">${
    known
      ? html`<li>Known issue ${issueLink(known.id, known.url)}${known.title ? html`: ${known.title}` : ''}${
          known.state ? html` <span class="explain">(${known.state})</span>` : ''
        }</li>`
      : ''
  }${v.decisions.map(decisionItem)}${related.map(relatedItem)}${more > 0 ? html`<li class="explain">and ${more} more related</li>` : ''}</ul>`;
}

/** One decision: what, by whom, when; an issue reference linked when it is a URL. */
function decisionItem(d: ActiveDecision): Html {
  const who = html` <span class="explain">(${d.by}${d.at ? `, ${d.at.slice(0, 10)}` : ''})</span>`;
  if (d.decision.kind === 'filed')
    return html`<li class="decision">Filed as ${issueLink(d.decision.ref, /^https?:\/\//.test(d.decision.ref) ? d.decision.ref : null)} (${d.decision.state})${d.decision.title ? html`: ${d.decision.title}` : ''}${who}</li>`;
  return html`<li class="decision">${capitalized(describeDecision(d.decision))}${who}</li>`;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function relatedItem(r: RelatedEntry): Html {
  const target =
    r.to === 'group'
      ? html`Related group <a class="mono" href="#g-${r.id}">${r.id}</a>${r.title ? html` ${r.title}` : ''}`
      : html`Related known issue ${issueLink(r.id, r.url)}${r.title ? html`: ${r.title}` : ''}`;
  return html`<li>${target} <span class="explain">— ${r.kind} (${r.score.toFixed(2)}): ${codeWords(r.explanation)}</span></li>`;
}

/** Triage's sentences with their backticked names as `<code>`, the rest escaped. */
function codeWords(text: string): Html {
  return html`${splitBackticks(text).map((p) => (p.code ? html`<code>${p.text}</code>` : p.text))}`;
}

/** A link only to an http(s) URL; anything else (javascript:, data:, relative) stays text. */
function issueLink(id: string, url: string | null): Html {
  const href = safeUrl(url);
  if (href === null) return html`<span class="mono">${issueId(id)}</span>`;
  return html`<a class="mono" href="${href}" rel="noopener noreferrer" target="_blank">${issueId(id)}</a>`;
}

/** `#140257` for a tracker's number, other ids (`GH-7`, `bpo-1`) as they are. */
function issueId(id: string): string {
  return /^\d+$/.test(id) ? `#${id}` : id;
}

function threads(v: GroupView, options: GroupHtmlOptions): Html | '' {
  if (v.threads.length === 0) return '';
  return html`<div class="section-title">Threads</div>
${v.threads.map((t) => threadItem(t, options))}`;
}

function threadItem(t: ThreadInfo, options: GroupHtmlOptions): Html {
  const name = t.name === null ? '' : ` '${t.name}'`;
  const details = [t.tid === null ? null : `tid=${t.tid}`, t.state].filter((d) => d !== null);
  // Go's goroutines (`G7`) are labelled as Go prints them: `Goroutine 7 (running)`.
  const who = /^G\d+$/.test(t.id) ? `Goroutine ${t.id.slice(1)}` : `Thread ${t.id}`;
  const label = `${who}${name}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
  if (t.gcdWorker) return html`<div class="sub">${label}, a GCD worker thread</div>`;
  const creator = t.createdBy === null ? '' : ` created by ${threadName(t.createdBy)}`;
  const stack = t.stackRestored
    ? frameList(t.frames, options)
    : html`<p class="explain">failed to restore the stack</p>`;
  return html`<details class="sub"><summary>${label}${creator}</summary>${stack}</details>`;
}

function mutexes(v: GroupView, options: GroupHtmlOptions): Html | '' {
  const list = v.report.mutexes;
  if (list.length === 0) return '';
  return html`<div class="section-title">Mutexes</div>
${list.map((m) => {
  const address = m.address ? html` <span class="place">${m.address}</span>` : '';
  return m.destroyed
    ? html`<div class="sub">Mutex ${m.id}${address} is already destroyed</div>`
    : html`<details class="sub"><summary>Mutex ${m.id}${address} created at</summary>${frameList(m.frames, options)}</details>`;
})}`;
}

function occurrences(v: GroupView, full: boolean): Html {
  const list = full ? v.occurrences : v.occurrences.slice(0, 5);
  const more = v.count - list.length;
  const inputs = v.inputs.slice(0, INPUTS_SHOWN);
  const moreInputs = v.inputs.length - inputs.length;
  const seen =
    v.inputs.length > 1
      ? html`<p class="explain">Seen in ${inputs.map(
          (input, i) =>
            html`${i > 0 ? ', ' : ''}<span class="mono">${input.file}</span> (${input.reports})`,
        )}${moreInputs > 0 ? ` and ${moreInputs} more inputs` : ''}</p>`
      : '';
  return html`<div class="section-title">Occurrences (${v.count})</div>
${seen}<ul class="plain mono occurrences">${list.map((o) => html`<li>${o.file}:${o.line}</li>`)}${
    more > 0 ? html`<li class="explain">and ${more} more</li>` : ''
  }</ul>`;
}

function fullReport(v: GroupView): Html {
  const lines = v.reportText.replace(/\n$/, '').split('\n');
  const shown = lines.slice(0, REPORT_LINES);
  const cut = lines.length - shown.length;
  const note = cut > 0 ? `\n… ${cut} more lines (racelens parse prints the report whole)` : '';
  return html`<details class="sub"><summary>Full report (${plural(lines.length, 'line')})</summary><pre class="report">${shown.join('\n')}${note}</pre></details>`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
