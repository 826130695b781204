import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseText, type Report } from '../../src/index.js';
import { reportText } from '../../src/render/report-text.js';
import { CORPUS, reportsOf, SEED } from '../support/fixtures.js';

/**
 * Everything a report says, without where it was read. A frame's `damaged` mark goes too: the
 * printed frame is the repaired one (a cut BuildId is left out), which reads back undamaged.
 */
function content(report: Report): object {
  const { source: _source, diagnostics: _diagnostics, runtime: _runtime, ...rest } = report;
  return JSON.parse(JSON.stringify(rest, (key, value) => (key === 'damaged' ? undefined : value)));
}

function corpusFiles(): string[] {
  const files: string[] = [SEED];
  for (const dir of ['examples/out', 'cpython-issue', 'other', 'clusterfuzz', 'rust-issue']) {
    for (const name of readdirSync(join(CORPUS, dir))) {
      const path = join(CORPUS, dir, name);
      if (statSync(path).isFile()) files.push(path);
    }
  }
  return files;
}

describe('reportText', () => {
  const reports = corpusFiles().flatMap((file) =>
    reportsOf(parseText(readFileSync(file, 'utf8'), { file })).map((r) => [file, r] as const),
  );

  it('covers many real reports', () => {
    expect(reports.length).toBeGreaterThan(100);
  });

  it.each(
    reports.map(([file, r], i) => [
      `${i} ${file.split('/').slice(-2).join('/')}:${r.source.line}`,
      r,
    ]),
  )('prints a report that parses back to the same report: %s', (_name, report) => {
    const again = reportsOf(parseText(reportText(report as Report)));
    expect(again).toHaveLength(1);
    expect(content(again[0]!)).toEqual(content(report as Report));
  });

  it('prints the seed as TSan would, glued lines split', () => {
    const seed = reportsOf(parseText(readFileSync(SEED, 'utf8')))[0]!;
    const text = reportText(seed);
    expect(text).toContain(
      '  Write of size 8 at 0x55555611abc8 by main thread:\n    #0 interpreter_clear /home/shamil/oss/cpython/main/Python/pystate.c:769:26 (python+0x6cd57a) (BuildId: 9a73f9de8b0c2b3baa8fe75cb55cd39bff0057a1)\n',
    );
    expect(text).toContain('  Previous atomic write of size 8 at 0x55555611abc8 by thread T7:\n');
    expect(text).toContain(
      "  Location is global '_PyRuntime' of size 359232 at 0x5555560c3408 (python+0xbc6bc8)\n",
    );
    expect(text).toContain(
      "  Thread T7 'Thread-7 (hamme' (tid=22032, running) created by main thread at:\n    #0 pthread_create <null> (python+0xfc21e)",
    );
    expect(text.split('\n').every((line) => line.length < 400)).toBe(true);
  });
});
