import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { codeQualityIssues, renderCodeQuality } from '../../src/render/codequality.js';
import {
  GITHUB_ERROR_ANNOTATIONS,
  renderGithubAnnotations,
  workflowCommand,
} from '../../src/render/github-annotations.js';
import { REPO_ROOT, SEED } from '../support/fixtures.js';
import { contextOfFiles } from '../support/render-context.js';

const EXAMPLES = ['bank.clang19.log', 'deadlock.gcc.log', 'inventory.clang19.log'].map((f) =>
  join(REPO_ROOT, 'examples', f),
);

function validator(name: string) {
  const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', name), 'utf8')) as object;
  return new Ajv2020({ allErrors: true, strict: true }).compile(schema);
}

/** A workflow command line read back as the runner reads it (values unescaped). */
function readCommand(line: string) {
  const match = /^::([a-z]+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!match) throw new Error(`not a workflow command: ${line}`);
  const unescapeValue = (text: string) =>
    text.replace(/%(25|0D|0A|3A|2C)/g, (_, code: string) =>
      String.fromCharCode(Number.parseInt(code, 16)),
    );
  const properties = Object.fromEntries(
    (match[2] ?? '')
      .split(',')
      .filter((p) => p !== '')
      .map((p) => [p.slice(0, p.indexOf('=')), unescapeValue(p.slice(p.indexOf('=') + 1))]),
  );
  return { command: match[1], properties, message: unescapeValue(match[3] ?? '') };
}

describe('--format github: workflow annotations', () => {
  const validate = validator('github-annotation.schema.json');

  it('puts each new group on its program frame, relative to the source root, schema-valid', () => {
    const text = renderGithubAnnotations(contextOfFiles(EXAMPLES, { sourceRoot: '/work/main' }));
    const commands = text.trimEnd().split('\n').map(readCommand);
    for (const command of commands)
      expect(validate(command), JSON.stringify(validate.errors)).toBe(true);
    expect(commands).toHaveLength(5);
    expect(commands[0]).toEqual({
      command: 'error',
      properties: {
        file: 'examples/bank.c',
        line: '35',
        title: expect.stringMatching(/^ThreadSanitizer data race \(racelens [0-9a-f]{10}\)$/),
      },
      message: expect.stringMatching(
        /^data race: add_interest ↔ deposit on a heap block\nA plain write/,
      ),
    });
    expect(commands.map((c) => c.properties.file).sort()).toEqual([
      'examples/bank.c',
      'examples/deadlock.c',
      'examples/inventory.c',
      'examples/inventory.c',
      'examples/inventory.c',
    ]);
  });

  it('without a frame under the root, annotates without a place; over the cap, one notice', () => {
    const ctx = contextOfFiles([...EXAMPLES, SEED], { sourceRoot: '/work/main' });
    const text = renderGithubAnnotations(ctx, { limit: 3 });
    const commands = text.trimEnd().split('\n').map(readCommand);
    expect(commands.map((c) => c.command)).toEqual(['error', 'error', 'error', 'notice']);
    expect(commands[3]!.message).toBe(
      '3 more new groups not annotated (GitHub shows 3 error annotations per step); the job summary and the SARIF list them all',
    );
    const seedOnly = renderGithubAnnotations(contextOfFiles([SEED], { sourceRoot: '/work/main' }));
    expect(readCommand(seedOnly.trimEnd())).toMatchObject({
      command: 'error',
      properties: { title: expect.any(String) },
    });
    expect(readCommand(seedOnly.trimEnd()).properties).not.toHaveProperty('file');
    expect(GITHUB_ERROR_ANNOTATIONS).toBe(10);
  });

  it('escapes log text so it cannot end the line or start another command', () => {
    const line = workflowCommand(
      'error',
      { file: 'a,b:c.c', title: '100%' },
      'x\n::error::forged\r%',
    );
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toBe('::error file=a%2Cb%3Ac.c,title=100%25::x%0A::error::forged%0D%25');
    expect(readCommand(line)).toEqual({
      command: 'error',
      properties: { file: 'a,b:c.c', title: '100%' },
      message: 'x\n::error::forged\r%',
    });
  });
});

describe('--format codequality: GitLab code-quality report', () => {
  const validate = validator('gitlab-codequality.schema.json');

  it('one issue per unsuppressed group at its program frame, valid against the schema', () => {
    const ctx = contextOfFiles([...EXAMPLES, SEED], { sourceRoot: '/work/main' });
    const document = JSON.parse(renderCodeQuality(ctx)) as unknown;
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
    const issues = codeQualityIssues(ctx);
    expect(issues).toHaveLength(6);
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(6);
    expect(issues[0]).toMatchObject({
      check_name: 'racelens/data-race',
      severity: 'major',
      location: { path: 'examples/bank.c', lines: { begin: 35 } },
    });
    expect(issues.find((i) => i.check_name.includes('use-after-free'))?.severity).toBe('critical');
    // The seed's frames lie outside /work/main: it is placed at the log line that showed it.
    expect(issues.find((i) => i.description.includes('interpreter_clear'))?.location).toEqual({
      path: 'test/fixtures/seed/000_73625768c436998a.txt',
      lines: { begin: 91 },
    });
  });

  it('the schema refuses what GitLab refuses', () => {
    expect(
      validate([
        {
          description: 'x',
          check_name: 'c',
          fingerprint: 'f',
          severity: 'high',
          location: { path: 'a', lines: { begin: 1 } },
        },
      ]),
    ).toBe(false);
    expect(
      validate([
        {
          description: 'x',
          check_name: 'c',
          fingerprint: 'f',
          severity: 'minor',
          location: { path: 'a' },
        },
      ]),
    ).toBe(false);
  });
});
