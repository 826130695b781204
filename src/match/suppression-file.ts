/** The suppression types TSan accepts (tsan_suppressions.cpp). */
export const SUPPRESSION_TYPES = [
  'race',
  'race_top',
  'mutex',
  'thread',
  'signal',
  'called_from_lib',
  'deadlock',
] as const;

export type SuppressionType = (typeof SUPPRESSION_TYPES)[number];

export interface SuppressionEntry {
  readonly type: SuppressionType;
  /** Taken verbatim after the colon: leading spaces count, `#` is not a comment here. */
  readonly pattern: string;
  readonly file: string;
  /** 1-based line in the file. */
  readonly line: number;
}

export interface SuppressionProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
  /** The runtime refuses the whole file for it (`failed to parse suppressions`, then exits). */
  readonly refusesFile: boolean;
}

export interface SuppressionFile {
  readonly entries: readonly SuppressionEntry[];
  /** Lines the runtime would refuse (it dies: `failed to parse suppressions`). */
  readonly problems: readonly SuppressionProblem[];
}

/**
 * Reads a suppression file as the runtime does: leading spaces and tabs skipped, blank lines
 * and lines starting with `#` ignored, trailing spaces, tabs and CRs trimmed, then
 * `<type>:<pattern>` with an exact type and no inline comments.
 */
export function parseSuppressions(text: string, file: string): SuppressionFile {
  const entries: SuppressionEntry[] = [];
  const problems: SuppressionProblem[] = [];
  // The runtime parses the file as a C string: a NUL byte ends it.
  const nul = text.indexOf('\0');
  const readable = nul === -1 ? text : text.slice(0, nul);
  const lines = readable.split('\n');
  if (nul !== -1) {
    problems.push({
      file,
      line: lines.length,
      message: `NUL byte (binary content?): the runtime reads a suppression file as a C string and ignores everything from here on`,
      refusesFile: false,
    });
  }
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/^[ \t]+/, '').replace(/[ \t\r]+$/, '');
    if (line.length === 0 || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    const type = colon === -1 ? line : line.slice(0, colon);
    if (colon === -1 || !(SUPPRESSION_TYPES as readonly string[]).includes(type)) {
      const what =
        colon === -1
          ? 'no colon'
          : `unknown type "${type.length > 40 ? `${type.slice(0, 40)}...` : type}"`;
      problems.push({
        file,
        line: i + 1,
        message: `not a suppression (${what}): expected <type>:<pattern> with type one of ${SUPPRESSION_TYPES.join(', ')}; the runtime refuses the whole file ("failed to parse suppressions")`,
        refusesFile: true,
      });
      continue;
    }
    entries.push({
      type: type as SuppressionType,
      pattern: line.slice(colon + 1),
      file,
      line: i + 1,
    });
  }
  return { entries, problems };
}

/** Where the runtime's own entries are said to come from. */
export const BUILTIN_SUPPRESSIONS_FILE = '<tsan built-in>';

/**
 * Entries every TSan runtime adds after the user's file (std_suppressions in
 * tsan_suppressions.cpp): benign races inside old libstdc++ internals.
 */
export const BUILTIN_SUPPRESSIONS: readonly SuppressionEntry[] = parseSuppressions(
  'race:^_M_rep$\nrace:^_M_is_leaked$\nrace:std::_Sp_counted_ptr_inplace<std::thread::_Impl\n',
  BUILTIN_SUPPRESSIONS_FILE,
).entries;
