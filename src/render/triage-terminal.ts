import { describeDecision } from '../decide/decision.js';
import type { SeenBefore } from '../store/store.js';
import type { CreditedEntry } from '../triage/contracts.js';
import type { TriageResult } from '../triage/triage.js';
import { whySentence } from '../triage/why.js';
import { groupProgramFrames, programFramesText } from './program-frames.js';
import { PLAIN_STYLE, type TerminalStyle } from './terminal-style.js';

/**
 * Groups by count: short id, title, count, first seen, and what they are known or related as.
 * With `seenBefore` (a history store exists), whether earlier runs saw each group.
 */
export function triageToText(
  result: TriageResult,
  seenBefore?: ReadonlyMap<string, SeenBefore>,
  style: TerminalStyle = PLAIN_STYLE,
): string {
  const lines: string[] = [];
  const suppressed = result.groups.filter((t) => t.group.suppressedBy !== null);
  for (const { group, known, related, why, state, decisions } of result.groups) {
    if (group.suppressedBy !== null) continue;
    const first = group.occurrences[Symbol.iterator]().next().value;
    const where = first ? style.link(`${first.file}:${first.line}`, first.file) : '?';
    const count = `${group.count} report${group.count === 1 ? '' : 's'}`;
    const flags = [
      group.signature.degraded ? 'incomplete' : null,
      group.truncated > 0 ? `${group.truncated} cut short` : null,
    ]
      .filter((f) => f !== null)
      .join(', ');
    // A state other than new is said up front: what a triager would ask first.
    const tag =
      state === 'new'
        ? ''
        : `${(state === 'regressed' ? style.fresh : style.known)(`[${state.toUpperCase()}]`)} `;
    lines.push(`${style.id(group.signature.id)}  ${tag}${style.title(group.signature.title)}`);
    lines.push(`    ${count}, first at ${where}${flags ? ` (${flags})` : ''}`);
    if (seenBefore) {
      const seen = seenBefore.get(group.signature.text);
      lines.push(`    ${(seen ? style.dim : style.fresh)(seenBeforeText(seen))}`);
    }
    const anchors = groupProgramFrames(group);
    if (anchors.length > 0) lines.push(`    at ${programFramesText(anchors)}`);
    if (why) lines.push(`    why: ${whySentence(why)}`);
    if (known)
      lines.push(
        `    ${style.known('known:')} ${known.id}${known.title ? ` ${known.title}` : ''}${known.url ? ` <${known.url}>` : ''}`,
      );
    for (const d of decisions)
      lines.push(
        `    decided: ${describeDecision(d.decision)} (${d.by}${d.at ? `, ${d.at.slice(0, 10)}` : ''})`,
      );
    for (const link of related) {
      const target = link.to === 'known' ? link.id : `${link.id} (${link.title})`;
      lines.push(
        `    related: ${target}: ${link.kind} (${link.score.toFixed(2)}): ${link.explanation}`,
      );
    }
    if (group.suppressedReports > 0) {
      lines.push(
        `    ${group.suppressedReports} of ${group.count} reports suppressed by ${[...group.suppressions.keys()].map(entryText).join(', ')}`,
      );
    }
  }
  if (suppressed.length > 0) {
    lines.push('', `suppressed (${suppressed.length} group${suppressed.length === 1 ? '' : 's'}):`);
    for (const { group } of suppressed) {
      const count = `${group.count} report${group.count === 1 ? '' : 's'}`;
      lines.push(`${style.dim(group.signature.id)}  ${style.dim(group.signature.title)}`);
      lines.push(
        `    ${count}, suppressed by ${[...group.suppressions.keys()].map(entryText).join(', ')}`,
      );
    }
  }
  const t = result.totals;
  const fragments =
    t.fragments > 0
      ? `, ${t.fragments} fragment${t.fragments === 1 ? '' : 's'} without a headline`
      : '';
  if (t.reports === 0 && t.fragments === 0) {
    lines.push(
      t.diagnostics > 0
        ? `no complete ThreadSanitizer report found (${t.diagnostics} diagnostic${t.diagnostics === 1 ? '' : 's'}: run racelens parse for details)`
        : 'no ThreadSanitizer report found',
    );
  } else {
    lines.push(
      `${t.reports} report${t.reports === 1 ? '' : 's'}${fragments} in ${t.groups} group${t.groups === 1 ? '' : 's'}: ${t.new > 0 ? style.fresh(`${t.new} new`) : `${t.new} new`}, ${style.known(`${t.known} known`)}${t.regressed > 0 ? `, ${style.fresh(`${t.regressed} regressed`)}` : ''}${t.ignored > 0 ? `, ${t.ignored} ignored` : ''}${t.suppressed > 0 ? `, ${t.suppressed} suppressed` : ''}${t.truncated > 0 ? `; ${t.truncated} cut short` : ''}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** `seen before in 3 runs since 2024-05-01`, or that no run recorded in the store saw it. */
export function seenBeforeText(seen: SeenBefore | undefined): string {
  if (!seen) return 'new: not seen in any earlier run';
  return `seen before in ${seen.runs} run${seen.runs === 1 ? '' : 's'} since ${seen.since.slice(0, 10)}`;
}

/** `file:line type:pattern`, as people find the entry in their file. */
export function entryText(entry: CreditedEntry): string {
  return `${entry.file}:${entry.line} ${entry.type}:${entry.pattern}`;
}
