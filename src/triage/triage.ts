import type { ActiveDecision } from '../decide/decision.js';
import { type GroupState, groupState } from '../decide/group-state.js';
import type { Frame } from '../model/frame.js';
import {
  type DiagnosticRecord,
  PARSE_SCHEMA_VERSION,
  type ParseRecord,
  type Report,
} from '../model/report.js';
import { type Comparable, comparableReport } from './comparable.js';
import { type Config, DEFAULT_CONFIG } from './config.js';
import type { KnownSignatures, SuppressionCredit } from './contracts.js';
import { Group } from './group.js';
import { Informativeness } from './informativeness.js';
import { FrameRules } from './normalize-stack.js';
import { FileTable } from './occurrences.js';
import { type Relation, relate } from './related.js';
import type { SideFacts } from './side-facts.js';
import { computeSignature, legacySignature, signatureSides } from './signature.js';
import type { Why } from './why.js';

export interface KnownMatch {
  readonly id: string;
  readonly title: string | null;
  readonly url: string | null;
  readonly state: string | null;
}

/** A near-duplicate: another group of this triage, or a known issue. */
export interface RelatedEntry extends Relation {
  readonly to: 'group' | 'known';
  /** The group's short id, or the known issue's id. */
  readonly id: string;
  readonly title: string | null;
  readonly url: string | null;
}

export interface TriagedGroup {
  readonly group: Group;
  readonly known: KnownMatch | null;
  readonly related: readonly RelatedEntry[];
  /** Races: why this is a race (why.ts); null for other families. */
  readonly why: Why | null;
  /** Races: what the report states of each side, in print order (empty for other families). */
  readonly facts: readonly SideFacts[];
  /** Decisions that hold for the group (from a store: withDecisions), oldest first. */
  readonly decisions: readonly ActiveDecision[];
  /** new, known, ignored, fixed or regressed: computed by groupState (decide/group-state.ts). */
  readonly state: GroupState;
}

export interface TriageTotals {
  readonly reports: number;
  /** Report fragments without a headline, grouped like reports. */
  readonly fragments: number;
  readonly groups: number;
  /** Groups known (a known issue, or decisions: filed, duplicate, related, fixed), regressed ones too. */
  readonly known: number;
  /** Groups whose every report the given suppressions would suppress. */
  readonly suppressed: number;
  /** Groups neither known, decided nor suppressed. */
  readonly new: number;
  /** Of the known, those decided fixed (or whose issue is closed) and seen again. */
  readonly regressed: number;
  /** Groups an ignore decision holds for. */
  readonly ignored: number;
  readonly truncated: number;
  readonly diagnostics: number;
}

export interface TriageResult {
  readonly groups: readonly TriagedGroup[];
  readonly totals: TriageTotals;
  /** The first diagnostics outside reports (fragments, runtime messages); all are counted. */
  readonly diagnostics: readonly DiagnosticRecord[];
}

export interface TriageOptions {
  readonly config?: Config;
  readonly known?: readonly KnownSignatures[];
  /** Counts, per group, the reports these suppressions would suppress and by which entry. */
  readonly suppressions?: SuppressionCredit;
  /** Now, for states (a closed known issue seen now is regressed); the wall clock by default. */
  readonly now?: Date;
}

const KEPT_DIAGNOSTICS = 1000;
/** Identical frames two fragments must share to be one report cut in two places. */
const FRAGMENT_OVERLAP = 4;
const MAX_FRAGMENT_GROUPS = 1000;
/** Above this many groups, near-duplicates are found by shared anchors only, not all pairs. */
const ALL_PAIRS_LIMIT = 2000;

/**
 * Triage as a stream consumer: add records as they are parsed, then finish. Memory grows with
 * the number of groups (one representative report each) plus 8 bytes per occurrence.
 */
export class Triage {
  private readonly rules: FrameRules;
  private readonly groups = new Map<string, Group>();
  private readonly files = new FileTable();
  private readonly diagnostics: DiagnosticRecord[] = [];
  private readonly fragments: { readonly group: Group; readonly keys: ReadonlySet<string> }[] = [];
  private reports = 0;
  private fragmentCount = 0;
  private truncated = 0;
  private diagnosticCount = 0;

  constructor(private readonly options: TriageOptions = {}) {
    this.rules = new FrameRules(options.config ?? DEFAULT_CONFIG);
  }

  get frameRules(): FrameRules {
    return this.rules;
  }

