import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { DiagnosticRecord } from '../model/report.js';
import type { ReportKindId } from '../model/report-kinds.js';
import { SIGNATURE_VERSION } from '../triage/signature.js';
import { whySentence } from '../triage/why.js';
import { VERSION } from '../version.js';
import type { GroupView } from './group-view.js';
import type { RenderContext } from './report-format.js';
import { codeFlowOf } from './sarif-flows.js';
import {
  emptyTruncation,
  GITHUB_SARIF_LIMITS,
  type SarifLimits,
  type Truncation,
  truncationNotifications,
  truncationProperty,
} from './sarif-limits.js';
import {
  framePhysicalLocation,
  logicalLocation,
  type PlacedFrame,
  primaryFrame,
  sideFrame,
} from './sarif-locations.js';
import { ruleLevel, sarifRule } from './sarif-rules.js';
import { headingAt, placedDescription } from './sarif-side-text.js';
import {
  type JsonValue,
  type PropertyBag,
  SARIF_SCHEMA_URI,
  SARIF_VERSION,
  type SarifLocation,
  type SarifLog,
  type SarifNotification,
  type SarifReportingDescriptor,
  type SarifResult,
  type SarifSuppression,
  sarifLink,
  sarifText,
} from './sarif-types.js';
import { SRCROOT, sourceRootUri } from './sarif-uri.js';

export interface SarifOptions {
  /** Defaults to GitHub code scanning's upload limits. */
  readonly limits?: Partial<SarifLimits>;
  /**
   * A group with no project frame to show it at: `drop` leaves it out (and says so in the run),
   * because GitHub rejects a whole file with a result that has no physical location;
   * `logical` keeps it with a logical location only (the anchor's function), for other viewers.
   */
  readonly unlocated?: 'drop' | 'logical';
}

/** The key of our fingerprint: the signature rule's version, so a new rule is a new key. */
export const FINGERPRINT_KEY = `racelens/${SIGNATURE_VERSION}`;

/** Diagnostics past this many are counted in one note, not listed. */
const SHOWN_DIAGNOSTICS = 100;

/** The triage result as a SARIF 2.1.0 log: JSON text, two-space indent, trailing newline. */
export function renderSarif(ctx: RenderContext, options: SarifOptions = {}): string {
  return sarifJson(sarifLog(ctx, options));
}

function sarifJson(log: SarifLog): string {
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** A result before it gets its rule index, with what decides whether it is kept. */
interface Candidate {
  readonly index: number;
  readonly kindId: ReportKindId;
  readonly priority: readonly number[];
  readonly result: Omit<SarifResult, 'ruleIndex'>;
}

/**
 * The SARIF log of a triage: one result per group, kept within `options.limits` (GitHub's by
 * default). docs/reports.md describes every choice made here.
 */
export function sarifLog(ctx: RenderContext, options: SarifOptions = {}): SarifLog {
  const limits = { ...GITHUB_SARIF_LIMITS, ...options.limits };
  const truncation = emptyTruncation();
  const candidates: Candidate[] = [];
  for (const [index, view] of ctx.views.entries()) {
    const result = resultOf(view, ctx.sourceRoot, limits, options.unlocated ?? 'drop', truncation);
    if (!result) continue;
    candidates.push({
      index,
      kindId: view.report.kindId,
      priority: priorityOf(view, index),
      result,
    });
  }
  // Most important first: what a cap leaves out comes from the end.
  const byPriority = [...candidates].sort((a, b) => compare(a.priority, b.priority));
  const kept = byPriority.slice(0, limits.results);
  truncation.resultsOverLimit = byPriority.length - kept.length;

  const assemble = (count: number, flows: boolean): SarifLog => {
    truncation.resultsOverSize = kept.length - count;
    truncation.codeFlowsOverSize = flows
      ? 0
      : kept.slice(0, count).filter((c) => c.result.codeFlows).length;
    const chosen = kept.slice(0, count).sort((a, b) => a.index - b.index);
    return logOf(ctx, chosen, flows, truncation, limits);
  };
  // Usually one gzip of the whole text; only an oversized triage pays for the search.
  const fits = (log: SarifLog) => gzipSync(sarifJson(log)).length <= limits.gzipBytes;
  let log = assemble(kept.length, true);
  if (fits(log)) return log;
  log = assemble(kept.length, false);
  if (fits(log)) return log;
  let low = 0;
  let high = kept.length - 1;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(assemble(mid, false))) low = mid;
    else high = mid - 1;
  }
  return assemble(low, false);
}

