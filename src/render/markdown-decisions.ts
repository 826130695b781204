import type { ActiveDecision } from '../decide/decision.js';
import type { GroupState } from '../decide/group-state.js';
import type { GroupView } from './group-view.js';
import { type Markdown, md, mdCode, mdLink } from './markdown-text.js';

/** What a state other than new says first in the "Known and related issues" section. */
const STATE_LINES: Readonly<Record<Exclude<GroupState, 'new'>, string>> = {
  known: 'Known',
  ignored: 'Ignored',
  fixed: 'Fixed',
  regressed: 'Regressed: decided fixed (or its issue closed), and seen again',
};

/** The group's state and the decisions that hold, one bullet each, log text escaped. */
export function decisionLines(view: GroupView): Markdown[] {
  if (view.decisions.length === 0) return [];
  const lines: Markdown[] = [];
  if (view.state !== 'new') lines.push(md`- **${STATE_LINES[view.state]}.**`);
  for (const d of view.decisions) lines.push(md`- ${decisionText(d)}${whoText(d)}.`);
  return lines;
}

function decisionText(d: ActiveDecision): Markdown {
  const decision = d.decision;
  switch (decision.kind) {
    case 'filed': {
      const link = mdLink(
        md`${decision.ref}`,
        /^https?:\/\//.test(decision.ref) ? decision.ref : null,
      );
      const title = decision.title ? md`: ${decision.title}` : null;
      return md`Filed as ${link} (${decision.state})${title}`;
    }
    case 'duplicate-of':
      return md`Duplicate of group ${mdCode(decision.group)}`;
    case 'related-to':
      return md`Related to ${mdCode(decision.target)}`;
    case 'ignored':
      return md`Ignored: ${decision.reason}${decision.until ? md` (until ${decision.until})` : null}`;
    case 'fixed':
      return decision.in ? md`Fixed in ${mdCode(decision.in)}` : md`Fixed`;
  }
}

function whoText(d: ActiveDecision): Markdown {
  return d.at ? md` (${d.by}, ${d.at.slice(0, 10)})` : md` (${d.by})`;
}