  /** Takes one parse record; returns the group a report or fragment went to. */
  add(record: ParseRecord): Group | null {
    if (record.type === 'diagnostic') {
      this.diagnosticCount++;
      if (this.diagnostics.length < KEPT_DIAGNOSTICS) this.diagnostics.push(record);
      if (record.code === 'fragment' && record.frames && record.frames.length > 0)
        return this.addFragment(record);
      return null;
    }
    if (record.type === 'report') return this.addReport(record);
    return null;
  }

  /**
   * A report's tail with no headline (a log cut at its start, a paste of part of a stack).
   * Fragments that share FRAGMENT_OVERLAP identical frames (same number, function, place and
   * module offset: the same stack of the same build) are one group: the same report cut in two
   * places. Otherwise a fragment is its own group, named by its first meaningful frame.
   */
  private addFragment(record: DiagnosticRecord): Group {
    this.fragmentCount++;
    const frames = record.frames ?? [];
    const keys = new Set(frames.filter((f) => !f.damaged).map(frameKey));
    for (const known of this.fragments) {
      let shared = 0;
      for (const key of keys) if (known.keys.has(key) && ++shared >= FRAGMENT_OVERLAP) break;
      if (shared >= FRAGMENT_OVERLAP) {
        known.group.add(fragmentReport(record), null);
        return known.group;
      }
    }
    const { group, created } = this.place(fragmentReport(record));
    if (created && this.fragments.length < MAX_FRAGMENT_GROUPS)
      this.fragments.push({ group, keys });
    return group;
  }

  private addReport(report: Report): Group {
    this.reports++;
    if (report.truncated) this.truncated++;
    this.diagnosticCount += report.diagnostics.length;
    return this.place(report).group;
  }

  /** Adds a report to the group of its signature, opening the group on its first report. */
  private place(report: Report): { group: Group; created: boolean } {
    const sides = signatureSides(report, this.rules.forReport(report));
    const signature = computeSignature(report, sides);
    let group = this.groups.get(signature.text);
    const created = group === undefined;
    if (!group) {
      group = new Group(signature, report, sides.stacks, this.files);
      this.groups.set(signature.text, group);
    }
    group.add(report, this.options.suppressions?.creditedEntry(report) ?? null);
    return { group, created };
  }

  finish(): TriageResult {
    const groups = [...this.groups.values()].sort(
      (a, b) => b.count - a.count || a.signature.title.localeCompare(b.signature.title),
    );
    const comparables = new Map(groups.map((g) => [g, this.comparable(g)]));
    const info = new Informativeness([
      ...comparables.values(),
      ...(this.options.known ?? []).flatMap((issue) => issue.reports),
    ]);
    const related = this.relatedGroups(groups, comparables, info);
    const now = (this.options.now ?? new Date()).toISOString();
    const triaged = groups.map((group): TriagedGroup => {
      const known = this.knownMatch(group);
      const mine = comparables.get(group) as Comparable;
      const links = [
        ...(related.get(group) ?? []),
        ...(known ? [] : this.relatedKnown(mine, info)),
      ];
      const state = groupState({ decisions: [], known, lastSeen: now, now });
      return {
        group,
        known,
        related: links,
        why: mine.why,
        facts: mine.facts,
        decisions: [],
        state,
      };
    });
    return {
      groups: triaged,
      totals: totalsOf({ reports: this.reports, fragments: this.fragmentCount }, triaged, {
        truncated: this.truncated,
        diagnostics: this.diagnosticCount,
      }),
      diagnostics: this.diagnostics,
    };
  }

  private comparable(group: Group): Comparable {
    return comparableReport(group.report, this.rules, {
      sides: group.sides,
      signature: group.signature,
    });
  }

  private relatedGroups(
    groups: readonly Group[],
    comparables: ReadonlyMap<Group, Comparable>,
    info: Informativeness,
  ): Map<Group, RelatedEntry[]> {
    const links = new Map<Group, RelatedEntry[]>();
    const link = (from: Group, to: Group) => {
      // Each side reads the explanation from its own point of view ("differs: mine vs theirs").
      const relation = relate(
        comparables.get(from) as Comparable,
        comparables.get(to) as Comparable,
        info,
      );
      if (!relation) return;
      const entry: RelatedEntry = {
        ...relation,
        to: 'group',
        id: to.signature.id,
        title: to.signature.title,
        url: null,
      };
      links.set(from, [...(links.get(from) ?? []), entry]);
    };
    for (const [a, b] of candidatePairs(groups, comparables)) {
      link(a, b);
      link(b, a);
    }
    return links;
  }

