import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { parseSuppressions, SuppressionMatcher } from '../../src/index.js';
import type { GroupView } from '../../src/render/group-view.js';
import { renderJunit } from '../../src/render/junit.js';
import type { RenderContext } from '../../src/render/report-format.js';
import { CORPUS, FIXTURES, REPO_ROOT, SEED } from '../support/fixtures.js';
import { allFixtureFiles, contextOfFiles } from '../support/render-context.js';
import { junitSchemaErrors, xpathString, xpathStrings } from '../support/xmllint.js';

const GOLDEN = join(import.meta.dirname, 'golden');
const SEED_SIGNATURE = 'v2|data-race|interpreter_clear|take_gil|global:_PyRuntime';

/** The seed (known), mutex misuse (one group suppressed) and a thread leak: every status. */
function mixedContext(): RenderContext {
  const suppressions = new SuppressionMatcher(
    parseSuppressions('mutex:__tsan_mutex_post_lock\n', 'tsan.supp').entries,
  );
  return contextOfFiles(
    [
      SEED,
      join(CORPUS, 'examples/out/mutexbugs.gcc.txt'),
      join(CORPUS, 'examples/out/leak.gcc.txt'),
    ],
    {
      triage: {
        suppressions,
        known: [
          {
            id: '140257',
            title: 'race in take_gil',
            url: 'https://github.com/python/cpython/issues/140257',
            state: 'open',
            signatures: new Set([SEED_SIGNATURE]),
            reports: [],
          },
        ],
      },
    },
  );
}

