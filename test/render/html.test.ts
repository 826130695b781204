import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_CONFIG,
  FrameRules,
  type KnownIssue,
  loadKnownIssues,
  parseSuppressions,
  SuppressionMatcher,
} from '../../src/index.js';
import type { GroupView } from '../../src/render/group-view.js';
import { renderHtml } from '../../src/render/html.js';
import type { ClientData } from '../../src/render/html-client.js';
import { escapeHtml } from '../../src/render/html-escape.js';
import { tidyPath } from '../../src/render/html-group.js';
import { CORPUS } from '../support/fixtures.js';
import {
  contextOf,
  EXAMPLE_LOGS,
  hostileLog,
  IMG,
  logFile,
  RACE_LOG,
  raceVariant,
  SCRIPT,
  SEED_LOG,
} from '../support/html-report.js';

const tmp = mkdtempSync(join(tmpdir(), 'racelens-html-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface ScriptTag {
  readonly attributes: string;
  readonly body: string;
}

function scripts(page: string): ScriptTag[] {
  return [...page.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/g)].map((m) => ({
    attributes: m[1] ?? '',
    body: m[2] ?? '',
  }));
}

function clientData(page: string): ClientData {
  const tag = scripts(page).find((s) => s.attributes.includes('id="racelens-data"'));
  return JSON.parse(tag!.body) as ClientData;
}

interface StartTag {
  readonly name: string;
  /** Attribute names and values; the page quotes every value with `"`. */
  readonly attributes: readonly (readonly [string, string])[];
}

/** Every start tag outside script bodies: log text is escaped, so a `<` in markup starts a tag. */
function startTags(page: string): StartTag[] {
  const markup = page.replace(/(<script[^>]*>)[\s\S]*?<\/script>/g, '$1</script>');
  return [...markup.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*>/g)].map((m) => ({
    name: m[1]!.toLowerCase(),
    attributes: [...(m[2] ?? '').matchAll(/\s+([\w:-]+)(?:="([^"]*)")?/g)].map(
      (a) => [a[1]!.toLowerCase(), a[2] ?? ''] as const,
    ),
  }));
}

function unescapeHtml(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}

function csp(page: string): Map<string, string[]> {
  const content = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page)?.[1];
  expect(content).toBeDefined();
  const policy = new Map<string, string[]>();
  for (const directive of unescapeHtml(content!).split(';')) {
    const [name, ...values] = directive.trim().split(/\s+/);
    if (name) policy.set(name, values);
  }
  return policy;
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The markup of one group's `<details>`. */
function groupMarkup(page: string, view: GroupView): string {
  const start = page.indexOf(`id="g-${view.id}"`);
  expect(start).toBeGreaterThan(-1);
  return page.slice(start, page.indexOf('\n</details>', start));
}

