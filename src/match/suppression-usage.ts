import type { Report, SuppressionHitsRecord } from '../model/report.js';
import type { SuppressionEntry } from './suppression-file.js';
import { type SuppressionFinding, where } from './suppression-lint.js';
import { type SuppressionMatcher, suppressionType } from './suppression-matcher.js';

/** What the logs say about one entry. */
export interface EntryUsage {
  readonly entry: SuppressionEntry;
  /** Reports this entry would suppress were it the file's only entry. */
  reports: number;
  /** Reports the runtime would credit to this entry with the whole file in force. */
  credited: number;
  /** Groups (signature ids) among the reports it would suppress; bounded. */
  readonly groups: Set<string>;
  /** Hits the runtime itself counted (print_suppressions=1 blocks); null when none were read. */
  runtimeHits: number | null;
  /** The entry credited instead, for reports this one matches but is not credited for. */
  readonly creditedInstead: Map<SuppressionEntry, number>;
  /** Reports it matches only under one of clang's two interceptor aliases (undecidable). */
  aliasDependent: number;
}

/** Groups remembered per entry: enough to name them, bounded for huge logs. */
const MAX_GROUPS_PER_ENTRY = 1000;

/**
 * Tallies, over the reports of some logs, which entries match which reports and groups, and
 * the runtime's own hit counts; then judges each entry (stale, shadowed, too broad).
 */
export class SuppressionUsage {
  private readonly usage = new Map<SuppressionEntry, EntryUsage>();
  private readonly hitsByText = new Map<string, SuppressionEntry>();
  /** Hits the runtime counted for entries that are not in the checked file. */
  readonly foreignHits = new Map<string, number>();
  reports = 0;
  runtimeBlocks = 0;
  private readonly families = new Set<string>();

  constructor(private readonly matcher: SuppressionMatcher) {
    for (const entry of matcher.entries) {
      this.usage.set(entry, {
        entry,
        reports: 0,
        credited: 0,
        groups: new Set(),
        runtimeHits: null,
        creditedInstead: new Map(),
        aliasDependent: 0,
      });
      // The runtime lists hits by `type:pattern`; duplicates never get any, the first does.
      const text = `${entry.type}:${entry.pattern}`;
      if (!this.hitsByText.has(text)) this.hitsByText.set(text, entry);
    }
  }

  addReport(report: Report, groupId: string): void {
    this.reports++;
    const type = suppressionType(report);
    if (type !== null) this.families.add(type);
    for (const entry of this.matcher.uncertainEntries(report))
      this.usage.get(entry)!.aliasDependent++;
    const matching = this.matcher.matchingEntries(report);
    if (matching.length === 0) return;
    const credited = this.matcher.creditedEntry(report);
    for (const entry of matching) {
      const usage = this.usage.get(entry)!;
      usage.reports++;
      if (usage.groups.size < MAX_GROUPS_PER_ENTRY) usage.groups.add(groupId);
      if (entry === credited) usage.credited++;
      else if (credited)
        usage.creditedInstead.set(credited, (usage.creditedInstead.get(credited) ?? 0) + 1);
    }
  }

  addRuntimeHits(record: SuppressionHitsRecord): void {
    this.runtimeBlocks++;
    for (const hit of record.hits) {
      const text = `${hit.type}:${hit.pattern}`;
      const entry = this.hitsByText.get(text);
      if (!entry) {
        this.foreignHits.set(text, (this.foreignHits.get(text) ?? 0) + hit.count);
        continue;
      }
      const usage = this.usage.get(entry)!;
      usage.runtimeHits = (usage.runtimeHits ?? 0) + hit.count;
    }
  }

  get entries(): readonly EntryUsage[] {
    return [...this.usage.values()];
  }

  /** Judgements that need the logs: stale, shadowed, too broad. */
  findings(): SuppressionFinding[] {
    const findings: SuppressionFinding[] = [];
    for (const usage of this.usage.values()) {
      const { entry } = usage;
      if (entry.type === 'called_from_lib') continue;
      const text = `${entry.type}:${entry.pattern}`;
      const base = { file: entry.file, line: entry.line };
      if (usage.aliasDependent > 0) {
        findings.push({
          ...base,
          severity: 'warning',
          code: 'alias-dependent',
          message: `${text} matches an interceptor frame of ${usage.aliasDependent} report${usage.aliasDependent === 1 ? '' : 's'} only under one of its two symbols in clang's runtime (__interceptor_X, ___interceptor_X); which one the runtime symbolizes is not in the log, so whether it suppresses them cannot be told: match the name without anchoring the underscores`,
        });
      }
      if (usage.reports === 0 && !usage.runtimeHits && usage.aliasDependent === 0) {
        const family = entry.type === 'race_top' ? 'race' : entry.type;
        const why = !this.families.has(family)
          ? ` (these logs hold no ${family} report at all)`
          : this.runtimeBlocks === 0
            ? ' (these logs hold no print_suppressions=1 block, so hits the runtime counted while this file was in force are unknown)'
            : '';
        findings.push({
          ...base,
          severity: 'warning',
          code: 'stale',
          message: `${text} matches none of the ${this.reports} reports and the runtime counted no hit for it: a candidate for removal${why}`,
        });
        continue;
      }
      if (usage.reports > 0 && usage.credited === 0 && usage.creditedInstead.size > 0) {
        const [other] = [...usage.creditedInstead.entries()].sort((a, b) => b[1] - a[1])[0]!;
        findings.push({
          ...base,
          severity: 'note',
          code: 'shadowed',
          message: `${text} matches ${usage.reports} report${usage.reports === 1 ? '' : 's'}, but the runtime would credit ${other.type}:${other.pattern} (${where(other)})${usage.creditedInstead.size > 1 ? ' and others' : ''} for every one: it suppresses nothing on its own`,
          other: { file: other.file, line: other.line },
        });
      }
      if (entry.type === 'race' && usage.groups.size > 1) {
        findings.push({
          ...base,
          severity: 'warning',
          code: 'too-broad',
          message: `${text} suppresses ${usage.groups.size} distinct groups (${[...usage.groups].slice(0, 5).join(', ')}${usage.groups.size > 5 ? ', ...' : ''}): a new race through the same function would be hidden too; consider race_top: or a narrower pattern`,
        });
      }
    }
    return findings;
  }
}
