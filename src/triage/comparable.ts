import type { Report } from '../model/report.js';
import type { NormalFrame, StackNormalizer } from './normalize-stack.js';
import { type ObjectIdentity, objectIdentity } from './object-identity.js';
import { type SideFacts, sideFactsOf } from './side-facts.js';
import { computeSignature, type Signature, signatureSides } from './signature.js';
import type { TeardownRule } from './teardown.js';
import { classifyWhy, type Why } from './why.js';

/** What relating two reports needs: a group's representative, or a known issue's report. */
export interface Comparable {
  readonly signature: Signature;
  readonly kindId: string;
  /** Meaningful frames, one stack per side (signature order = print order). */
  readonly sides: readonly (readonly NormalFrame[])[];
  /** Races: what the report states of each side (empty for other families). */
  readonly facts: readonly SideFacts[];
  readonly object: ObjectIdentity | null;
  /**
   * Cut short, or a stack cut mid-line or not restored: what the report does not show is
   * unknown, not different.
   */
  readonly incomplete: boolean;
  /** Races: why it is a race (why.ts); null for other families. */
  readonly why: Why | null;
}

/** The frame rules a comparison reads a report with (FrameRules implements it). */
export interface ReportRules {
  forReport(report: Report): StackNormalizer;
  teardownFor(report: Report): TeardownRule;
}

/** A report as a Comparable; `sides` and `signature` when the caller has them already. */
export function comparableReport(
  report: Report,
  rules: ReportRules,
  known?: { readonly sides: readonly (readonly NormalFrame[])[]; readonly signature: Signature },
): Comparable {
  const normalizer = rules.forReport(report);
  let sides = known?.sides;
  let signature = known?.signature;
  if (!sides || !signature) {
    const computed = signatureSides(report, normalizer);
    sides = computed.stacks;
    signature = computeSignature(report, computed);
  }
  const facts = sideFactsOf(report, rules.teardownFor(report));
  return {
    signature,
    kindId: report.kindId,
    sides,
    facts,
    object: objectIdentity(report, normalizer),
    incomplete: isIncomplete(report),
    why: classifyWhy({ report, facts, anchors: signature.sideAnchors }),
  };
}

function isIncomplete(report: Report): boolean {
  if (report.truncated) return true;
  return report.accesses.some((a) => !a.stackRestored || a.frames.some((f) => f.damaged));
}