describe('renderHtml', () => {
  const ctx = contextOf([SEED_LOG, ...EXAMPLE_LOGS, hostileLog()]);
  const page = renderHtml(ctx);

  it('is one page that loads nothing from anywhere', () => {
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    // No element that fetches: scripts and styles are inline, the one icon is an empty data: URL.
    const tags = startTags(page);
    expect(tags.length).toBeGreaterThan(100);
    const names = new Set(tags.map((t) => t.name));
    for (const name of ['img', 'iframe', 'object', 'embed', 'audio', 'video', 'source', 'base'])
      expect(names.has(name), name).toBe(false);
    const links = tags.filter((t) => t.name === 'link').map((t) => t.attributes);
    expect(links).toEqual([
      [
        ['rel', 'icon'],
        ['href', 'data:,'],
      ],
    ]);
    // Links a person may follow go to a group or to http(s) (issues); nothing else points away.
    for (const tag of tags) {
      for (const [name, value] of tag.attributes) {
        expect(name.startsWith('on'), `${tag.name} ${name}`).toBe(false);
        if (!['src', 'href', 'action', 'formaction', 'poster', 'data', 'srcset'].includes(name))
          continue;
        if (tag.name === 'a' && name === 'href')
          expect(value).toMatch(/^(#g-[0-9a-f]+|https?:\/\/)/);
        else expect(`${tag.name} ${name}=${value}`).toBe('link href=data:,');
      }
    }
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)![1]!;
    expect(style).not.toMatch(/url\(|@import/i);
    // Chart.js is inlined without its source-map comment (devtools would fetch the map).
    expect(page).toContain('Chart.js v4.6.1');
    expect(page).not.toContain('sourceMappingURL');
  });

  it('sets a Content Security Policy that allows only its own scripts and stylesheet', () => {
    const policy = csp(page);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    const executable = scripts(page).filter((s) => !s.attributes.includes('application/json'));
    expect(executable).toHaveLength(2); // Chart.js and the page's own script
    expect(policy.get('script-src')?.sort()).toEqual(executable.map((s) => sha256(s.body)).sort());
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)![1]!;
    expect(policy.get('style-src')).toEqual([sha256(style)]);
    expect(page.indexOf('Content-Security-Policy')).toBeLessThan(page.indexOf('<style>'));
    for (const values of policy.values()) expect(values.join(' ')).not.toMatch(/unsafe/);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
  });

  it('shows every group with its id, kind, count and status', () => {
    expect(ctx.views.length).toBeGreaterThanOrEqual(9);
    expect(page.match(/<details class="group /g)).toHaveLength(ctx.views.length);
    for (const view of ctx.views) {
      const markup = groupMarkup(page, view);
      expect(markup).toContain(`<span class="gid">${view.id}</span>`);
      expect(markup).toContain(escapeHtml(view.kind));
      expect(markup).toContain(`${view.count} report${view.count === 1 ? '' : 's'}</span>`);
      expect(markup).toContain('<span class="badge new">new</span>');
      expect(markup).toContain(escapeHtml(view.summary));
    }
    const data = clientData(page);
    expect(data.groups).toHaveLength(ctx.views.length);
  });

  it('says the totals and the chart numbers as text', () => {
    const t = ctx.result.totals;
    expect(page).toContain(`<dt>reports</dt><dd>${t.reports}</dd>`);
    expect(page).toContain(`<dt>groups</dt><dd>${t.groups}</dd>`);
    expect(page).toContain(`<dt>new</dt><dd>${t.new}</dd>`);
    expect(page).toContain(
      '<time datetime="2026-01-01T00:00:00.000Z">2026-01-01 00:00:00 UTC</time>',
    );
    const races = ctx.views.filter((v) => v.kind === 'data race');
    const reports = races.reduce((n, v) => n + v.count, 0);
    expect(page).toContain(
      `<span class="dot"></span>data race</label></td><td>${races.length}</td><td>${reports}</td>`,
    );
    const data = clientData(page);
    expect(data.kinds[0]).toEqual({ label: 'data race', family: 'race', groups: races.length });
    expect(data.kinds.map((k) => k.label).sort()).toEqual(
      [...new Set(ctx.views.map((v) => v.kind))].sort(),
    );
  });

  it('escapes markup from the log wherever it shows', () => {
    expect(page).not.toContain(IMG);
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain(SCRIPT);
    // Only the page's own three script elements: the data, Chart.js and its script.
    expect(page.match(/<script/g)).toHaveLength(3);
    const hostile = ctx.views.find((v) => v.inputs.some((i) => i.file === 'hostile.txt'))!;
    const markup = groupMarkup(page, hostile);
    const img = escapeHtml(IMG);
    expect(markup).toContain(`<span class="fn">${img}</span>`); // a function name
    expect(markup).toContain(`global &#39;${img}&#39; of size 4`); // the location
    expect(markup).toContain(`thread T2 &#39;${img}&#39;`); // a thread name
    expect(markup).toContain(escapeHtml(`/home/dev/src/${SCRIPT}.c:7`)); // a file path
    expect(markup).toContain(escapeHtml(hostile.reportText.split('\n')[3]!)); // the report
  });

  it('hands the script its data as JSON that cannot end the script element', () => {
    const tag = scripts(page).find((s) => s.attributes.includes('id="racelens-data"'))!;
    expect(tag.attributes).toContain('type="application/json"');
    expect(tag.body).not.toMatch(/[<>]/);
    const data = clientData(page);
    const texts = data.groups.map((g) => g.t).join('\n');
    expect(texts).toContain(IMG);
    expect(texts).toContain(SCRIPT);
  });

  it('searches by function, file, kind and id', () => {
    const data = clientData(page);
    const nested = ctx.views.findIndex((v) => v.title.includes('ns::W::go'));
    const text = data.groups[nested]!.t;
    expect(text).toContain(ctx.views[nested]!.id);
    expect(text).toContain('data race');
    expect(text).toContain('std::map<int, int'); // the printed function name
    expect(text).toContain('src/nested.cpp');
    expect(text).toContain('/home/dev/src');
    expect(text).toBe(text.toLowerCase());
  });

  it('lays the two stacks side by side with their shared frames on one row', () => {
    const nested = ctx.views.find((v) => v.title.includes('ns::W::go'))!;
    const markup = groupMarkup(page, nested);
    const rows = [...markup.matchAll(/<tr( class="shared")?>(.*?)<\/tr>/g)];
    const shared = rows.filter((r) => r[1]);
    expect(shared.length).toBe(3);
    for (const row of shared) expect(row[2]!.match(/<td class="shared[^"]*">/g)).toHaveLength(2);
    expect(shared[0]![2]).toMatch(/std::map::operator\[\].*std::map::operator\[\]/);
    // The anchor of each side is marked.
    expect(markup.match(/<span class="tag">anchor<\/span>/g)).toHaveLength(2);
  });

  it('shows the sides of a deadlock, a thread leak and mutex misuse', () => {
    for (const kind of ['lock-order-inversion', 'thread leak', 'unlock of an unlocked mutex']) {
      const view = ctx.views.find((v) => v.kind.startsWith(kind))!;
      const markup = groupMarkup(page, view);
      const header = /<thead><tr>(.*?)<\/tr><\/thead>/.exec(markup)![1]!;
      expect(header.match(/<th>/g)).toHaveLength(view.sides.length);
      expect(header).toContain(escapeHtml(view.sides[0]!.heading));
    }
  });

  it('lists occurrences and says how many more there are', () => {
    const many = Array.from({ length: 25 }, (_, i) => ({
      file: `run${i}.txt`,
      text: RACE_LOG.text,
    }));
    const view = contextOf(many).views[0]!;
    const markup = groupMarkup(renderHtml(contextOf(many)), view);
    expect(markup).toContain('<li>run0.txt:2</li>');
    expect(markup).toContain('<li>run19.txt:2</li>');
    expect(markup).not.toContain('run20.txt:2');
    expect(markup).toContain('and 5 more</li>');
    expect(markup).toContain('Occurrences (25)');
  });

  it('links a known issue only when its URL is http(s)', () => {
    const hostile = ctx.views.find((v) => v.inputs.some((i) => i.file === 'hostile.txt'))!;
    const known = (id: string, url: string, signature: string): KnownIssue => ({
      id,
      title: `${IMG} crash`,
      url,
      state: 'open',
      signatures: new Set([signature]),
      reports: [],
      source: 'test',
    });
    const race = ctx.views.find((v) => v.title === 'data race: Thread1 ↔ Thread2 on Global')!;
    const withKnown = contextOf([SEED_LOG, RACE_LOG, hostileLog()], {
      known: [
        known('GH-7', 'javascript:alert(3)', hostile.signature),
        known('8', 'https://github.com/o/r/issues/8', race.id),
      ],
    });
    const out = renderHtml(withKnown);
    expect(out).not.toContain('javascript:');
    const hostileMarkup = groupMarkup(out, hostile);
    expect(hostileMarkup).toContain('<span class="badge known">known GH-7</span>');
    expect(hostileMarkup).toContain(
      `Known issue <span class="mono">GH-7</span>: ${escapeHtml(IMG)} crash`,
    );
    expect(hostileMarkup).not.toContain('badge new');
    // A tracker's number reads as one.
    const raceMarkup = groupMarkup(out, race);
    expect(raceMarkup).toContain('<span class="badge known">known #8</span>');
    expect(raceMarkup).toContain(
      '<a class="mono" href="https://github.com/o/r/issues/8" rel="noopener noreferrer" target="_blank">#8</a>',
    );
    expect(out).toContain('<dt>known</dt><dd>2</dd>');
    expect(clientData(out).groups.filter((g) => g.s === 'known')).toHaveLength(2);
  });

  it('explains related groups and related known issues, with links', () => {
    const issues = join(tmp, 'known.json');
    writeFileSync(
      issues,
      JSON.stringify([
        {
          id: 'GH-9',
          title: 'Thread2 races',
          url: 'https://example.com/issues/9',
          log: raceVariant('Thread4').text,
        },
      ]),
    );
    const known = loadKnownIssues(issues, new FrameRules(DEFAULT_CONFIG));
    const related = contextOf([RACE_LOG, raceVariant('Thread3')], { known });
    const out = renderHtml(related);
    const [a, b] = related.views as [GroupView, GroupView];
    const toGroup = a.related.find((r) => r.to === 'group')!;
    expect(toGroup.id).toBe(b.id);
    const markup = groupMarkup(out, a);
    expect(markup).toContain(`Related group <a class="mono" href="#g-${b.id}">${b.id}</a>`);
    // Names the explanation puts in backticks are code on the page.
    const asHtml = (text: string) =>
      text
        .split('`')
        .map((piece, i) => (i % 2 === 1 ? `<code>${escapeHtml(piece)}</code>` : escapeHtml(piece)))
        .join('');
    expect(toGroup.explanation).toContain('`');
    expect(markup).toContain(asHtml(toGroup.explanation));
    const toKnown = a.related.find((r) => r.to === 'known')!;
    expect(markup).toContain(
      'Related known issue <a class="mono" href="https://example.com/issues/9" rel="noopener noreferrer" target="_blank">GH-9</a>: Thread2 races',
    );
    expect(markup).toContain(asHtml(toKnown.explanation));
  });

  it('marks suppressed groups and lists them last', () => {
    const suppressions = new SuppressionMatcher(
      parseSuppressions('race:Thread1\n', 's.supp').entries,
    );
    const withSuppressed = contextOf([RACE_LOG, ...EXAMPLE_LOGS.slice(1)], { suppressions });
    const out = renderHtml(withSuppressed);
    // Thread1 is in the race example and in the use-after-free one.
    const suppressed = withSuppressed.views.filter((v) => v.suppressedBy !== null);
    expect(suppressed).toHaveLength(2);
    for (const view of suppressed) {
      const markup = groupMarkup(out, view);
      expect(markup).toContain('<span class="badge suppressed">suppressed by s.supp:1</span>');
      expect(markup).toContain('by <code>race:Thread1</code>');
      expect(markup).not.toContain('badge new');
    }
    const order = [...out.matchAll(/<details class="group [^"]*" id="g-([0-9a-f]+)"/g)].map(
      (m) => m[1],
    );
    expect(order.slice(-2).sort()).toEqual(suppressed.map((v) => v.id).sort());
    expect(
      clientData(out)
        .groups.slice(-2)
        .map((g) => g.s),
    ).toEqual(['suppressed', 'suppressed']);
    expect(out).toContain('<dt>suppressed</dt><dd>2</dd>');
  });

  it('shows the most frequent groups in full and the rest in short', () => {
    const out = renderHtml(ctx, { fullGroups: 2 });
    const full = ctx.views.slice(0, 2).map((v) => groupMarkup(out, v));
    for (const markup of full) expect(markup).toContain('Full report (');
    for (const view of ctx.views.slice(2)) {
      const markup = groupMarkup(out, view);
      expect(markup).not.toContain('Full report (');
      expect(markup).toContain('<table class="stacks');
      expect(markup).toContain(`racelens triage --group ${view.id} --format html`);
    }
    expect(out).toContain('The first 2 groups (the most frequent) are shown in full');
  });

  it('elides the middle of long stack tables, keeping where the stacks start and meet', () => {
    const seed = contextOf([SEED_LOG]);
    const rows = (out: string) => {
      const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(groupMarkup(out, seed.views[0]!))![1]!;
      return [...body.matchAll(/<tr[ >]/g)].length;
    };
    // The seed's stacks have 13 and 28 frames, nothing shared: 28 rows in full.
    expect(rows(renderHtml(seed))).toBe(28);
    const short = renderHtml(seed, { fullGroups: 0 });
    expect(rows(short)).toBe(10 + 1 + 4);
    expect(short).toContain('<td colspan="2">14 rows not shown</td>');
    expect(short).toContain('pythread_wrapper'); // the outermost frame stays
  });

  it('grows with groups, not with reports', () => {
    const one = renderHtml(contextOf([RACE_LOG])).length;
    const many = renderHtml(
      contextOf(Array.from({ length: 200 }, (_, i) => ({ file: `r${i}`, text: RACE_LOG.text }))),
    ).length;
    // Occurrences are capped: 200 reports of one group add only their first lines.
    expect(many - one).toBeLessThan(2_000);
  });

  it('says so when there is no report, and still applies its policy', () => {
    const out = renderHtml(contextOf([{ file: 'empty.txt', text: 'nothing here\n' }]));
    expect(out).toContain('No ThreadSanitizer report found.');
    expect(out).not.toContain('Chart.js');
    expect(out).not.toContain('<details class="group');
    const executable = scripts(out).filter((s) => !s.attributes.includes('application/json'));
    expect(csp(out).get('script-src')).toEqual(executable.map((s) => sha256(s.body)));
  });
});

describe('renderHtml on the corpus', () => {
  const dirs = ['cpython-issue', 'other', 'clusterfuzz', 'rust-issue', 'go-issue', 'syzkaller'];
  const files = [
    ...dirs.flatMap((dir) => readdirSync(join(CORPUS, dir)).map((name) => join(CORPUS, dir, name))),
    ...['out', 'exp'].flatMap((dir) =>
      readdirSync(join(CORPUS, 'examples', dir)).map((name) => join(CORPUS, 'examples', dir, name)),
    ),
  ];

  it('renders every log with every group, its own scripts only and a matching policy', () => {
    expect(files.length).toBeGreaterThan(80);
    for (const file of files) {
      const ctx = contextOf([logFile(file)]);
      const page = renderHtml(ctx);
      const groups = page.match(/<details class="group /g) ?? [];
      expect(groups.length, file).toBe(ctx.views.length);
      const executable = scripts(page).filter((s) => !s.attributes.includes('application/json'));
      expect(executable.length, file).toBe(ctx.views.length > 0 ? 2 : 1);
      expect(csp(page).get('script-src')?.sort(), file).toEqual(
        executable.map((s) => sha256(s.body)).sort(),
      );
      expect(clientData(page).groups, file).toHaveLength(ctx.views.length);
    }
  });
});

describe('tidyPath', () => {
  it('drops ./ and resolves ../ for display', () => {
    expect(tidyPath('/src/main/./Include/pycore_ceval.h:350')).toBe(
      '/src/main/Include/pycore_ceval.h:350',
    );
    expect(
      tidyPath('/usr/lib/gcc/x86_64-linux-gnu/12/../../../../include/c++/12/bits/stl_map.h:511'),
    ).toBe('/usr/include/c++/12/bits/stl_map.h:511');
    expect(tidyPath('csu/../sysdeps/nptl/libc_start_call_main.h:58')).toBe(
      'sysdeps/nptl/libc_start_call_main.h:58',
    );
    expect(tidyPath('../../src/x.c:3')).toBe('../../src/x.c:3');
    expect(tidyPath('python+0x6cd57a')).toBe('python+0x6cd57a');
  });
});