function logOf(
  ctx: RenderContext,
  chosen: readonly Candidate[],
  flows: boolean,
  truncation: Truncation,
  limits: SarifLimits,
): SarifLog {
  const rules: SarifReportingDescriptor[] = [];
  const ruleIndex = new Map<ReportKindId, number>();
  const results = chosen.map(({ kindId, result }): SarifResult => {
    let index = ruleIndex.get(kindId);
    if (index === undefined) {
      index = rules.length;
      ruleIndex.set(kindId, index);
      rules.push(sarifRule(kindId));
    }
    const { ruleId, ...body } = result;
    const { codeFlows: _dropped, ...flowless } = body;
    return { ruleId, ruleIndex: index, ...(flows ? body : flowless) };
  });
  const rootUri = ctx.sourceRoot === null ? null : sourceRootUri(ctx.sourceRoot);
  const notifications = [
    ...truncationNotifications(truncation, limits),
    ...diagnosticNotifications(ctx.result.diagnostics, ctx.result.totals.diagnostics),
  ];
  const truncated = truncationProperty(truncation);
  const properties: Record<string, JsonValue> = {
    'racelens/inputs': [...ctx.inputs],
    'racelens/totals': { ...ctx.result.totals },
  };
  if (truncated !== null) properties['racelens/truncated'] = truncated;
  if (truncation.unlocated.length > 0)
    properties['racelens/unlocated'] = truncation.unlocated.map((u) => ({ ...u }));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: { name: 'racelens', version: VERSION, semanticVersion: VERSION, rules },
        },
        invocations: [
          {
            executionSuccessful: true,
            endTimeUtc: ctx.generatedAt.toISOString(),
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        ...(rootUri ? { originalUriBaseIds: { [SRCROOT]: { uri: rootUri } } } : {}),
        columnKind: 'unicodeCodePoints',
        results,
        properties,
      },
    ],
  };
}

/** One group as a result, or null when it cannot be placed and `unlocated` is `drop`. */
function resultOf(
  view: GroupView,
  sourceRoot: string | null,
  limits: SarifLimits,
  unlocated: 'drop' | 'logical',
  truncation: Truncation,
): Omit<SarifResult, 'ruleIndex'> | null {
  const primary = primaryFrame(view, sourceRoot);
  if (!primary && unlocated === 'drop') {
    truncation.unlocated.push({ groupId: view.id, title: view.title });
    return null;
  }
  const related = relatedFrames(view, primary, sourceRoot);
  const relatedRoom = Math.max(0, limits.locationsPerResult - 1);
  truncation.relatedLocations += Math.max(0, related.length - relatedRoom);
  const shownRelated = related.slice(0, relatedRoom);
  const links = shownRelated.map((r, i) => ({ id: i + 1, placed: r }));
  const relatedLocations: SarifLocation[] = links.map(({ id, placed }) => ({
    id,
    physicalLocation: framePhysicalLocation(placed.frame, sourceRoot, placed.place)!,
    message: { text: sarifText(placedDescription(view.sides[placed.side]!, placed.frame)) },
  }));
  const flow = codeFlowOf(view, sourceRoot, limits.threadFlowLocationsPerResult);
  truncation.threadFlowLocations += flow.dropped;
  const linkList = links
    .map(({ id, placed }) => sarifLink(linkText(view, placed.side), id))
    .join(', ');
  const location = primary
    ? primaryLocation(view, primary, sourceRoot, linkList)
    : logicalOnly(view);
  const workItem = workItemUri(view.known?.url ?? null);
  return {
    ruleId: view.report.kindId,
    level: ruleLevel(view.report.kindId),
    message: { text: resultMessage(view, linkList) },
    ...(location ? { locations: [location] } : {}),
    ...(relatedLocations.length > 0 ? { relatedLocations } : {}),
    ...(flow.codeFlow ? { codeFlows: [flow.codeFlow] } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: sha256(view.signature) },
    ...(suppressionsOf(view).length > 0 ? { suppressions: suppressionsOf(view) } : {}),
    ...(workItem ? { workItemUris: [workItem] } : {}),
    occurrenceCount: Math.max(1, view.count),
    properties: resultProperties(view),
  };
}

/** The sides other than the primary's, each at its best frame (those with no file are left out). */
function relatedFrames(
  view: GroupView,
  primary: PlacedFrame | null,
  sourceRoot: string | null,
): PlacedFrame[] {
  const related: PlacedFrame[] = [];
  for (let side = 0; side < view.sides.length; side++) {
    if (primary && side === primary.side) continue;
    const placed = sideFrame(view, side, sourceRoot);
    if (placed) related.push(placed);
  }
  return related;
}

function primaryLocation(
  view: GroupView,
  primary: PlacedFrame,
  sourceRoot: string | null,
  links: string,
): SarifLocation {
  const side = view.sides[primary.side]!;
  const verb =
    view.family === 'race' ? 'Races with' : view.family === 'deadlock' ? 'Cycle with' : 'See';
  const text = sarifText(placedDescription(side, primary.frame));
  const name = side.anchorName ?? primary.frame.function;
  return {
    physicalLocation: framePhysicalLocation(primary.frame, sourceRoot, primary.place)!,
    ...(name ? { logicalLocations: [logicalLocation(name, primary.frame.function)] } : {}),
    message: { text: links ? `${text}. ${verb} ${links}.` : `${text}.` },
  };
}

