import {
  GATE_STATUSES,
  type GateBaseline,
  type GateStatus,
  type GateVerdict,
} from '../triage/gate-verdict.js';

const STATUS_WORDS: Readonly<Record<GateStatus, string>> = {
  new: 'new',
  baseline: 'in the baseline',
  suppressed: 'suppressed',
  known: 'known',
};

/** The verdict first, then each new group (id, title, first place), then the counts. */
export function gateToText(verdict: GateVerdict, baseline: GateBaseline): string {
  const against = `${baseline.kind} ${baseline.name}, ${baseline.runs} run${baseline.runs === 1 ? '' : 's'}`;
  const lines: string[] = [];
  if (verdict.passed) {
    lines.push(`gate passed: no new group (baseline: ${against})`);
  } else {
    const n = verdict.counts.new;
    lines.push(
      `gate failed: ${n} new group${n === 1 ? '' : 's'} not in the baseline (${against}):`,
    );
    for (const { triaged, status } of verdict.groups) {
      if (status !== 'new') continue;
      const { group } = triaged;
      const first = group.occurrences[Symbol.iterator]().next().value;
      lines.push(`${group.signature.id}  ${group.signature.title}`);
      lines.push(
        `    ${group.count} report${group.count === 1 ? '' : 's'}, first at ${first ? `${first.file}:${first.line}` : '?'}`,
      );
    }
  }
  const total = verdict.groups.length;
  lines.push(
    total === 0
      ? 'no ThreadSanitizer report in the inputs'
      : `${total} group${total === 1 ? '' : 's'}: ${GATE_STATUSES.map((s) => `${verdict.counts[s]} ${STATUS_WORDS[s]}`).join(', ')}`,
  );
  return `${lines.join('\n')}\n`;
}
