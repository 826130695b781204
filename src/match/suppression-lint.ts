import { isInterceptedName } from '../triage/runtime-frames.js';
import type { SuppressionEntry, SuppressionFile } from './suppression-file.js';
import { templateMatches } from './template-match.js';

export type FindingSeverity = 'error' | 'warning' | 'note';

export const FINDING_CODES = [
  /** A line the runtime refuses: it then refuses the whole file. */
  'unparsable',
  /** The pattern cannot match any string (a `$` before any text). */
  'never-matches',
  /** The pattern matches every string: the entry suppresses every report of its type. */
  'matches-everything',
  /** The same type and pattern as an earlier entry: never credited. */
  'duplicate',
  /** Another entry suppresses every report this one would. */
  'redundant',
  /** `$` ends the match: the text after it is ignored. */
  'ignored-after-dollar',
  /** `#` starts a comment only at the start of a line: here it is part of the pattern. */
  'inline-comment',
  /** The space after the colon is part of the pattern. */
  'leading-space',
  /** `^` anchors only as the first character: elsewhere it is a literal `^`. */
  'literal-caret',
  /** `called_from_lib` is matched against loaded libraries at run time, not against reports. */
  'library-entry',
  /** `^malloc`: interceptors are matched under their prefixed symbol, so `^` never hits them. */
  'anchored-interceptor',
  /** Matches an interceptor under one of clang's two aliases only: the logs cannot decide it. */
  'alias-dependent',
  /** Matches no report in the logs, and the runtime counted no hit for it: a stale candidate. */
  'stale',
  /** Matches reports, but another entry is credited for every one of them. */
  'shadowed',
  /** A `race:` entry that suppresses more than one distinct group. */
  'too-broad',
] as const;

export type FindingCode = (typeof FINDING_CODES)[number];

export interface SuppressionFinding {
  readonly severity: FindingSeverity;
  readonly code: FindingCode;
  readonly file: string;
  readonly line: number;
  readonly message: string;
  /** The other entry a finding names (the duplicate's original, the broader entry). */
  readonly other?: { readonly file: string; readonly line: number };
}

