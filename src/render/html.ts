import { GROUP_STATES } from '../decide/group-state.js';
import { VERSION } from '../version.js';
import type { GroupView } from './group-view.js';
import { chartJsSource, cspHash, inlineScript } from './html-assets.js';
import { type ClientData, HTML_CLIENT_SCRIPT } from './html-client.js';
import { Html, html, jsonForScript } from './html-escape.js';
import { groupHtml, plural, searchText, statusOf } from './html-group.js';
import { HTML_STYLE } from './html-style.js';
import type { RenderContext } from './report-format.js';

export interface HtmlOptions {
  /**
   * Groups shown in full (threads, mutexes, the report as printed); the others, less frequent,
   * in short. Keeps a page of thousands of groups a size a browser opens in seconds.
   */
  readonly fullGroups?: number;
}

export const FULL_GROUPS = 300;
/** Above this many groups, off-screen ones are not laid out (CSS content-visibility). */
const MANY_GROUPS = 200;
const INPUTS_SHOWN = 20;
const DIAGNOSTICS_SHOWN = 200;

/**
 * The HTML report: one self-contained page. Styles, script and Chart.js are inlined, and a
 * Content Security Policy allows nothing else: the page loads nothing, and no script but its
 * own two runs. It shows the totals, a chart and a table of groups by kind, a filter, and each
 * group as a `<details>` (see html-group.ts). Every text from a log goes through the escaping
 * `html` template; the page's script gets its data as JSON.
 */
