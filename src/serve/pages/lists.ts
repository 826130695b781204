import { type Html, html } from '../../render/html-escape.js';
import type { GroupListQuery, RunSummary } from '../../store/store.js';
import type { StatedGroup } from '../group-list.js';

export function stateBadge(state: string): Html {
  return html`<span class="state state-${state}">${state}</span>`;
}

export function groupRows(groups: readonly StatedGroup[]): Html {
  if (groups.length === 0) return html`<p class="explain">No group matches.</p>`;
  return html`<table class="list groups"><thead><tr><th>Id</th><th>State</th><th>Kind</th><th>Title</th><th>Runs</th><th>Reports</th><th>Last seen</th></tr></thead><tbody>
${groups.map(
  (g) =>
    html`<tr data-id="${g.id}"><td><a href="/groups/${g.id}"><code>${g.id}</code></a></td><td>${stateBadge(g.state)}</td><td>${g.kind}</td><td><a href="/groups/${g.id}">${g.title}</a></td><td>${g.runs}</td><td>${g.reports}</td><td>${g.lastSeen}</td></tr>\n`,
)}</tbody></table>`;
}

export function runRows(runs: readonly RunSummary[]): Html {
  if (runs.length === 0)
    return html`<p class="explain">No runs yet: <code>racelens ingest --server URL logs/</code> sends some.</p>`;
  return html`<table class="list runs"><thead><tr><th>Run</th><th>Time</th><th>Branch</th><th>Commit</th><th>Inputs</th><th>Reports</th><th>Groups</th><th>New</th></tr></thead><tbody>
${runs.map(
  (r) =>
    html`<tr><td><a href="/runs/${encodeURIComponent(r.name)}">${r.name}</a></td><td>${r.time}</td><td>${r.branch ?? ''}</td><td><code>${r.commit ?? ''}</code></td><td>${r.inputs}</td><td>${r.reports}</td><td>${r.groups}</td><td>${r.newGroups}</td></tr>\n`,
)}</tbody></table>`;
}

/** The groups page's filter form, filled with the query it shows. */
export function groupFilters(
  query: GroupListQuery,
  state: string | undefined,
  states: readonly string[],
): Html {
  const option = (value: string, label: string) =>
    html`<option value="${value}"${value === (state ?? '') ? html` selected` : ''}>${label}</option>`;
  return html`<form class="filters" method="get" action="/groups">
<label>Search <input name="text" type="search" value="${query.text ?? ''}" placeholder="function, file, title"></label>
<label>State <select name="state">${option('', 'any')}${states.map((s) => option(s, s))}</select></label>
<label>Kind <input name="kind" value="${query.kind ?? ''}" placeholder="data race"></label>
<label>Branch <input name="branch" value="${query.branch ?? ''}"></label>
<label>Since <input name="since" value="${query.since ?? ''}" placeholder="2024-05-01"></label>
<button type="submit">Filter</button>
</form>`;
}
