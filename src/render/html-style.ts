/**
 * The HTML report's stylesheet, inlined (the page loads nothing). Light by default, dark under
 * `prefers-color-scheme: dark`; colours are custom properties so the chart script reads the same
 * ones. System fonts only: a web font would be a download.
 */
export const HTML_STYLE = `
:root {
  color-scheme: light dark;
  --bg: #f6f8fa; --panel: #ffffff; --text: #1f2328; --muted: #59636e; --faint: #8c959f;
  --border: #d1d9e0; --line: #eaeef2; --accent: #0969da; --accent-bg: #ddf4ff;
  --shared-bg: #e6f2ff; --shared-edge: #54aeff; --anchor-bg: #fff8c5; --anchor-edge: #d4a72c;
  --new: #cf222e; --new-bg: #ffebe9; --known: #8250df; --known-bg: #fbefff;
  --suppressed: #59636e; --suppressed-bg: #eaeef2; --warn: #9a6700; --warn-bg: #fff8c5;
  --race: #cf222e; --deadlock: #8250df; --thread: #bc4c00; --mutex: #0969da; --signal: #1a7f37;
  --unknown: #6e7781;
  --mono: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "DejaVu Sans", Arial, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --panel: #151b23; --text: #e6edf3; --muted: #9198a1; --faint: #656c76;
    --border: #3d444d; --line: #262c36; --accent: #4493f8; --accent-bg: #121d2f;
    --shared-bg: #102a44; --shared-edge: #316dca; --anchor-bg: #3a2f0b; --anchor-edge: #bb8009;
    --new: #ff7b72; --new-bg: #3d1417; --known: #ab7df8; --known-bg: #2a1a46;
    --suppressed: #9198a1; --suppressed-bg: #262c36; --warn: #d29922; --warn-bg: #342a0e;
    --race: #ff7b72; --deadlock: #ab7df8; --thread: #ffa657; --mutex: #79c0ff; --signal: #56d364;
    --unknown: #9198a1;
  }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
html { background: var(--bg); }
body {
  margin: 0 auto; padding: 24px 28px 48px; max-width: 1400px;
  font: 14px/1.5 var(--sans); color: var(--text); background: var(--bg);
}
a { color: var(--accent); text-decoration: none; }
a:hover { text-decoration: underline; }
code, pre, .mono { font-family: var(--mono); font-size: 12.5px; }
h1 { font-size: 22px; margin: 0; font-weight: 650; letter-spacing: -0.01em; }
h1 .sub { color: var(--muted); font-weight: 400; }
h2 { font-size: 15px; margin: 0 0 10px; font-weight: 600; }
.meta { color: var(--muted); margin: 4px 0 18px; }
.meta code { font-size: 12px; }
.panel {
  background: var(--panel); border: 1px solid var(--border); border-radius: 8px;
  padding: 14px 16px; margin-bottom: 16px;
}
.totals { display: flex; flex-wrap: wrap; gap: 10px; margin: 0 0 16px; padding: 0; }
.totals div {
  background: var(--panel); border: 1px solid var(--border); border-radius: 8px;
  padding: 8px 14px; min-width: 96px;
}
.totals dt { color: var(--muted); font-size: 12px; }
.totals dd { margin: 0; font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
.totals .new dd { color: var(--new); }
.totals .known dd { color: var(--known); }
.totals .zero dd { color: var(--faint); }
.overview { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
.chart-box { position: relative; width: 420px; max-width: 100%; height: 160px; }
table.kinds { border-collapse: collapse; font-variant-numeric: tabular-nums; }
table.kinds th, table.kinds td { padding: 3px 10px; border-bottom: 1px solid var(--line); text-align: right; }
table.kinds th:first-child, table.kinds td:first-child { text-align: left; }
table.kinds th { color: var(--muted); font-weight: 500; font-size: 12px; }
table.kinds label { cursor: pointer; }
table.kinds input { margin: 0 8px 0 0; vertical-align: -1px; }
table.kinds tr:has(input:not(:checked)) td { opacity: 0.45; }
.dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-right: 7px; background: var(--unknown); }
.f-race .dot, .dot.f-race { background: var(--race); }
.f-deadlock .dot, .dot.f-deadlock { background: var(--deadlock); }
.f-thread .dot, .dot.f-thread { background: var(--thread); }
.f-mutex .dot, .dot.f-mutex { background: var(--mutex); }
.f-signal .dot, .dot.f-signal { background: var(--signal); }
.inputs-box { margin: -8px 0 16px; color: var(--muted); }
.inputs-box > summary { cursor: pointer; }
.inputs { margin: 4px 0 0; padding-left: 18px; }
.filters {
  display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center;
  position: sticky; top: 0; z-index: 2; padding: 10px 16px;
}
.filters input[type="search"] {
  flex: 1 1 320px; font: inherit; padding: 6px 10px; color: var(--text);
  background: var(--bg); border: 1px solid var(--border); border-radius: 6px;
}
.filters input[type="search"]:focus { outline: 2px solid var(--accent); outline-offset: -1px; }
.filters label { color: var(--muted); white-space: nowrap; cursor: pointer; }
.filters output { margin-left: auto; color: var(--muted); font-variant-numeric: tabular-nums; white-space: nowrap; }
.empty { color: var(--muted); padding: 12px 4px; }
details.group {
  background: var(--panel); border: 1px solid var(--border); border-radius: 8px; margin-bottom: 8px;
}
details.group > summary {
  display: flex; align-items: baseline; gap: 10px; padding: 9px 14px; cursor: pointer; list-style: none;
}
details.group > summary::-webkit-details-marker { display: none; }
details.group > summary::before {
  content: "\\25B8"; color: var(--faint); width: 10px; flex: none; display: inline-block;
  transition: transform 0.1s;
}
details.group[open] > summary::before { transform: rotate(90deg); }
details.group[open] > summary { border-bottom: 1px solid var(--line); }
details.group.suppressed > summary .title { color: var(--muted); }
.gid { font-family: var(--mono); font-size: 12px; color: var(--muted); flex: none; }
.kind { flex: none; font-size: 12px; color: var(--muted); white-space: nowrap; }
.title { flex: 1 1 auto; min-width: 0; font-weight: 550; overflow-wrap: anywhere; }
.count { flex: none; font-variant-numeric: tabular-nums; color: var(--muted); font-size: 12px; white-space: nowrap; }
.badges { flex: none; display: flex; gap: 4px; }
.badge {
  display: inline-block; font-size: 11.5px; line-height: 18px; padding: 0 7px; border-radius: 9px;
  white-space: nowrap; font-weight: 500;
}
.badge.new { color: var(--new); background: var(--new-bg); }
.badge.known { color: var(--known); background: var(--known-bg); }
.badge.suppressed { color: var(--suppressed); background: var(--suppressed-bg); }
.badge.cut { color: var(--warn); background: var(--warn-bg); }
.badge.regressed { color: var(--new); background: var(--new-bg); font-weight: 700; }
.badge.ignored, .badge.fixed { color: var(--suppressed); background: var(--suppressed-bg); }
/* Thousands of groups: the browser skips laying out the ones off screen. */
main.many details.group { content-visibility: auto; contain-intrinsic-size: auto 40px; }
.body { padding: 12px 16px 14px 34px; }
.sentence { margin: 0 0 6px; max-width: 1100px; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 10px 0 12px; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.place { color: var(--muted); font-family: var(--mono); font-size: 11.5px; overflow-wrap: anywhere; }
.stacks-box { overflow-x: auto; margin: 8px 0 12px; }
table.stacks { border-collapse: separate; border-spacing: 0; width: 100%; table-layout: fixed; }
table.stacks th {
  text-align: left; font-weight: 600; padding: 6px 10px; vertical-align: bottom;
  border-bottom: 1px solid var(--border); overflow-wrap: anywhere;
}
table.stacks th .who { display: block; font-weight: 400; color: var(--muted); font-size: 12.5px; }
table.stacks td {
  padding: 3px 10px; vertical-align: top; border-bottom: 1px solid var(--line);
  font-family: var(--mono); font-size: 12.5px; overflow-wrap: anywhere;
}
table.stacks td + td, table.stacks th + th { border-left: 1px solid var(--line); }
table.stacks tr.shared td { background: var(--shared-bg); }
table.stacks td.shared { box-shadow: inset 3px 0 0 var(--shared-edge); }
table.stacks tr td.anchor { background: var(--anchor-bg); box-shadow: inset 3px 0 0 var(--anchor-edge); }
table.stacks td.runtime .fn { color: var(--muted); }
table.stacks td .fi { color: var(--faint); display: inline-block; min-width: 2.6em; }
table.stacks td .place { display: block; padding-left: 2.6em; }
table.stacks td.none { color: var(--faint); font-family: var(--sans); font-style: italic; }
table.stacks tr.elided td { text-align: center; color: var(--muted); font-family: var(--sans); font-style: italic; }
.tag {
  font-family: var(--sans); font-size: 10.5px; text-transform: uppercase; letter-spacing: 0.04em;
  color: var(--warn); margin-left: 6px; font-weight: 600;
}
.legend { color: var(--muted); font-size: 12px; margin: 0 0 4px; }
.legend .sw { display: inline-block; width: 10px; height: 10px; vertical-align: -1px; margin: 0 4px 0 10px; border-radius: 2px; }
.legend .sw.shared { background: var(--shared-bg); box-shadow: inset 3px 0 0 var(--shared-edge); }
.legend .sw.anchor { background: var(--anchor-bg); box-shadow: inset 3px 0 0 var(--anchor-edge); }
.section-title { font-weight: 600; margin: 12px 0 4px; }
ul.plain { margin: 0; padding-left: 18px; }
ul.plain li { margin: 1px 0; }
.explain { color: var(--muted); }
details.sub { margin: 2px 0; }
details.sub > summary { cursor: pointer; color: var(--text); }
details.sub > summary .place { margin-left: 4px; }
ol.frames { margin: 4px 0 6px; padding-left: 0; list-style: none; font-family: var(--mono); font-size: 12.5px; }
ol.frames li { padding: 1px 0; }
ol.frames .fi { color: var(--faint); display: inline-block; min-width: 2.6em; }
ol.frames .place { margin-left: 8px; }
pre.report {
  margin: 6px 0 0; padding: 10px 12px; background: var(--bg); border: 1px solid var(--line);
  border-radius: 6px; overflow: auto; max-height: 480px; line-height: 1.45;
}
.diagnostics li { margin: 2px 0; }
footer { color: var(--faint); font-size: 12px; margin-top: 24px; }
`;
