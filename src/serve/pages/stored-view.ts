import { withDecisions } from '../../decide/apply-decisions.js';
import type { DecisionEntry } from '../../decide/decision.js';
import type { Report } from '../../model/report.js';
import { type RenderContext, renderContext } from '../../render/report-format.js';
import { Triage } from '../../triage/triage.js';

/**
 * A stored group's first report triaged again on its own, with the store's decisions: the same
 * view the HTML report, the Markdown draft, JSON and SARIF are rendered from.
 */
export function storedContext(report: Report, history: readonly DecisionEntry[]): RenderContext {
  const triage = new Triage();
  triage.add(report);
  return renderContext(withDecisions(triage.finish(), history), { inputs: [report.source.file] });
}
