import type { Suggestion } from '../match/suppression-suggest.js';

/** Version of the public JSON of `racelens suppressions suggest --json`. */
export const SUPPRESSIONS_SUGGEST_SCHEMA_VERSION = 1 as const;

/** A suppression-file fragment, ready to append: one commented line per group. */
export function suggestionsToText(
  suggestions: readonly Suggestion[],
  alreadySuppressed: number,
): string {
  const lines: string[] = [];
  for (const s of suggestions) {
    if (s.found) {
      lines.push(s.text.trimEnd());
      if (s.partial)
        lines.push(
          `# (verified against the ${s.verifiedShapes} distinct stacks kept of this group)`,
        );
    } else {
      lines.push(`# racelens ${s.target.id}: ${s.target.title}: no single line found: ${s.reason}`);
    }
  }
  const found = suggestions.filter((s) => s.found).length;
  const tail =
    alreadySuppressed > 0
      ? `; ${alreadySuppressed} group${alreadySuppressed === 1 ? ' was' : 's were'} already suppressed`
      : '';
  lines.push(
    `# ${found} of ${suggestions.length} unsuppressed group${suggestions.length === 1 ? '' : 's'} got a line${tail}`,
  );
  return `${lines.join('\n')}\n`;
}

export function suggestionsToJson(suggestions: readonly Suggestion[]): object {
  return {
    schemaVersion: SUPPRESSIONS_SUGGEST_SCHEMA_VERSION,
    suggestions: suggestions.map((s) => ({
      group: { id: s.target.id, title: s.target.title, count: s.target.count },
      ...(s.found
        ? {
            found: true,
            type: s.type,
            pattern: s.pattern,
            line: `${s.type}:${s.pattern}`,
            verifiedShapes: s.verifiedShapes,
            partial: s.partial,
          }
        : { found: false, reason: s.reason }),
    })),
  };
}
