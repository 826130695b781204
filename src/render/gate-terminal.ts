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
  regressed: 'regressed',
  ignored: 'ignored',
};

/** Counted only when some group has them: most projects decide nothing. */
const DECIDED: ReadonlySet<GateStatus> = new Set(['regressed', 'ignored']);

/** The verdict first, then each new group (id, title, first place), then the counts. */
export function gateToText(verdict: GateVerdict, baseline: GateBaseline): string {
  const against = `${baseline.kind} ${baseline.name}, ${baseline.runs} run${baseline.runs === 1 ? '' : 's'}`;
  const lines: string[] = [];
  const failing = verdict.failOn.filter((s) => verdict.counts[s] > 0);
  if (failing.length === 0) {
    const what = verdict.failOn.includes('new') ? 'new' : verdict.failOn.join(' or ');
    lines.push(`gate passed: no ${what} group (baseline: ${against})`);
  }
  // Each failing status listed apart: a regression is another job than a new race.
  for (const wanted of failing) {
    const n = verdict.counts[wanted];
    const groups = `${n} ${wanted} group${n === 1 ? '' : 's'}`;
    lines.push(
      wanted === 'new'
        ? `gate failed: ${groups} not in the baseline (${against}):`
        : `gate failed: ${groups}, decided fixed (or issue closed) and seen again:`,
    );
    for (const { triaged, status } of verdict.groups) {
      if (status !== wanted) continue;
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
      : `${total} group${total === 1 ? '' : 's'}: ${GATE_STATUSES.filter(
          (s) => verdict.counts[s] > 0 || !DECIDED.has(s),
        )
          .map((s) => `${verdict.counts[s]} ${STATUS_WORDS[s]}`)
          .join(', ')}`,
  );
  return `${lines.join('\n')}\n`;
}