/** `unlocated: 'logical'`: the anchor's function only; nothing at all without a name. */
function logicalOnly(view: GroupView): SarifLocation | null {
  for (const side of view.sides) {
    const anchor = side.anchorIndex === null ? undefined : side.frames[side.anchorIndex];
    const name = side.anchorName ?? anchor?.function ?? null;
    if (name !== null)
      return {
        logicalLocations: [logicalLocation(name, anchor?.function ?? null)],
        message: { text: sarifText(placedDescription(side, anchor)) },
      };
  }
  return null;
}

function linkText(view: GroupView, side: number): string {
  return headingAt(view.sides[side]!);
}

/**
 * The signature's title, the summary sentence, why it is a race, links to the other stacks,
 * the known issue.
 */
function resultMessage(view: GroupView, links: string): string {
  let text = `${sarifText(view.title)}. ${sarifText(view.summary)}`;
  if (view.why) text += ` ${sarifText(`Why: ${whySentence(view.why)}`)}`;
  if (links) text += ` See ${links}.`;
  if (view.known) {
    const title = view.known.title ? `: ${view.known.title}` : '';
    text += ` ${sarifText(`Known issue ${view.known.id}${title}.`)}`;
  }
  return text;
}

function resultProperties(view: GroupView): PropertyBag {
  const properties: Record<string, JsonValue> = {
    groupId: view.id,
    signature: view.signature,
    kind: view.kind,
    count: view.count,
    runtimes: [...view.runtimes],
    inputs: view.inputs.map((i) => ({ file: i.file, reports: i.reports })),
  };
  if (view.truncated > 0) properties.truncatedReports = view.truncated;
  if (view.suppressedReports > 0) properties.suppressedReports = view.suppressedReports;
  if (view.known) properties.knownIssue = { ...view.known };
  if (view.why) properties.why = { version: view.why.version, patterns: [...view.why.patterns] };
  if (view.state !== 'new') properties.state = view.state;
  if (view.decisions.length > 0)
    properties.decisions = view.decisions.map((d) => ({
      ...d.decision,
      by: d.by,
      at: d.at,
    })) as JsonValue;
  if (view.related.length > 0)
    properties.related = view.related.map((r) => ({
      to: r.to,
      id: r.id,
      kind: r.kind,
      score: r.score,
    }));
  return properties;
}

/**
 * A suppressions file's entry, and an ignore decision (its reason as the justification): both
 * `external` (kept outside the source), accepted, so code scanning shows them as dismissed.
 */
function suppressionsOf(view: GroupView): SarifSuppression[] {
  const list: SarifSuppression[] = [];
  if (view.suppressedBy)
    list.push({
      kind: 'external',
      status: 'accepted',
      justification: `Suppressed by ${view.suppressedBy.file}:${view.suppressedBy.line} (${view.suppressedBy.type}:${view.suppressedBy.pattern}).`,
    });
  if (view.state === 'ignored')
    for (const d of view.decisions)
      if (d.decision.kind === 'ignored')
        list.push({
          kind: 'external',
          status: 'accepted',
          justification: `Ignored by ${d.by}: ${d.decision.reason}${d.decision.until ? ` (until ${d.decision.until})` : ''}`,
        });
  return list;
}

/** Kept before: regressed, new, then known, suppressed or ignored; errors; triage order. */
function priorityOf(view: GroupView, index: number): number[] {
  const status =
    view.state === 'regressed'
      ? -1
      : view.suppressedBy || view.state === 'ignored'
        ? 2
        : view.state !== 'new'
          ? 1
          : 0;
  const level = ruleLevel(view.report.kindId) === 'error' ? 0 : 1;
  return [status, level, index];
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A known issue's address, when it is an http(s) URL (it comes from a user's file). */
function workItemUri(url: string | null): string | null {
  if (url === null) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Problems reading the logs (cut reports, fragments, runtime errors) as tool notifications. */
function diagnosticNotifications(
  diagnostics: readonly DiagnosticRecord[],
  total: number,
): SarifNotification[] {
  const notes: SarifNotification[] = diagnostics.slice(0, SHOWN_DIAGNOSTICS).map((d) => ({
    level: d.code === 'input-error' || d.code === 'runtime-message' ? 'warning' : 'note',
    message: { text: `${d.file}:${d.line}: ${d.message}` },
    descriptor: { id: d.code },
  }));
  const unlisted = total - notes.length;
  if (unlisted > 0)
    notes.push({
      level: 'note',
      message: {
        text: `${unlisted} diagnostic${unlisted === 1 ? '' : 's'} not listed here (inside reports, or past the first ${SHOWN_DIAGNOSTICS}); racelens parse --json lists them all.`,
      },
      descriptor: { id: 'racelens/more-diagnostics' },
    });
  return notes;
}
