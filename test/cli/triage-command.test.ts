import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, readFixture, SEED } from '../support/fixtures.js';
import { runCli } from '../support/run-cli.js';
import { sarifValidator } from '../support/sarif-schema.js';
import { junitSchemaErrors } from '../support/xmllint.js';

const work = mkdtempSync(join(tmpdir(), 'racelens-triage-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('racelens triage', () => {
  it('lists groups by count with id, title, count, first place, and a totals line', async () => {
    const result = await runCli(['triage', 'examples/']);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^[0-9a-f]{10} {2}data race: add_interest ↔ deposit on a heap block$/);
    expect(lines[1]).toBe('    3 reports, first at examples/bank.clang19.log:2');
    expect(lines.at(-1)).toMatch(/^8 reports in 5 groups: 5 new, 0 known$/);
  });

  it('writes JSON valid against its published schema', async () => {
    const result = await runCli(['triage', '--json', 'examples/', SEED]);
    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout) as {
      groups: { title: string; occurrences: unknown[] }[];
    };
    const schema = JSON.parse(
      readFixture('..', '..', 'schemas', 'triage-result.schema.json'),
    ) as object;
    const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    expect(document.groups.map((g) => g.title)).toContain(
      'data race: interpreter_clear ↔ take_gil on _PyRuntime',
    );
    expect(document.groups.reduce((n, g) => n + g.occurrences.length, 0)).toBe(9);
  });

  it('says so when a log holds no report, or only fragments', async () => {
    const empty = join(work, 'empty.log');
    writeFileSync(empty, 'all tests passed\n');
    const none = await runCli(['triage', empty]);
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('no ThreadSanitizer report found\n');
    const fragment = await runCli([
      'triage',
      join(REPO_ROOT, 'test/fixtures/corpus/other/grpc-17175.log'),
    ]);
    expect(fragment.stdout).toMatch(
      /report fragment \(headline missing\) in grpc_core::ExecCtx::Flush/,
    );
    expect(fragment.stdout.trim().split('\n').at(-1)).toBe(
      '0 reports, 1 fragment without a headline in 1 group: 1 new, 0 known',
    );
  });

  it('counts reports that were cut short', async () => {
    const cut = join(work, 'cut.log');
    writeFileSync(
      cut,
      readFixture('seed', '000_73625768c436998a.txt').split('\n').slice(0, 100).join('\n'),
    );
    const result = await runCli(['triage', cut]);
    expect(result.stdout.trim().split('\n').at(-1)).toBe(
      '1 report in 1 group: 1 new, 0 known; 1 cut short',
    );
  });

  it('rejects a bad known-issues file or config in one line with exit 2', async () => {
    const bad = join(work, 'known.json');
    writeFileSync(bad, JSON.stringify([{ title: 'no id' }]));
    const known = await runCli(['triage', '--known', bad, SEED]);
    expect(known.code).toBe(2);
    expect(known.stderr).toMatch(/^racelens: .*known\.json: entry 1: id: .*\n$/);
    const config = join(work, 'racelens.config.json');
    writeFileSync(config, JSON.stringify({ presets: ['perl'] }));
    const configResult = await runCli(['triage', '--config', config, SEED]);
    expect(configResult.code).toBe(2);
    expect(configResult.stderr).toMatch(/^racelens: .*racelens\.config\.json: presets/);
  });

  it('applies plumbing from a config file', async () => {
    const config = join(work, 'plumbing.json');
    writeFileSync(config, JSON.stringify({ plumbing: ['take_gil', '_PyEval_AcquireLock'] }));
    const result = await runCli(['triage', '--config', config, SEED]);
    expect(result.stdout).toMatch(
      /data race: _PyThreadState_Attach ↔ interpreter_clear on _PyRuntime/,
    );
  });
});