export function renderHtml(ctx: RenderContext, options: HtmlOptions = {}): string {
  const fullGroups = options.fullGroups ?? FULL_GROUPS;
  // Suppressed groups last, as the terminal lists them; otherwise the triage's order (by count).
  const views = [
    ...ctx.views.filter((v) => v.suppressedBy === null),
    ...ctx.views.filter((v) => v.suppressedBy !== null),
  ];
  const kinds = kindRows(views);
  const kindIndex = new Map(kinds.map((k, i) => [k.kind, i]));
  const data: ClientData = {
    kinds: kinds.map((k) => ({ label: k.kind, family: k.family, groups: k.groups })),
    groups: views.map((v) => ({
      k: kindIndex.get(v.kind) ?? 0,
      s: statusOf(v),
      d: v.state,
      t: searchText(v),
    })),
  };
  const scripts = [
    ...(views.length > 0 ? [chartJsSource()] : []),
    inlineScript(HTML_CLIENT_SCRIPT),
  ];
  const csp = [
    "default-src 'none'",
    // Hashes rather than 'unsafe-inline': only these exact scripts and this stylesheet apply,
    // so markup that got past escaping could still neither run nor restyle the page.
    `script-src ${scripts.map(cspHash).join(' ')}`,
    `style-src ${cspHash(HTML_STYLE)}`,
    // For the empty data: favicon, which keeps the browser from asking for /favicon.ico.
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const t = ctx.result.totals;
  const title = `racelens: ${plural(t.groups, 'group')} from ${plural(t.reports, 'report')}`;
  const groups = views.map((v, i) =>
    groupHtml(v, { sourceRoot: ctx.sourceRoot, full: i < fullGroups }),
  );
  const partial =
    views.length > fullGroups
      ? html`<p class="explain">The first ${fullGroups} groups (the most frequent) are shown in full, the other ${views.length - fullGroups} in short.</p>`
      : '';
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="racelens ${VERSION}">
<title>${title}</title>
<link rel="icon" href="data:,">
<style>${new Html(HTML_STYLE)}</style>
</head>
<body>
${header(ctx)}
${views.length > 0 ? overview(kinds) : ''}
${views.length > 0 ? filters(kinds) : ''}
<main id="groups"${views.length > MANY_GROUPS ? html` class="many"` : ''}>
${views.length === 0 ? html`<p class="empty">${emptyText(ctx)}</p>` : ''}
${partial}
${groups}
<p class="empty" id="filter-empty" hidden>No group matches the filter.</p>
</main>
${diagnostics(ctx)}
<footer>Made by racelens ${VERSION}. This page is self-contained: it loads nothing and sends nothing.</footer>
<script type="application/json" id="racelens-data">${new Html(jsonForScript(data))}</script>
${scripts.map((s) => html`<script>${new Html(s)}</script>\n`)}</body>
</html>
`.text;
}

interface KindRow {
  readonly kind: string;
  readonly family: string;
  groups: number;
  reports: number;
  new: number;
  known: number;
  suppressed: number;
}

/** Groups by kind, most groups first: what the chart draws and the table says. */
function kindRows(views: readonly GroupView[]): KindRow[] {
  const rows = new Map<string, KindRow>();
  for (const v of views) {
    let row = rows.get(v.kind);
    if (!row) {
      row = {
        kind: v.kind,
        family: v.family,
        groups: 0,
        reports: 0,
        new: 0,
        known: 0,
        suppressed: 0,
      };
      rows.set(v.kind, row);
    }
    row.groups++;
    row.reports += v.count;
    row[statusOf(v)]++;
  }
  return [...rows.values()].sort((a, b) => b.groups - a.groups || a.kind.localeCompare(b.kind));
}

function header(ctx: RenderContext): Html {
  const t = ctx.result.totals;
  const cards: { label: string; value: number; cls: string }[] = [
    { label: 'reports', value: t.reports, cls: '' },
    ...(t.fragments > 0 ? [{ label: 'fragments', value: t.fragments, cls: '' }] : []),
    { label: 'groups', value: t.groups, cls: '' },
    { label: 'new', value: t.new, cls: 'new' },
    { label: 'known', value: t.known, cls: 'known' },
    { label: 'suppressed', value: t.suppressed, cls: '' },
    { label: 'cut short', value: t.truncated, cls: '' },
    { label: 'diagnostics', value: t.diagnostics, cls: '' },
  ];
  const inputs = ctx.inputs;
  const shown = inputs.slice(0, INPUTS_SHOWN);
  const iso = ctx.generatedAt.toISOString();
  const from =
    inputs.length === 1
      ? html` from <code>${inputs[0]!}</code>`
      : inputs.length > 1
        ? html` from ${plural(inputs.length, 'input')}`
        : '';
  const root = ctx.sourceRoot ? html` · paths relative to <code>${ctx.sourceRoot}</code>` : '';
  const inputList =
    inputs.length > 1
      ? html`<details class="inputs-box"><summary>Inputs (${inputs.length})</summary><ul class="inputs mono">${shown.map(
          (i) => html`<li>${i}</li>`,
        )}${inputs.length > shown.length ? html`<li>and ${inputs.length - shown.length} more</li>` : ''}</ul></details>`
      : '';
  return html`<header>
<h1>racelens <span class="sub">ThreadSanitizer report</span></h1>
<p class="meta">Generated <time datetime="${iso}">${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC</time> by racelens ${VERSION}${from}${root}</p>
<dl class="totals">${cards.map(
    (c) =>
      html`<div class="${[c.cls, c.value === 0 ? 'zero' : ''].filter(Boolean).join(' ')}"><dt>${c.label}</dt><dd>${c.value}</dd></div>`,
  )}</dl>
${inputList}
</header>`;
}

function overview(kinds: readonly KindRow[]): Html {
  return html`<section class="panel overview" aria-label="Groups by kind">
<div class="chart-box" id="chart-box" hidden><canvas id="kind-chart" role="img" aria-label="Groups by kind (the table has the numbers)"></canvas></div>
<table class="kinds">
<thead><tr><th>kind</th><th>groups</th><th>reports</th><th>new</th><th>known</th><th>suppressed</th></tr></thead>
<tbody>${kinds.map(
    // The checkboxes filter by kind; hidden until the script that reads them runs.
    (k, i) =>
      html`<tr class="f-${k.family}"><td><label><input type="checkbox" data-kind="${i}" checked hidden aria-label="show ${k.kind}"><span class="dot"></span>${k.kind}</label></td><td>${k.groups}</td><td>${k.reports}</td><td>${k.new}</td><td>${k.known}</td><td>${k.suppressed}</td></tr>`,
  )}</tbody>
</table>
</section>`;
}

/** Hidden until the script runs: without it there is nothing to filter with. */
function filters(kinds: readonly KindRow[]): Html {
  const total = kinds.reduce((n, k) => n + k.groups, 0);
  return html`<section class="panel filters" id="filters" hidden aria-label="Filter">
<input type="search" id="filter-text" placeholder="Filter by function, file, kind, id, thread… (press /)" aria-label="Filter groups" autocomplete="off" spellcheck="false">
<label><input type="checkbox" id="filter-new"> new only</label>
<label>state <select id="filter-state" aria-label="Filter by state"><option value="">any</option>${GROUP_STATES.map((state) => html`<option value="${state}">${state}</option>`)}</select></label>
<output id="filter-count" for="filter-text">${total} of ${plural(total, 'group')}</output>
</section>`;
}

function diagnostics(ctx: RenderContext): Html | '' {
  const list = ctx.result.diagnostics;
  if (list.length === 0) return '';
  const shown = list.slice(0, DIAGNOSTICS_SHOWN);
  return html`<details class="panel diagnostics"><summary>Diagnostics outside reports (${list.length})</summary>
<ul class="plain">${shown.map(
    (d) =>
      html`<li><code>${d.code}</code> <span class="place">${d.file}:${d.line}</span> ${d.message}</li>`,
  )}${list.length > shown.length ? html`<li class="explain">and ${list.length - shown.length} more</li>` : ''}</ul></details>`;
}

function emptyText(ctx: RenderContext): string {
  return ctx.result.totals.diagnostics > 0
    ? 'No complete ThreadSanitizer report found; the diagnostics below say what was read.'
    : 'No ThreadSanitizer report found.';
}
