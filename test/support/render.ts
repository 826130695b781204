import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseText } from '../../src/index.js';
import { loadKnownIssues } from '../../src/match/known-issues.js';
import { type RenderContext, renderContext } from '../../src/render/report-format.js';
import { DEFAULT_CONFIG } from '../../src/triage/config.js';
import { FrameRules } from '../../src/triage/normalize-stack.js';
import { Triage } from '../../src/triage/triage.js';
import { REPO_ROOT } from './fixtures.js';

export interface ContextOptions {
  /** A known-issues file, relative to the repository. */
  readonly known?: string;
  readonly sourceRoot?: string;
  /** Log texts to read instead of the files (named as the files). */
  readonly texts?: readonly string[];
}

/** Triage of repository files, named by their repository-relative paths, at a fixed time. */
export function renderContextOf(files: readonly string[], options: ContextOptions = {}) {
  const known = options.known
    ? loadKnownIssues(join(REPO_ROOT, options.known), new FrameRules(DEFAULT_CONFIG))
    : [];
  const triage = new Triage({ known });
  files.forEach((file, i) => {
    const text = options.texts?.[i] ?? readFileSync(join(REPO_ROOT, file), 'utf8');
    for (const record of parseText(text, { file })) triage.add(record);
  });
  return renderContext(triage.finish(), {
    sourceRoot: options.sourceRoot ?? null,
    inputs: files,
    generatedAt: new Date('2026-01-01T00:00:00Z'),
  }) satisfies RenderContext;
}
