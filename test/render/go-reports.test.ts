import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/render/html.js';
import { renderJunit } from '../../src/render/junit.js';
import { renderMarkdown } from '../../src/render/markdown.js';
import { reportText, threadName } from '../../src/render/report-text.js';
import { renderSarif } from '../../src/render/sarif.js';
import { CORPUS } from '../support/fixtures.js';
import { contextOfTexts } from '../support/render-context.js';

const GO_TXT = readFileSync(`${CORPUS}/examples/out/go.txt`, 'utf8');

describe('Go reports in every output', () => {
  const ctx = contextOfTexts([{ file: 'go.txt', text: GO_TXT }]);

  it('names goroutines as Go does', () => {
    expect(threadName('G7', 'go')).toBe('goroutine 7');
    expect(threadName('main', 'go')).toBe('main goroutine');
    expect(threadName('main')).toBe('main thread');
    expect(threadName('T7')).toBe('thread T7');
    const view = ctx.views.find((v) => v.signature.includes('func2'))!;
    expect(view.issueTitle).toBe('Go race detector: data race in main.main.func2() vs main.main()');
    expect(view.sides.map((s) => [s.threadLabel, s.anchorName])).toEqual([
      ['goroutine 8', 'main.main.func2'],
      ['main goroutine', 'main.main'],
    ]);
    expect(view.summary).toMatch(/by goroutine 8 .*by the main goroutine/);
  });

  it('prints the report back in Go layout', () => {
    const view = ctx.views.find((v) => v.signature.includes('func2'))!;
    expect(view.reportText).toBe(reportText(view.report));
    expect(view.reportText).toContain(
      'Goroutine 8 (running) created at:\n  main.main()\n      /home/dev/src/goprog/main.go:24 +0x20e\n==================\n',
    );
  });

  it('renders Markdown, SARIF, JUnit and HTML', () => {
    expect(renderMarkdown(ctx)).toContain('goroutine 8');
    const sarif = JSON.parse(renderSarif(ctx)) as { runs: { results: unknown[] }[] };
    expect(sarif.runs[0]!.results).toHaveLength(2);
    expect(renderJunit(ctx)).toContain('main.main.func2');
    expect(renderHtml(ctx)).toContain('Goroutine 8 (running)');
  });
});
