import { describeDecision } from '../decide/decision.js';
import type { GroupView } from './group-view.js';
import type { RenderContext } from './report-format.js';
import { openTag, type XmlText, xmlText } from './xml-text.js';

/**
 * The triage result as JUnit XML, for CI systems that show test reports: one `<testsuite>` per
 * report kind, one `<testcase>` per group. A CI fails on new findings only:
 *
 * - a group neither suppressed nor known fails (`<failure>`: the summary, then the report), and
 *   so does a regressed one (decided fixed, or its issue closed, and seen again);
 * - a group an ignore decision holds for is `<skipped>` with the reason;
 * - a group every report of which the suppressions given suppress is `<skipped>`, naming the
 *   entry; a group matching a known issue is `<skipped>` too, naming the issue: both are
 *   already accounted for, and a build should not go red for them.
 *
 * The shape follows Jenkins' junit-10.xsd (test/fixtures/schemas/junit-10.xsd), which GitLab,
 * GitHub test-report actions and Jenkins read. docs/reports.md describes it.
 */
export function renderJunit(ctx: RenderContext): string {
  const suites = new Map<string, GroupView[]>();
  for (const view of ctx.views) {
    const list = suites.get(view.kind);
    if (list) list.push(view);
    else suites.set(view.kind, [view]);
  }
  const failures = ctx.views.filter(fails).length;
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(
    `${openTag('testsuites', {
      name: 'racelens',
      tests: ctx.views.length,
      failures,
      errors: 0,
      time: 0,
    })}${suites.size === 0 ? '/>' : '>'}`,
  );
  // Ant's format: local time without a zone; racelens writes UTC.
  const timestamp = ctx.generatedAt.toISOString().slice(0, 19);
  for (const [kind, views] of suites) {
    const failed = views.filter(fails).length;
    lines.push(
      `  ${openTag('testsuite', {
        name: `ThreadSanitizer: ${kind}`,
        tests: views.length,
        failures: failed,
        errors: 0,
        skipped: views.length - failed,
        time: 0,
        timestamp,
      })}>`,
    );
    for (const view of views) lines.push(...testcase(view));
    lines.push('  </testsuite>');
  }
  if (suites.size > 0) lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}

/** New and regressed findings fail; suppressed, ignored, known and fixed ones are skipped. */
function fails(view: GroupView): boolean {
  return view.suppressedBy === null && (view.state === 'new' || view.state === 'regressed');
}

function testcase(view: GroupView): string[] {
  const lines = [
    `    ${openTag('testcase', {
      // The id keeps names unique: CI tools merge test cases that share a class and name.
      name: `${view.title} [${view.id}]`,
      classname: `racelens.${view.kindId}`,
      time: 0,
    })}>`,
  ];
  if (fails(view)) {
    lines.push(
      `      ${openTag('failure', { message: view.summary, type: view.kind })}>${failureText(view)}</failure>`,
    );
  } else {
    lines.push(`      ${openTag('skipped', { message: skipReason(view) })}/>`);
  }
  lines.push(`      <system-out>${occurrencesText(view)}</system-out>`);
  lines.push('    </testcase>');
  return lines;
}

/** The issue title, the summary, the signature and counts, then the report as TSan prints it. */
function failureText(view: GroupView): XmlText {
  const parts = [view.issueTitle, '', view.summary, '', `Signature: ${view.signature}`];
  if (view.state === 'regressed')
    parts.unshift('REGRESSED: decided fixed (or its issue closed), and seen again.', '');
  for (const d of view.decisions) parts.push(`Decided: ${describeDecision(d.decision)} (${d.by})`);
  let seen = `Group ${view.id}: ${view.count} report${view.count === 1 ? '' : 's'}`;
  if (view.truncated > 0) seen += ` (${view.truncated} cut short)`;
  if (view.runtimes.length > 0) seen += `, runtime ${view.runtimes.join(', ')}`;
  parts.push(seen);
  if (view.suppressedReports > 0)
    parts.push(`${view.suppressedReports} of them suppressed by the suppressions given.`);
  for (const related of view.related)
    parts.push(
      `Related ${related.to === 'known' ? 'known issue' : 'group'} ${related.id}: ${related.explanation}`,
    );
  parts.push('', view.reportText);
  return xmlText(parts.join('\n'));
}

function skipReason(view: GroupView): string {
  const reasons: string[] = [];
  for (const d of view.decisions)
    if (d.decision.kind === 'ignored' || view.known === null)
      reasons.push(`${describeDecision(d.decision)} (${d.by})`);
  if (view.known) {
    const title = view.known.title ? `: ${view.known.title}` : '';
    const url = view.known.url ? ` (${view.known.url})` : '';
    reasons.push(`known issue ${view.known.id}${title}${url}`);
  }
  if (view.suppressedBy) {
    const by = view.suppressedBy;
    reasons.push(`suppressed by ${by.file}:${by.line} ${by.type}:${by.pattern}`);
  }
  return reasons.join('; ');
}

/** Where the group's reports were read, one `file:line` a line. */
function occurrencesText(view: GroupView): XmlText {
  const lines = view.occurrences.map((o) => `${o.file}:${o.line}`);
  const more = view.count - view.occurrences.length;
  if (more > 0) lines.push(`... and ${more} more`);
  return xmlText(lines.join('\n'));
}
