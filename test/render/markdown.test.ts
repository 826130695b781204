import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/render/markdown.js';
import { md, mdCell, mdCode, mdFence, mdLink, mdText } from '../../src/render/markdown-text.js';
import { REPO_ROOT } from '../support/fixtures.js';
import { contextOfRepoFiles as renderContextOf } from '../support/render-context.js';

const SEED = 'test/fixtures/seed/000_73625768c436998a.txt';
const GOLDEN = join(REPO_ROOT, 'test', 'render', 'golden');

/** GitHub renders Markdown with GFM and lets some HTML through (`<details>`); so does this. */
function toHtml(markdown: string): string {
  return micromark(markdown, {
    allowDangerousHtml: true,
    extensions: [gfm()],
    htmlExtensions: [gfmHtml()],
  });
}

/** The text a reader sees in rendered HTML: tags dropped, entities decoded. */
function visibleText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function expectGolden(name: string, text: string): void {
  const path = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path, text);
  }
  expect(text).toBe(readFileSync(path, 'utf8'));
}

describe('markdown issue drafts: golden files', () => {
  it('the seed: title, summary, access table, location, report', () => {
    const md = renderMarkdown(
      renderContextOf([SEED], { sourceRoot: '/home/shamil/oss/cpython/main' }),
    );
    expectGolden('seed.md', md);
    expect(md).toContain(
      '# ThreadSanitizer: data race in interpreter\\_clear() vs take\\_gil() during finalization with daemon threads\n',
    );
    expect(md).toContain(
      'A plain write of size 8 by the main thread (during finalization) in `interpreter_clear()` (`Python/pystate.c:769`) races with an earlier atomic write of size 8 by thread T7 `Thread-7 (hamme` (daemon thread, still running) in `take_gil()` (`Python/ceval_gil.c:351`), on global `_PyRuntime` of size 359232.',
    );
    expect(md).toContain(
      '| 2 | thread T7 `Thread-7 (hamme` (daemon thread, still running) | previous atomic write | 8 | `take_gil` at `Python/ceval_gil.c:351` |',
    );
  });

  it("the README's excerpt is the seed's draft as written", () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const excerpt = /```markdown\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(excerpt).toBeDefined();
    expect(readFileSync(join(GOLDEN, 'seed.md'), 'utf8')).toContain(excerpt);
  });

  it('three reports of one process: related groups, a use-after-free, mutexes held', () => {
    const md = renderMarkdown(renderContextOf(['examples/inventory.clang19.log']));
    expectGolden('inventory.md', md);
    expect(md.match(/^<!-- racelens group [0-9a-f]{10} -->$/gm)).toHaveLength(3);
    expect(md).toContain('touches memory freed earlier by thread T2 (finished)');
    expect(md).toMatch(/\| Mutexes held \|\n/);
    expect(md).toMatch(/- Related to but distinct from group `[0-9a-f]{10}`/);
  });

  it('a CPython report matching a known issue links it', () => {
    const md = renderMarkdown(
      renderContextOf(['test/fixtures/corpus/cpython-issue/149043.log'], {
        known: 'test/fixtures/known/cpython-149043.yaml',
      }),
    );
    expectGolden('cpython-149043.md', md);
    expect(md).toContain(
      '- **Known issue** [#149043](<https://github.com/python/cpython/issues/149043>): TSan-reported race during finialization (closed): the same signature.',
    );
  });

  it('is valid GFM: one table per draft with a row per access, the report in a fenced block', () => {
    const md = renderMarkdown(renderContextOf([SEED, 'examples/inventory.clang19.log']));
    const html = toHtml(md);
    expect(html.match(/<table>/g)).toHaveLength(4);
    for (const table of html.match(/<table>[\s\S]*?<\/table>/g) ?? []) {
      const rows = table.match(/<tr>[\s\S]*?<\/tr>/g) ?? [];
      expect(rows).toHaveLength(3);
      const cells = rows.map((r) => (r.match(/<t[hd][ >]/g) ?? []).length);
      expect(new Set(cells).size).toBe(1);
    }
    expect(html.match(/<details>/g)).toHaveLength(4);
    expect(html).toContain('<pre><code class="language-text">==================\nWARNING:');
  });
});

describe('markdown escaping of what logs hold', () => {
  /** The seed with names a hostile or unlucky log could hold. */
  function hostileSeed(): string {
    return readFileSync(join(REPO_ROOT, SEED), 'utf8')
      .replaceAll('interpreter_clear', 'interp<img src=x onerror=alert(1)>*clear*|x')
      .replaceAll('take_gil', 'take`gil`|<b>__bold__</b>')
      .replaceAll("'_PyRuntime'", "'_Py|Runtime*[x](javascript:alert(1))'")
      .replaceAll('Thread-7 (hamme', '@octocat #1 </details><script>alert(2)</script>');
  }

  it('keeps every hostile name literal: no HTML, no emphasis, no split cells, no mentions', () => {
    const md = renderMarkdown(renderContextOf([SEED], { texts: [hostileSeed()] }));
    const html = toHtml(md);
    expect(html).not.toMatch(/<img|<script|<b>|<em>|href="javascript/i);
    // Bold is ours alone.
    expect(html.match(/<strong>/g)).toHaveLength(2);
    // A mention or reference would be `@octocat` / `#1` outside code.
    const outsideCode = html.replace(/<code[^>]*>[\s\S]*?<\/code>/g, '');
    expect(outsideCode).not.toMatch(/@octocat|#1 /);
    const text = visibleText(html);
    // The summary names the signature's anchor (template arguments dropped); the report keeps all.
    expect(text).toContain('in interp*clear*|x() (');
    expect(text).toContain('in interp<img src=x onerror=alert(1)>*clear*|x\n');
    expect(text).toContain('in take`gil`|__bold__() (');
    expect(text).toContain('#2 take`gil`|<b>__bold__</b> /home');
    expect(text).toContain('_Py|Runtime*[x](javascript:alert(1))');
    expect(text).toContain('@octocat #1 </details><script>alert(2)</script>');
    // The access table still has five cells a row.
    const table = html.match(/<table>[\s\S]*?<\/table>/)?.[0] ?? '';
    for (const row of table.match(/<tr>[\s\S]*?<\/tr>/g) ?? [])
      expect((row.match(/<t[hd][ >]/g) ?? []).length).toBe(5);
    // The title's one line is still one heading.
    expect(html.match(/<h1>/g)).toHaveLength(1);
  });

  const logText = fc.string({ unit: 'binary', maxLength: 40 });

  it('mdText shows any text literally (property)', () => {
    fc.assert(
      fc.property(logText, (text) => {
        const flat = text
          .replace(/[\r\n]+/g, ' ')
          .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
        const html = toHtml(`x ${mdText(text).text} x`);
        expect(visibleText(html).trim()).toBe(`x ${flat} x`.trim().replace(/\u0000/g, '\ufffd'));
      }),
      { numRuns: 2000 },
    );
  });

  it('mdCode in a table cell shows any text literally in one cell (property)', () => {
    fc.assert(
      fc.property(logText, (text) => {
        const flat = text
          .replace(/[\r\n]+/g, ' ')
          .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
        const html = toHtml(`| a | b |\n| --- | --- |\n| ${mdCell(mdCode(text)).text} | end |\n`);
        const cells = html.match(/<td>([\s\S]*?)<\/td>/g) ?? [];
        expect(cells).toHaveLength(2);
        expect(cells[1]).toBe('<td>end</td>');
        const shown = visibleText(cells[0] ?? '');
        // An empty span cannot be written: it shows one space.
        expect(shown).toBe(flat === '' ? ' ' : flat);
      }),
      { numRuns: 2000 },
    );
  });

  it('the md template escapes what it is given and keeps what is already Markdown', () => {
    const name = '*x*|<b>';
    expect(md`**${name}** ${mdCode(name)} ${3} ${null}${false}`.text).toBe(
      '**\\*x\\*\\|\\<b\\>** `*x*|<b>` 3 ',
    );
  });

  it('a fence no report line can close, and links only to http(s)', () => {
    const body = 'a\n```\nb\n````\n';
    const html = toHtml(mdFence(body).text);
    expect(visibleText(html)).toBe(body);
    expect(mdLink(md`x`, 'javascript:alert(1)').text).toBe('x');
    expect(mdLink(md`x`, 'https://example.org/a b').text).toBe('x');
    expect(mdLink(md`x`, 'https://example.org/1').text).toBe('[x](<https://example.org/1>)');
  });
});
