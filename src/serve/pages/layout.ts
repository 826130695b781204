import { chartJsSource, cspHash, inlineScript } from '../../render/html-assets.js';
import { Html, html } from '../../render/html-escape.js';
import { HTML_STYLE } from '../../render/html-style.js';

/** The pages' own additions to the HTML report's stylesheet. */
const PAGE_STYLE = `${HTML_STYLE}
nav.top { display: flex; gap: 18px; align-items: baseline; margin-bottom: 18px; }
nav.top a { color: var(--accent); text-decoration: none; font-weight: 600; }
nav.top .who { margin-left: auto; color: var(--muted); }
table.list { border-collapse: collapse; width: 100%; background: var(--panel); }
table.list th, table.list td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
form.filters, form.decide { display: flex; flex-wrap: wrap; gap: 8px; margin: 10px 0; align-items: end; }
.state { font-weight: 600; border-radius: 10px; padding: 1px 8px; font-size: 12px; }
.state-new { color: var(--new); background: var(--new-bg); }
.state-regressed { color: #fff; background: var(--new); }
.state-known, .state-fixed { color: var(--known); background: var(--known-bg); }
.state-ignored { color: var(--suppressed); background: var(--suppressed-bg); }
textarea.draft { width: 100%; min-height: 220px; font: 12px/1.4 var(--mono); }
.chart-box { max-width: 900px; height: 260px; }
form.inline { display: inline; }
`;

/** The one script of the pages: the copy button, and the overview's chart from its JSON. */
const PAGE_SCRIPT = `
document.querySelectorAll('button[data-copy]').forEach(function (button) {
  button.addEventListener('click', function () {
    var source = document.getElementById(button.getAttribute('data-copy'));
    if (!source) return;
    source.select();
    var done = function () { button.textContent = 'Copied'; };
    if (navigator.clipboard) navigator.clipboard.writeText(source.value).then(done, function () { document.execCommand('copy'); done(); });
    else { document.execCommand('copy'); done(); }
  });
});
var data = document.getElementById('chart-data');
var canvas = document.getElementById('chart');
if (data && canvas && window.Chart) {
  var d = JSON.parse(data.textContent);
  new window.Chart(canvas, {
    type: 'bar',
    data: { labels: d.labels, datasets: [
      { label: 'new groups', data: d.fresh, backgroundColor: '#cf222e' },
      { label: 'groups seen', data: d.seen, backgroundColor: '#54aeff' }
    ] },
    options: { animation: false, maintainAspectRatio: false, scales: { x: { ticks: { autoSkip: true } } } }
  });
}
`;

export interface PageFrame {
  readonly title: string;
  /** Who is signed in (a token's name), null when nobody. */
  readonly who: string | null;
  /** The sign-out form needs the CSRF token. */
  readonly csrf: string;
  readonly chart?: boolean;
}

/**
 * The page's Content-Security-Policy: only its own script, Chart.js and stylesheet (by hash),
 * forms to this server only, nothing loaded from anywhere, no framing.
 */
export function pageCsp(chart: boolean): string {
  const scripts = [...(chart ? [chartJsSource()] : []), inlineScript(PAGE_SCRIPT)];
  return [
    "default-src 'none'",
    `script-src ${scripts.map(cspHash).join(' ')}`,
    `style-src ${cspHash(PAGE_STYLE)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function page(frame: PageFrame, body: Html): string {
  const chart = frame.chart === true;
  const user =
    frame.who === null
      ? html`<a href="/signin">Sign in</a>`
      : html`<span>${frame.who}</span> <form class="inline" method="post" action="/signout"><input type="hidden" name="_csrf" value="${frame.csrf}"><button>Sign out</button></form>`;
  return html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${frame.title} · racelens</title>
<link rel="icon" href="data:,">
<style>${new Html(PAGE_STYLE)}</style>
</head>
<body>
<nav class="top"><strong>racelens</strong><a href="/">Overview</a><a href="/groups">Groups</a><a href="/runs">Runs</a><span class="who">${user}</span></nav>
${body}
${chart ? new Html(`<script>${chartJsSource()}</script>`) : ''}
${new Html(`<script>${inlineScript(PAGE_SCRIPT)}</script>`)}
</body>
</html>
`.text;
}
