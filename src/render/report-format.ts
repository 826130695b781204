import type { TriageResult } from '../triage/triage.js';
import { type GroupView, groupView } from './group-view.js';

export { REPORT_FORMATS, type ReportFormat } from './format-names.js';

/** What a renderer gets: the triage result and its groups already worked into views. */
export interface RenderContext {
  readonly result: TriageResult;
  readonly views: readonly GroupView[];
  /** The root that file paths are made relative to (SARIF URIs, Markdown tables). */
  readonly sourceRoot: string | null;
  /** The inputs as given on the command line, for the reports that name them. */
  readonly inputs: readonly string[];
  /** When the report was made (fixed in tests for golden files). */
  readonly generatedAt: Date;
}

export interface RenderContextOptions {
  readonly sourceRoot?: string | null;
  readonly inputs?: readonly string[];
  readonly generatedAt?: Date;
}

export function renderContext(
  result: TriageResult,
  options: RenderContextOptions = {},
): RenderContext {
  const sourceRoot = options.sourceRoot ?? null;
  return {
    result,
    views: result.groups.map((g) => groupView(g, { sourceRoot })),
    sourceRoot,
    inputs: options.inputs ?? [],
    generatedAt: options.generatedAt ?? new Date(),
  };
}
