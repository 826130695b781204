import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, Html, html, jsonForScript, safeUrl } from '../../src/render/html-escape.js';

describe('escapeHtml', () => {
  it('escapes the five characters that can end text or an attribute', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
  });

  it('leaves no markup character in any string', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(escapeHtml(text)).not.toMatch(/[<>"']/);
      }),
    );
  });
});

describe('html template', () => {
  it('escapes strings, keeps Html, joins arrays and drops null, undefined and false', () => {
    const name = '<b>"x"</b>';
    const out = html`<p title="${name}">${[name, html`<i>${1}</i>`, null, undefined, false]}</p>`;
    expect(out).toBeInstanceOf(Html);
    expect(out.text).toBe(
      '<p title="&lt;b&gt;&quot;x&quot;&lt;/b&gt;">&lt;b&gt;&quot;x&quot;&lt;/b&gt;<i>1</i></p>',
    );
  });
});

describe('jsonForScript', () => {
  it('reads back the same value and cannot end a script element', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = jsonForScript(value);
        expect(text).not.toMatch(/[<>&\u2028\u2029]/);
        expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('escapes </script> and the line separators', () => {
    expect(jsonForScript({ a: '</script>\u2028\u2029&' })).toBe(
      '{"a":"\\u003c/script\\u003e\\u2028\\u2029\\u0026"}',
    );
  });
});

describe('safeUrl', () => {
  it('allows absolute http and https URLs only', () => {
    expect(safeUrl('https://github.com/python/cpython/issues/140257')).toBe(
      'https://github.com/python/cpython/issues/140257',
    );
    expect(safeUrl(' http://example.com/a b ')).toBe('http://example.com/a%20b');
    for (const bad of [
      'javascript:alert(1)',
      'JAVASCRIPT:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:x',
      'file:///etc/passwd',
      '//evil.example/x',
      '/issues/1',
      'issues/1',
      '',
    ]) {
      expect(safeUrl(bad), bad).toBeNull();
    }
    expect(safeUrl(null)).toBeNull();
  });
});
