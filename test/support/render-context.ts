import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseText } from '../../src/index.js';
import { loadKnownIssues } from '../../src/match/known-issues.js';
import { type RenderContext, renderContext } from '../../src/render/report-format.js';
import { DEFAULT_CONFIG } from '../../src/triage/config.js';
import { FrameRules } from '../../src/triage/normalize-stack.js';
import { Triage, type TriageOptions } from '../../src/triage/triage.js';
import { CORPUS, REPO_ROOT, SEED } from './fixtures.js';

/** The fixed time of every rendered test report, so golden files do not change. */
export const GENERATED_AT = new Date('2026-01-01T00:00:00Z');

export interface ContextOptions {
  readonly sourceRoot?: string | null;
  readonly triage?: TriageOptions;
}

/** A render context for log texts, each named as given (names become occurrences and inputs). */
export function contextOfTexts(
  texts: readonly { readonly file: string; readonly text: string }[],
  options: ContextOptions = {},
): RenderContext {
  const triage = new Triage(options.triage);
  for (const { file, text } of texts)
    for (const record of parseText(text, { file })) triage.add(record);
  return renderContext(triage.finish(), {
    sourceRoot: options.sourceRoot ?? null,
    inputs: texts.map((t) => t.file),
    generatedAt: GENERATED_AT,
  });
}

/** A render context for fixture files, named relative to the repository (machine-independent). */
export function contextOfFiles(paths: readonly string[], options: ContextOptions = {}) {
  return contextOfTexts(
    paths.map((path) => ({ file: relative(REPO_ROOT, path), text: readFileSync(path, 'utf8') })),
    options,
  );
}

/** Every file of the corpus, recursively (sources, manifests and all), and the seed. */
export function allFixtureFiles(): string[] {
  const files: string[] = [SEED];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk(CORPUS);
  return files;
}

/**
 * Repository files by their repository-relative names, with a known-issues file of the
 * repository; `texts` stands in for the files' contents (hostile variants of a fixture).
 */
export function contextOfRepoFiles(
  files: readonly string[],
  options: { known?: string; sourceRoot?: string; texts?: readonly string[] } = {},
): RenderContext {
  const known = options.known
    ? loadKnownIssues(join(REPO_ROOT, options.known), new FrameRules(DEFAULT_CONFIG))
    : [];
  return contextOfTexts(
    files.map((file, i) => ({
      file,
      text: options.texts?.[i] ?? readFileSync(join(REPO_ROOT, file), 'utf8'),
    })),
    { sourceRoot: options.sourceRoot ?? null, triage: { known } },
  );
}
