import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RenderContext } from '../../src/render/report-format.js';
import { renderSarif, type SarifOptions } from '../../src/render/sarif.js';
import type { SarifLog } from '../../src/render/sarif-types.js';
import { REPO_ROOT } from '../support/fixtures.js';
import { allFixtureFiles, contextOfFiles } from '../support/render-context.js';
import { sarifValidator } from '../support/sarif-schema.js';

const validate = sarifValidator();

/** The roots the corpus's own programs and CPython reports were built in. */
const ROOTS = ['/home/dev/src', '/home/shamil/oss/cpython/main', '/cpython'];

/** What must hold of every log, whatever went in: the schema, and GitHub's rules for results. */
function checkLog(ctx: RenderContext, options: SarifOptions = {}): SarifLog {
  const text = renderSarif(ctx, options);
  expect(text).not.toContain('primaryLocationLineHash');
  const log = JSON.parse(text) as SarifLog;
  expect(validate(log)).toEqual([]);
  for (const result of log.runs[0]!.results) {
    expect(Object.keys(result.partialFingerprints)).toEqual(['racelens/v2']);
    expect(result.partialFingerprints['racelens/v2']).toMatch(/^[0-9a-f]{64}$/);
    const primary = result.locations?.[0];
    if (options.unlocated !== 'logical') {
      // GitHub rejects a whole file with a result it cannot place.
      expect(primary?.physicalLocation?.artifactLocation.uri).toBeTruthy();
      expect(primary?.physicalLocation?.region?.startLine).toBeGreaterThan(0);
    }
    const uri = primary?.physicalLocation?.artifactLocation;
    if (uri && ctx.sourceRoot !== null) {
      // With a root, the primary location is never outside it.
      expect(uri.uriBaseId).toBe('SRCROOT');
      expect(uri.uri).not.toMatch(/^(?:file:|\/|\.\.\/)|(?:^|\/)(?:usr\/include|sysdeps|csu)\//);
    }
  }
  return log;
}

describe('renderSarif on every fixture', () => {
  const files = allFixtureFiles();

  it('covers the corpus', () => {
    expect(files.length).toBeGreaterThan(150);
  });

  it.each(files.map((f) => [relative(REPO_ROOT, f), f]))(
    'writes a valid log for %s',
    (_name, file) => {
      const plain = contextOfFiles([file!]);
      const placed = checkLog(plain);
      const all = checkLog(plain, { unlocated: 'logical' });
      // Nothing is lost but what cannot be placed, and that is said.
      const unlocated = placed.runs[0]!.properties['racelens/unlocated'];
      const dropped = Array.isArray(unlocated) ? unlocated.length : 0;
      expect(placed.runs[0]!.results.length + dropped).toBe(plain.views.length);
      expect(all.runs[0]!.results.length).toBe(plain.views.length);
      for (const root of ROOTS) checkLog(contextOfFiles([file!], { sourceRoot: root }));
    },
  );

  it('writes a valid log for all of them triaged together', () => {
    const ctx = contextOfFiles(files, { sourceRoot: '/home/dev/src' });
    expect(ctx.views.length).toBeGreaterThan(100);
    const log = checkLog(ctx);
    const ids = log.runs[0]!.tool.driver.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const result of log.runs[0]!.results)
      expect(log.runs[0]!.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
    // GitHub shows 10 tags a rule (and rejects more than 20).
    for (const rule of log.runs[0]!.tool.driver.rules)
      expect(rule.properties.tags.length).toBeLessThanOrEqual(10);
  });
});