/** Problems visible in the file itself, whatever the logs say. */
export function lintSuppressions(file: SuppressionFile): SuppressionFinding[] {
  const findings: SuppressionFinding[] = file.problems.map((p) => ({
    severity: 'error',
    code: 'unparsable',
    file: p.file,
    line: p.line,
    message: p.message,
  }));
  const firstOf = new Map<string, SuppressionEntry>();
  for (const entry of file.entries) {
    findings.push(...patternFindings(entry));
    const key = `${entry.type}:${entry.pattern}`;
    const original = firstOf.get(key);
    if (original) {
      findings.push({
        severity: 'warning',
        code: 'duplicate',
        file: entry.file,
        line: entry.line,
        message: `${key} repeats ${where(original)}; the runtime always credits the first, so this line never counts`,
        other: { file: original.file, line: original.line },
      });
    } else {
      firstOf.set(key, entry);
    }
  }
  findings.push(...redundantEntries([...firstOf.values()]));
  return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

function patternFindings(entry: SuppressionEntry): SuppressionFinding[] {
  const found: SuppressionFinding[] = [];
  const add = (severity: FindingSeverity, code: FindingCode, message: string) =>
    found.push({ severity, code, file: entry.file, line: entry.line, message });
  const text = `${entry.type}:${entry.pattern}`;
  if (entry.type === 'called_from_lib') {
    add(
      'note',
      'library-entry',
      `${text} is matched against the paths of loaded libraries when the program runs, not against reports; logs cannot show whether it is used (verbosity=1 prints "Matched called_from_lib suppression")`,
    );
    return found;
  }
  const body = entry.pattern.startsWith('^') ? entry.pattern.slice(1) : entry.pattern;
  if (body.startsWith('$')) {
    add(
      'error',
      'never-matches',
      `${text} can never match: \`$\` with no text before it only matches an empty name, and the runtime never matches empty names`,
    );
    return found;
  }
  if (/^\**(?:\$)?$/.test(body) && (body.length === 0 || body.startsWith('*'))) {
    add(
      'warning',
      'matches-everything',
      `${text} matches every name: it suppresses every ${entry.type === 'race_top' ? 'race' : entry.type} report`,
    );
  }
  const dollar = entry.pattern.indexOf('$');
  if (dollar !== -1 && dollar < entry.pattern.length - 1) {
    add(
      'warning',
      'ignored-after-dollar',
      `${text}: \`$\` ends the match, so "${entry.pattern.slice(dollar + 1)}" after it is ignored`,
    );
  }
  const comment = entry.pattern.search(/\s#/);
  if (comment !== -1) {
    add(
      'warning',
      'inline-comment',
      `${text}: TSan has no inline comments; "${entry.pattern.slice(comment).trim()}" is part of the pattern, so the entry only matches names that contain it`,
    );
  }
  if (/^[ \t]/.test(entry.pattern)) {
    add(
      'warning',
      'leading-space',
      `${text}: the space after the colon is part of the pattern; it only matches names with a space before "${entry.pattern.trim()}"`,
    );
  }
  const anchored = /^\^([A-Za-z_][A-Za-z0-9_]*)(?:\$|\*|$)/.exec(entry.pattern);
  if (anchored && isInterceptedName(anchored[1]!)) {
    add(
      'warning',
      'anchored-interceptor',
      `${text} does not match TSan's ${anchored[1]} interceptor: the runtime prints it as "${anchored[1]}" but matches its symbol "__interceptor_${anchored[1]}" (clang 19: "__interceptor_" or "___interceptor_"); write ${entry.type}:${entry.pattern.slice(1)} or ${entry.type}:interceptor_${entry.pattern.slice(1)}`,
    );
  }
  if (entry.pattern.indexOf('^', 1) !== -1) {
    add(
      'note',
      'literal-caret',
      `${text}: \`^\` anchors only as the first character; elsewhere it matches a literal "^"`,
    );
  }
  return found;
}

/**
 * Entries that another suppresses entirely: every name the narrower pattern matches contains
 * one of its literal pieces, so a plain pattern (no `^ * $`) found inside that piece matches
 * it too; an exact `^name$` is covered by any pattern that matches the name. `race:` covers
 * `race_top:` (every frame includes the top one).
 */
function redundantEntries(entries: readonly SuppressionEntry[]): SuppressionFinding[] {
  const found: SuppressionFinding[] = [];
  for (const narrow of entries) {
    if (narrow.type === 'called_from_lib') continue;
    const cover = entries.find(
      (broad) => broad !== narrow && coversType(broad, narrow) && coversPattern(broad, narrow),
    );
    if (!cover) continue;
    const names =
      cover.pattern === narrow.pattern
        ? 'with the same pattern'
        : `and every name "${narrow.pattern}" matches also matches "${cover.pattern}"`;
    const how =
      cover.type === narrow.type
        ? `every name "${narrow.pattern}" matches also matches "${cover.pattern}"`
        : `race: looks at every frame of a stack and race_top: only at its top frame, ${names}`;
    found.push({
      severity: 'warning',
      code: 'redundant',
      file: narrow.file,
      line: narrow.line,
      message: `${narrow.type}:${narrow.pattern} is redundant with ${cover.type}:${cover.pattern} (${where(cover)}): ${how}; removing this line changes nothing that is suppressed`,
      other: { file: cover.file, line: cover.line },
    });
  }
  return found;
}

function coversType(broad: SuppressionEntry, narrow: SuppressionEntry): boolean {
  return broad.type === narrow.type || (broad.type === 'race' && narrow.type === 'race_top');
}

function coversPattern(broad: SuppressionEntry, narrow: SuppressionEntry): boolean {
  const exact = /^\^([^*$^]+)\$$/.exec(narrow.pattern);
  if (exact) return templateMatches(broad.pattern, exact[1]!);
  if (broad.pattern.length === 0 || /[\^*$]/.test(broad.pattern)) return false;
  if (broad.pattern === narrow.pattern && broad.type === narrow.type) return false;
  return literalPieces(narrow.pattern).some((piece) => piece.includes(broad.pattern));
}

/** The literal chunks a name must contain for the pattern to match it. */
function literalPieces(pattern: string): string[] {
  const body = pattern.startsWith('^') ? pattern.slice(1) : pattern;
  const dollar = body.indexOf('$');
  return (dollar === -1 ? body : body.slice(0, dollar)).split('*').filter((p) => p.length > 0);
}

export function where(entry: { readonly file: string; readonly line: number }): string {
  return `${entry.file}:${entry.line}`;
}