describe('racelens triage --format, --output, --group', () => {
  it('writes one Markdown draft of the group asked for, by a prefix of its id', async () => {
    const all = await runCli(['triage', '--json', 'examples/', SEED]);
    const ids = (JSON.parse(all.stdout) as { groups: { id: string; title: string }[] }).groups;
    const seed = ids.find((g) => g.title.includes('interpreter_clear'));
    expect(seed).toBeDefined();
    const result = await runCli([
      'triage',
      '--format',
      'markdown',
      '--group',
      seed!.id.slice(0, 6),
      'examples/',
      SEED,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout.match(/^<!-- racelens group /gm)).toHaveLength(1);
    expect(result.stdout).toMatch(
      /^<!-- racelens group [0-9a-f]{10} -->\n# ThreadSanitizer: data race in interpreter\\_clear\(\) vs take\\_gil\(\)/,
    );
  });

  it('says when --group matches no group, or several', async () => {
    const none = await runCli(['triage', '--format', 'markdown', '--group', 'ffffffffff', SEED]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(
      "racelens: no group has the id 'ffffffffff' in these inputs; 'racelens triage <inputs>' lists the ids\n",
    );
    const many = await runCli(['triage', '--group', '', 'examples/']);
    expect(many.code).toBe(2);
    expect(many.stderr).toMatch(/is the start of 5 group ids .*; give more of the id\n$/);
  });

  it('--output writes the file whole and prints nothing; --json is --format json', async () => {
    const out = join(work, 'drafts.md');
    const result = await runCli(['triage', '--format', 'markdown', '-o', out, 'examples/']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    const text = readFileSync(out, 'utf8');
    expect(text.match(/^<!-- racelens group /gm)).toHaveLength(5);
    const json = await runCli(['triage', '--format', 'json', 'examples/']);
    const alias = await runCli(['triage', '--json', 'examples/']);
    expect(JSON.parse(json.stdout)).toEqual(JSON.parse(alias.stdout));
  });

  it('rejects an unknown format and an output it cannot write', async () => {
    const format = await runCli(['triage', '--format', 'pdf', SEED]);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/argument 'pdf' is invalid. Allowed choices are terminal, json/);
    const output = await runCli(['triage', '-o', join(work, 'no', 'such', 'dir', 'x.md'), SEED]);
    expect(output.code).toBe(3);
    expect(output.stderr).toMatch(/cannot write .*x\.md \(ENOENT\); check that its folder exists/);
  });
});

describe('racelens triage writes each report format from the command line', () => {
  it('sarif: valid, placed relative to --source-root, fingerprinted', async () => {
    // The example logs were made in /work/main; their paths say so wherever the clone is.
    const result = await runCli([
      'triage',
      '--format',
      'sarif',
      '--source-root',
      '/work/main',
      'examples/',
    ]);
    expect(result.code).toBe(0);
    const log = JSON.parse(result.stdout) as {
      runs: {
        originalUriBaseIds: { SRCROOT: { uri: string } };
        results: {
          ruleId: string;
          partialFingerprints: Record<string, string>;
          locations: { physicalLocation: { artifactLocation: { uri: string } } }[];
        }[];
      }[];
    };
    expect(sarifValidator()(log)).toEqual([]);
    const [run] = log.runs;
    expect(run?.originalUriBaseIds.SRCROOT.uri).toBe('file:///work/main/');
    expect(run?.results).toHaveLength(5);
    for (const r of run?.results ?? []) {
      expect(r.locations[0]?.physicalLocation.artifactLocation.uri).toMatch(/^examples\/\w+\.c$/);
      expect(Object.keys(r.partialFingerprints)).toEqual(['racelens/v2']);
    }
  });

  it('junit: valid against junit-10.xsd, a failing case per new group', async () => {
    const result = await runCli(['triage', '--format', 'junit', 'examples/']);
    expect(result.code).toBe(0);
    expect(await junitSchemaErrors(result.stdout)).toEqual([]);
    expect(result.stdout.match(/<testcase /g)).toHaveLength(5);
    expect(result.stdout.match(/<failure /g)).toHaveLength(5);
  });

  it('html: one self-contained page with every group', async () => {
    const out = join(work, 'races.html');
    const result = await runCli(['triage', '--format', 'html', '-o', out, 'examples/', SEED]);
    expect(result.code).toBe(0);
    const page = readFileSync(out, 'utf8');
    expect(page).toMatch(/^<!doctype html>/i);
    expect(page).toContain('Content-Security-Policy');
    expect(page).not.toMatch(/<(script|link|img)[^>]+(src|href)="https?:/i);
    for (const id of ['207910509b']) expect(page).toContain(id);
  });
});