describe('renderJunit', () => {
  it('matches the golden file for the seed (UPDATE_GOLDEN=1 rewrites it)', async () => {
    const xml = renderJunit(contextOfFiles([SEED]));
    expect(await junitSchemaErrors(xml)).toEqual([]);
    const golden = join(GOLDEN, 'seed.junit.xml');
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, xml);
    expect(xml).toBe(readFileSync(golden, 'utf8'));
  });

  it('fails new groups and skips known and suppressed ones, counting each suite', async () => {
    const ctx = mixedContext();
    const xml = renderJunit(ctx);
    expect(await junitSchemaErrors(xml)).toEqual([]);
    const kinds = [...new Set(ctx.views.map((v) => v.kind))];
    const fresh = ctx.views.filter((v) => !v.known && !v.suppressedBy).length;
    expect(fresh).toBe(ctx.result.totals.new);
    const suppressed = ctx.views.find((v) => v.suppressedBy)!;
    expect(suppressed.kindId).toBe('mutex-bad-read-lock');

    const expected: [string, string][] = [
      ['count(/testsuites/testsuite)', String(kinds.length)],
      ['count(//testcase)', String(ctx.views.length)],
      ['/testsuites/@tests', String(ctx.views.length)],
      ['/testsuites/@failures', String(fresh)],
      ['count(//testcase/failure)', String(fresh)],
      ['count(//testcase/skipped)', String(ctx.views.length - fresh)],
      [
        '//testcase[skipped][contains(@name, "take_gil")]/skipped/@message',
        'known issue 140257: race in take_gil (https://github.com/python/cpython/issues/140257)',
      ],
      [
        `//testcase[@name="${suppressed.title} [${suppressed.id}]"]/skipped/@message`,
        'suppressed by tsan.supp:1 mutex:__tsan_mutex_post_lock',
      ],
    ];
    for (const [i, kind] of kinds.entries()) {
      const suite = `/testsuites/testsuite[${i + 1}]`;
      const views = ctx.views.filter((v) => v.kind === kind);
      const failed = views.filter((v) => !v.known && !v.suppressedBy).length;
      expected.push(
        [`${suite}/@name`, `ThreadSanitizer: ${kind}`],
        [`${suite}/@tests`, String(views.length)],
        [`${suite}/@failures`, String(failed)],
        [`count(${suite}/testcase/failure)`, String(failed)],
        [`${suite}/@skipped`, String(views.length - failed)],
        [`count(${suite}/testcase/skipped)`, String(views.length - failed)],
      );
    }
    const actual = await xpathStrings(
      xml,
      expected.map(([xpath]) => xpath),
    );
    expect(expected.map(([xpath], i) => [xpath, actual[i]])).toEqual(expected);
  });

  it('puts the summary in the failure message and the report in its text', async () => {
    const ctx = contextOfFiles([SEED]);
    const xml = renderJunit(ctx);
    const view = ctx.views[0]!;
    expect(await xpathString(xml, 'string(//failure/@message)')).toBe(view.summary);
    expect(await xpathString(xml, 'string(//failure/@type)')).toBe('data race');
    const body = await xpathString(xml, 'string(//failure)');
    expect(body.startsWith(`${view.issueTitle}\n\n${view.summary}\n`)).toBe(true);
    expect(body.endsWith(view.reportText)).toBe(true);
    expect(await xpathString(xml, 'string(//testcase/system-out)')).toBe(
      'test/fixtures/seed/000_73625768c436998a.txt:91',
    );
    expect(await xpathString(xml, 'string(//testcase/@classname)')).toBe('racelens.data-race');
  });

  it('writes an empty report when there is nothing to report', async () => {
    const xml = renderJunit(contextOfFiles([join(FIXTURES, 'corpus', 'README.md')]));
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="racelens" tests="0" failures="0" errors="0" time="0"/>\n',
    );
    expect(await junitSchemaErrors(xml)).toEqual([]);
  });

  it('escapes hostile text so that a parser reads it back unchanged', async () => {
    const hostile =
      'a<b>&c "d" \'e\' ]]> <![CDATA[x]]> </failure><x/> &amp; \t tab\nline\r\ncrlf \u2028 ✓ 𝄞';
    const illegal = 'nul\u0000 esc\u001b bell\u0007 ffff\uFFFF lone\uD800 end';
    const ctx = contextOfFiles([SEED]);
    const view: GroupView = {
      ...ctx.views[0]!,
      kind: hostile,
      title: hostile,
      summary: hostile,
      issueTitle: illegal,
      reportText: hostile,
    };
    const xml = renderJunit({ ...ctx, views: [view] });
    expect(await junitSchemaErrors(xml)).toEqual([]);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
    // CR is written as a reference everywhere, so even CR LF survives (a literal one reads as LF).
    expect(await xpathString(xml, 'string(//failure/@message)')).toBe(hostile);
    expect(await xpathString(xml, 'string(//failure/@type)')).toBe(hostile);
    expect(await xpathString(xml, 'string(/testsuites/testsuite/@name)')).toBe(
      `ThreadSanitizer: ${hostile}`,
    );
    expect(await xpathString(xml, 'string(//testcase/@name)')).toBe(`${hostile} [${view.id}]`);
    const body = await xpathString(xml, 'string(//failure)');
    expect(body.startsWith('nul\uFFFD esc\uFFFD bell\uFFFD ffff\uFFFD lone\uFFFD end\n')).toBe(
      true,
    );
    expect(body.endsWith(hostile)).toBe(true);
  });

  it('writes schema-valid JUnit for every fixture', async () => {
    const files = allFixtureFiles();
    const reports = files.map((file) => ({
      fileName: `${relative(REPO_ROOT, file).replace(/[^\w.]+/g, '_')}.xml`,
      contents: renderJunit(contextOfFiles([file])),
    }));
    reports.push({ fileName: 'all.xml', contents: renderJunit(contextOfFiles(files)) });
    // One xmllint run for all: each run starts a worker.
    const result = await validateXML({
      xml: reports,
      schema: [
        {
          fileName: 'junit-10.xsd',
          contents: readFileSync(join(FIXTURES, 'schemas', 'junit-10.xsd'), 'utf8'),
        },
      ],
    });
    expect(result.errors.map((e) => e.rawMessage)).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
