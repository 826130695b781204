import type { DecisionEntry } from '../../decide/decision.js';
import { shortRef } from '../../decide/issue-ref.js';
import { type Html, html, safeUrl } from '../../render/html-escape.js';
import type { GroupDetail } from '../group-detail.js';

/** What one decision says, links only to http(s) issue URLs. */
function describe(entry: DecisionEntry): Html {
  const d = entry.decision;
  switch (d.kind) {
    case 'filed': {
      const url = safeUrl(d.ref);
      const label = shortRef(d.ref);
      return html`filed ${url ? html`<a href="${url}" rel="noreferrer noopener">${label}</a>` : label} (${d.state})${d.title ? html`: ${d.title}` : ''}`;
    }
    case 'duplicate-of':
      return html`duplicate of <a href="/groups/${d.group}"><code>${d.group}</code></a>`;
    case 'related-to':
      return html`related to ${d.target}`;
    case 'ignored':
      return html`ignored: ${d.reason}${d.until ? html` (until ${d.until})` : ''}`;
    case 'fixed':
      return html`fixed${d.in ? html` in <code>${d.in}</code>` : ''}`;
    case 'undo':
      return html`undid #${d.undoes}`;
  }
}

/** The group's decisions and their history, and the form for those allowed to decide. */
export function decisionsSection(
  id: string,
  detail: GroupDetail,
  canDecide: boolean,
  csrf: string,
): Html {
  const held = detail.decisions;
  const form = canDecide
    ? html`<form class="decide" method="post" action="/groups/${id}/decide">
<input type="hidden" name="_csrf" value="${csrf}">
<label>Decision <select name="kind">
<option value="filed">filed upstream</option><option value="fixed">fixed</option><option value="ignored">ignored</option><option value="duplicate-of">duplicate of</option><option value="related-to">related to</option><option value="undo">undo the newest</option>
</select></label>
<label>Issue <input name="ref" placeholder="owner/repo#123 or URL"></label>
<label>Issue state <select name="state"><option>open</option><option>closed</option></select></label>
<label>Fixed in <input name="in" placeholder="commit or version"></label>
<label>Reason <input name="reason" placeholder="why ignored"></label>
<label>Group <input name="group" placeholder="the other group's id"></label>
<label>Target <input name="target" placeholder="group or issue"></label>
<button type="submit">Record</button>
</form>`
    : html`<p class="explain">Sign in with a token that has the <code>decide</code> scope to record decisions.</p>`;
  return html`<h2>Decisions</h2>
${held.length === 0 ? html`<p class="explain">None yet.</p>` : html`<ul class="decisions">${held.map((e) => html`<li>${describe(e)} <span class="muted">by ${e.by}, ${e.at}</span></li>`)}</ul>`}
${detail.history.length > held.length ? html`<details><summary>History (${detail.history.length} entries)</summary><ol>${detail.history.map((e) => html`<li>#${e.id} ${describe(e)} by ${e.by}, ${e.at}</li>`)}</ol></details>` : ''}
${form}`;
}
