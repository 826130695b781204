import type { Context, Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { GROUP_STATES } from '../../decide/group-state.js';
import { Html, html, jsonForScript } from '../../render/html-escape.js';
import { groupHtml, plural } from '../../render/html-group.js';
import { issueDraft } from '../../render/markdown.js';
import { renderSarif } from '../../render/sarif.js';
import { triageToJson } from '../../render/triage-json.js';
import { recordDecision } from '../api-decisions.js';
import type { AppEnv, ServeDeps } from '../app-env.js';
import { access, SESSION_COOKIE, SESSION_MS, sessionValue } from '../auth.js';
import { csrfToken } from '../csrf.js';
import { bodyProblem, DecisionBody as DecisionSchema } from '../decision-body.js';
import { groupDetail } from '../group-detail.js';
import { listGroupsWithState } from '../group-list.js';
import { groupListQuery, runListQuery, stateParam } from '../list-queries.js';
import { hashToken } from '../tokens.js';
import { decisionsSection } from './decisions-section.js';
import { groupFilters, groupRows, runRows, stateBadge } from './lists.js';
import { csrfRefused, pageDenied, sendPage } from './page-guard.js';
import { storedContext } from './stored-view.js';

/** The server-rendered pages: overview, groups, a group, runs, a run, sign-in. */
export function pageRoutes(app: Hono<AppEnv>, deps: ServeDeps): void {
  app.get('/', async (c) => {
    const denied = pageDenied(c, deps, 'read');
    if (denied) return denied;
    const runs = await deps.store.listRuns({ limit: 30, offset: 0 });
    const regressed = await listGroupsWithState(deps.store, { limit: 20, offset: 0 }, 'regressed');
    const fresh = await listGroupsWithState(deps.store, { limit: 20, offset: 0 }, 'new');
    const ordered = [...runs.runs].reverse();
    const chart = {
      labels: ordered.map((r) => r.name),
      fresh: ordered.map((r) => r.newGroups),
      seen: ordered.map((r) => r.groups),
    };
    return sendPage(
      c,
      deps,
      'Overview',
      html`<h1>Overview</h1>
<p>${plural(runs.total, 'run')}; ${plural(fresh.total, 'new group')}, ${regressed.total} regressed.</p>
<h2>Groups per run</h2>
<div class="chart-box"><canvas id="chart" aria-label="new groups and groups seen per run"></canvas></div>
<script type="application/json" id="chart-data">${new Html(jsonForScript(chart))}</script>
<h2>Regressed</h2>${groupRows(regressed.groups)}
<h2>New</h2>${groupRows(fresh.groups)}
<h2>Latest runs</h2>${runRows(runs.runs.slice(0, 10))}`,
      { chart: true },
    );
  });

  app.get('/groups', async (c) => {
    const denied = pageDenied(c, deps, 'read');
    if (denied) return denied;
    const read = (name: string) => c.req.query(name);
    const query = groupListQuery(read);
    const state = stateParam(read('state'));
    const found = await listGroupsWithState(deps.store, query, state);
    const next = new URLSearchParams(c.req.query());
    next.set('offset', String(query.offset + query.limit));
    return sendPage(
      c,
      deps,
      'Groups',
      html`<h1>Groups</h1>${groupFilters(query, state, GROUP_STATES)}
<p class="count">${found.total} groups${found.total > query.limit ? html`, ${query.offset + 1} to ${Math.min(found.total, query.offset + query.limit)} shown` : ''}</p>
${groupRows(found.groups)}
${query.offset + query.limit < found.total ? html`<p><a href="/groups?${next.toString()}">Next page</a></p>` : ''}`,
    );
  });

  app.get('/groups/:id', async (c) => {
    const denied = pageDenied(c, deps, 'read');
    if (denied) return denied;
    const detail = await groupDetail(deps.store, c.req.param('id'));
    if (detail === null) return notFound(c, deps, `No group has the id ${c.req.param('id')}.`);
    const id = detail.group.id;
    const view =
      detail.report === null ? null : storedContext(detail.report, detail.history).views[0];
    const canDecide = access(deps.auth, c.get('principal'), 'decide') === 'ok';
    const groupBody =
      view === undefined || view === null
        ? html`<p class="explain">The store has no report of this group.</p>`
        : new Html(
            groupHtml(view, { sourceRoot: null, full: true }).text.replace(
              '<details ',
              '<details open ',
            ),
          );
    return sendPage(
      c,
      deps,
      `Group ${id}`,
      html`<h1><code>${id}</code> ${stateBadge(detail.state)} ${detail.group.title}</h1>
<p>Seen in ${detail.group.runsSeen} of ${detail.totalRuns} runs, ${detail.group.reports} reports; first ${detail.group.firstSeen}, last ${detail.group.lastSeen}. Download: <a href="/groups/${id}/report.json" download>JSON</a> · <a href="/groups/${id}/report.sarif" download>SARIF</a></p>
${groupBody}
${decisionsSection(id, detail, canDecide, csrfToken(c, deps.signer))}
<h2>Runs that saw it</h2>
<table class="list"><thead><tr><th>Run</th><th>Time</th><th>Branch</th><th>Commit</th><th>Reports</th></tr></thead><tbody>
${detail.runs.map((r) => html`<tr><td><a href="/runs/${encodeURIComponent(r.name)}">${r.name}</a></td><td>${r.time}</td><td>${r.branch ?? ''}</td><td><code>${r.commit ?? ''}</code></td><td>${r.reports}</td></tr>\n`)}
</tbody></table>
${view ? html`<h2>Issue draft (Markdown)</h2><p><button type="button" data-copy="draft">Copy</button></p><textarea class="draft" id="draft" readonly>${issueDraft(view).text}</textarea>` : ''}`,
    );
  });

  app.get('/groups/:id/report.json', async (c) => download(c, deps, 'json'));
  app.get('/groups/:id/report.sarif', async (c) => download(c, deps, 'sarif'));

  app.post('/groups/:id/decide', async (c) => {
    const form = await c.req.parseBody();
    const refused = csrfRefused(c, deps, stringField(form._csrf));
    if (refused) return refused;
    const denied = pageDenied(c, deps, 'decide');
    if (denied) return denied;
    const parsed = DecisionSchema.safeParse(formDecision(form));
    if (!parsed.success)
      return sendPage(
        c,
        deps,
        'Not recorded',
        html`<h1>Not recorded</h1><p>${bodyProblem(parsed.error)}</p><p><a href="/groups/${c.req.param('id')}">Back</a></p>`,
        { status: 400 },
      );
    const made = await recordDecision(c, deps, c.req.param('id'), parsed.data);
    if (made instanceof Response) {
      const problem = (await made.json()) as { message: string };
      return sendPage(
        c,
        deps,
        'Not recorded',
        html`<h1>Not recorded</h1><p>${problem.message}</p>`,
        { status: 400 },
      );
    }
    return c.redirect(`/groups/${made.group.shortId}`, 303);
  });

  app.get('/runs', async (c) => {
    const denied = pageDenied(c, deps, 'read');
    if (denied) return denied;
    const query = runListQuery((name) => c.req.query(name));
    const runs = await deps.store.listRuns(query);
    return sendPage(
      c,
      deps,
      'Runs',
      html`<h1>Runs</h1><p>${plural(runs.total, 'run')}</p>${runRows(runs.runs)}`,
    );
  });

  app.get('/runs/:name', async (c) => {
    const denied = pageDenied(c, deps, 'read');
    if (denied) return denied;
    const found = await deps.store.runGroups(c.req.param('name'));
    if (found === null) return notFound(c, deps, `No run is named ${c.req.param('name')}.`);
    const r = found.run;
    const fresh = found.groups.filter((g) => g.newInRun);
    return sendPage(
      c,
      deps,
      `Run ${r.name}`,
      html`<h1>Run ${r.name}</h1>
<p>${r.time}${r.branch ? html`, branch <strong>${r.branch}</strong>` : ''}${r.commit ? html`, commit <code>${r.commit}</code>` : ''}: ${r.inputs} inputs, ${r.reports} reports, ${r.groups} groups, ${r.newGroups} new.</p>
<h2>New in this run</h2>${fresh.length === 0 ? html`<p class="explain">Nothing new.</p>` : groupRows(fresh.map((g) => ({ ...g, state: 'new' as const })))}
<h2>All its groups</h2>
<table class="list"><thead><tr><th>Id</th><th>Kind</th><th>Title</th><th>Reports in run</th></tr></thead><tbody>
${found.groups.map((g) => html`<tr><td><a href="/groups/${g.id}"><code>${g.id}</code></a></td><td>${g.kind}</td><td>${g.title}</td><td>${g.reportsInRun}</td></tr>\n`)}
</tbody></table>`,
    );
  });

  app.get('/signin', (c) =>
    sendPage(
      c,
      deps,
      'Sign in',
      html`<h1>Sign in</h1><form method="post" action="/signin">
<input type="hidden" name="_csrf" value="${csrfToken(c, deps.signer)}">
<input type="hidden" name="next" value="${c.req.query('next') ?? '/'}">
<label>Token <input name="token" type="password" autocomplete="off" required></label>
<button type="submit">Sign in</button></form>
<p class="explain">A token from <code>racelens token create --scope read --name you</code>.</p>`,
    ),
  );

  app.post('/signin', async (c) => {
    const form = await c.req.parseBody();
    const refused = csrfRefused(c, deps, stringField(form._csrf));
    if (refused) return refused;
    const secret = stringField(form.token) ?? '';
    const token = await deps.store.tokenByHash(hashToken(secret.trim()));
    if (token === null)
      return sendPage(
        c,
        deps,
        'Sign in',
        html`<h1>Sign in</h1><p>That token is unknown or revoked.</p><p><a href="/signin">Try again</a></p>`,
        { status: 401 },
      );
    setCookie(c, SESSION_COOKIE, sessionValue(deps.signer, hashToken(secret.trim()), Date.now()), {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: new URL(c.req.url).protocol === 'https:',
      maxAge: SESSION_MS / 1000,
    });
    const next = stringField(form.next) ?? '/';
    // Only a path of this server: never an open redirect.
    return c.redirect(/^\/(?![/\\])/.test(next) ? next : '/', 303);
  });

  app.post('/signout', async (c) => {
    const form = await c.req.parseBody();
    const refused = csrfRefused(c, deps, stringField(form._csrf));
    if (refused) return refused;
    setCookie(c, SESSION_COOKIE, '', { httpOnly: true, sameSite: 'Strict', path: '/', maxAge: 0 });
    return c.redirect('/', 303);
  });
}

function notFound(c: Context<AppEnv>, deps: ServeDeps, message: string): Response {
  return sendPage(c, deps, 'Not found', html`<h1>Not found</h1><p>${message}</p>`, { status: 404 });
}

async function download(
  c: Context<AppEnv>,
  deps: ServeDeps,
  format: 'json' | 'sarif',
): Promise<Response> {
  const denied = pageDenied(c, deps, 'read');
  if (denied) return denied;
  const detail = await groupDetail(deps.store, c.req.param('id') ?? '');
  if (detail === null || detail.report === null) return notFound(c, deps, 'No such group.');
  const ctx = storedContext(detail.report, detail.history);
  const name = `racelens-${detail.group.id}.${format === 'json' ? 'json' : 'sarif'}`;
  c.header('Content-Disposition', `attachment; filename="${name}"`);
  if (format === 'sarif') {
    c.header('Content-Type', 'application/sarif+json');
    return c.body(renderSarif(ctx));
  }
  return c.json(triageToJson(ctx.result));
}

function stringField(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The decision form's fields as a decision body (empty fields left out). */
function formDecision(form: Record<string, unknown>): Record<string, string | undefined> {
  const field = (name: string) => {
    const value = stringField(form[name])?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const kind = field('kind');
  switch (kind) {
    case 'filed':
      return {
        kind,
        ref: field('ref') ?? '',
        title: field('title'),
        state: field('state') === 'closed' ? 'closed' : 'open',
      };
    case 'duplicate-of':
      return { kind, group: field('group') ?? '' };
    case 'related-to':
      return { kind, target: field('target') ?? '' };
    case 'ignored':
      return { kind, reason: field('reason') ?? '', until: field('until') };
    case 'fixed':
      return { kind, in: field('in') };
    case 'undo':
      return { kind };
    default:
      return { kind };
  }
}
