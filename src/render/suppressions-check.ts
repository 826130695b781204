import type { SuppressionFinding } from '../match/suppression-lint.js';
import type { SuppressionUsage } from '../match/suppression-usage.js';
import { entryRef } from './triage-json.js';

/** Version of the public JSON of `racelens suppressions check --json`. */
export const SUPPRESSIONS_CHECK_SCHEMA_VERSION = 1 as const;

export interface SuppressionCheck {
  readonly file: string;
  readonly logs: readonly string[];
  readonly usage: SuppressionUsage;
  readonly findings: readonly SuppressionFinding[];
  /** Group titles by signature id. */
  readonly titles: ReadonlyMap<string, string>;
}

export function checkToText(check: SuppressionCheck): string {
  const lines: string[] = [];
  const { usage } = check;
  const count = (severity: string) => check.findings.filter((f) => f.severity === severity).length;
  lines.push(
    `${check.file}: ${usage.entries.length} entries; ${count('error')} errors, ${count('warning')} warnings, ${count('note')} notes`,
  );
  if (check.logs.length > 0) {
    const hits =
      usage.runtimeBlocks > 0
        ? `${usage.runtimeBlocks} print_suppressions=1 block${usage.runtimeBlocks === 1 ? '' : 's'} read`
        : 'no print_suppressions=1 block in them, so hits the runtime counted are unknown';
    lines.push(
      `  checked against ${usage.reports} report${usage.reports === 1 ? '' : 's'} in ${check.titles.size} group${check.titles.size === 1 ? '' : 's'} (${hits})`,
    );
  } else {
    lines.push('  no --logs given: only the file itself was checked');
  }
  const stale = check.findings.filter((f) => f.code === 'stale');
  const others = check.findings.filter((f) => f.code !== 'stale');
  if (others.length > 0) lines.push('');
  for (const f of others) lines.push(`${f.file}:${f.line}: ${f.severity}: ${f.code}: ${f.message}`);
  if (stale.length > 0) {
    // One line each: a long file checked against a short log makes many, and they say one thing.
    lines.push(
      '',
      `stale candidates: ${stale.length} entr${stale.length === 1 ? 'y matches' : 'ies match'} no report in these logs and had no runtime hit${usage.runtimeBlocks === 0 ? ' (run with TSAN_OPTIONS=print_suppressions=1 and check those logs to count real hits)' : ''}:`,
    );
    const byLine = new Map(usage.entries.map((u) => [`${u.entry.file}:${u.entry.line}`, u.entry]));
    for (const f of stale) {
      const entry = byLine.get(`${f.file}:${f.line}`);
      lines.push(`${f.file}:${f.line}: ${entry ? `${entry.type}:${entry.pattern}` : ''}`);
    }
  }
  const used = usage.entries.filter((u) => u.reports > 0 || (u.runtimeHits ?? 0) > 0);
  if (used.length > 0) {
    lines.push(
      '',
      'entries that match (reports it would suppress alone / credited with the whole file / runtime hits):',
    );
    for (const u of used) {
      const groups = [...u.groups].map((id) => `${id} ${check.titles.get(id) ?? ''}`.trim());
      lines.push(
        `  ${u.entry.file}:${u.entry.line} ${u.entry.type}:${u.entry.pattern}  ${u.reports} / ${u.credited} / ${u.runtimeHits ?? '-'}`,
      );
      for (const group of groups.slice(0, 5)) lines.push(`      ${group}`);
      if (groups.length > 5) lines.push(`      ... and ${groups.length - 5} more groups`);
    }
  }
  if (usage.foreignHits.size > 0) {
    lines.push('', 'the runtime counted hits for entries that are not in this file:');
    for (const [text, hits] of usage.foreignHits) lines.push(`  ${hits} ${text}`);
  }
  return `${lines.join('\n')}\n`;
}

export function checkToJson(check: SuppressionCheck): object {
  return {
    schemaVersion: SUPPRESSIONS_CHECK_SCHEMA_VERSION,
    file: check.file,
    logs: check.logs,
    totals: {
      entries: check.usage.entries.length,
      reports: check.usage.reports,
      groups: check.titles.size,
      runtimeBlocks: check.usage.runtimeBlocks,
      errors: check.findings.filter((f) => f.severity === 'error').length,
      warnings: check.findings.filter((f) => f.severity === 'warning').length,
      notes: check.findings.filter((f) => f.severity === 'note').length,
    },
    entries: check.usage.entries.map((u) => ({
      ...entryRef(u.entry),
      reports: u.reports,
      credited: u.credited,
      runtimeHits: u.runtimeHits,
      groups: [...u.groups].map((id) => ({ id, title: check.titles.get(id) ?? null })),
    })),
    findings: check.findings,
    foreignHits: [...check.usage.foreignHits].map(([entry, hits]) => ({ entry, hits })),
  };
}