  private knownMatch(group: Group): KnownMatch | null {
    // Lists written under signature v1 name v1 texts and ids: they match through the legacy form.
    const legacy = legacySignature(group.signature.text);
    const names = [group.signature.text, group.signature.id, legacy.text, legacy.id];
    for (const issue of this.options.known ?? []) {
      if (names.some((name) => issue.signatures.has(name))) {
        return { id: issue.id, title: issue.title, url: issue.url, state: issue.state };
      }
    }
    return null;
  }

  private relatedKnown(mine: Comparable, info: Informativeness): RelatedEntry[] {
    const entries: RelatedEntry[] = [];
    for (const issue of this.options.known ?? []) {
      let best: Relation | null = null;
      for (const theirs of issue.reports) {
        const relation = relate(mine, theirs, info);
        if (relation && (!best || relation.score > best.score)) best = relation;
      }
      if (best)
        entries.push({ ...best, to: 'known', id: issue.id, title: issue.title, url: issue.url });
    }
    return entries;
  }
}

/** The totals, in their published order, with those that follow from the groups' states. */
export function totalsOf(
  counts: Pick<TriageTotals, 'reports' | 'fragments'>,
  groups: readonly TriagedGroup[],
  rest: Pick<TriageTotals, 'truncated' | 'diagnostics'>,
): TriageTotals {
  const s = stateTotals(groups);
  return {
    reports: counts.reports,
    fragments: counts.fragments,
    groups: s.groups,
    known: s.known,
    suppressed: s.suppressed,
    new: s.new,
    truncated: rest.truncated,
    diagnostics: rest.diagnostics,
    regressed: s.regressed,
    ignored: s.ignored,
  };
}

/** The totals that follow from the groups' states (again after decisions are applied). */
export function stateTotals(
  groups: readonly TriagedGroup[],
): Pick<TriageTotals, 'groups' | 'known' | 'suppressed' | 'new' | 'regressed' | 'ignored'> {
  const count = (test: (t: TriagedGroup) => boolean) => groups.filter(test).length;
  return {
    groups: groups.length,
    known: count((t) => t.state !== 'new' && t.state !== 'ignored'),
    suppressed: count((t) => t.group.suppressedBy !== null),
    new: count((t) => t.state === 'new' && t.group.suppressedBy === null),
    regressed: count((t) => t.state === 'regressed'),
    ignored: count((t) => t.state === 'ignored'),
  };
}

/** Pairs worth comparing: all of them for a few groups, else those sharing an anchor or object. */
function* candidatePairs(
  groups: readonly Group[],
  comparables: ReadonlyMap<Group, Comparable>,
): Generator<[Group, Group]> {
  if (groups.length <= ALL_PAIRS_LIMIT) {
    for (let i = 0; i < groups.length; i++) {
      for (let j = i + 1; j < groups.length; j++) yield [groups[i]!, groups[j]!];
    }
    return;
  }
  const byAnchor = new Map<string, Group[]>();
  for (const group of groups) {
    const object = comparables.get(group)?.object?.key;
    for (const anchor of new Set([...group.signature.anchors, ...(object ? [object] : [])])) {
      const list = byAnchor.get(anchor) ?? [];
      if (list.length < 50) list.push(group);
      byAnchor.set(anchor, list);
    }
  }
  const seen = new Set<string>();
  for (const list of byAnchor.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const key = `${list[i]!.signature.id}|${list[j]!.signature.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        yield [list[i]!, list[j]!];
      }
    }
  }
}

function frameKey(frame: Frame): string {
  return `${frame.index}|${frame.function}|${frame.file}|${frame.line}|${frame.module}|${frame.offset}`;
}

/** A fragment as a report of its own kind, so that groups and renderers treat it alike. */
function fragmentReport(record: DiagnosticRecord): Report {
  return {
    type: 'report',
    schemaVersion: PARSE_SCHEMA_VERSION,
    kind: FRAGMENT_KIND,
    kindId: 'unknown',
    family: 'unknown',
    pid: null,
    runtime: 'unknown',
    source: { file: record.file, line: record.line, endLine: record.endLine ?? record.line },
    truncated: true,
    diagnostics: [],
    accesses: [],
    stacks: [{ role: 'headline', title: null, stackRestored: true, frames: record.frames ?? [] }],
    location: null,
    locations: [],
    threads: [],
    mutexes: [],
    cycle: null,
    similarThreadLeaks: null,
    summary: record.summary ?? null,
    summaryFunction: null,
  };
}

/** The kind a fragment's group shows: no headline was read. */
export const FRAGMENT_KIND = 'report fragment (headline missing)';
