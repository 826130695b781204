import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import {
  type KnownDecision,
  KnownDecisionSchema,
  knownDecision,
} from '../decide/known-decisions.js';
import type { Report } from '../model/report.js';
import { parseText } from '../parse/parse-text.js';
import { type Comparable, comparableReport } from '../triage/comparable.js';
import type { KnownSignatures } from '../triage/contracts.js';
import type { FrameRules } from '../triage/normalize-stack.js';

/** One known issue: what a tracker says of it, and the signatures of the reports in its text. */
export interface KnownIssue extends KnownSignatures {
  /** Where it was read from, for messages. */
  readonly source: string;
  /** Decisions the file records for these signatures (racelens known export writes them). */
  readonly decisions?: readonly KnownDecision[];
}

export const KnownIssueEntrySchema = z
  .object({
    id: z.union([z.string().min(1), z.number()]).transform(String),
    title: z.string().optional(),
    url: z.string().optional(),
    state: z.string().optional(),
    log: z.string().optional(),
    signatures: z.array(z.string().min(1)).optional(),
    decisions: z.array(KnownDecisionSchema).optional(),
  })
  .refine((entry) => entry.log !== undefined || (entry.signatures?.length ?? 0) > 0, {
    message: 'needs a `log` (report text) or `signatures`',
  });

/** A known-issues file or folder that cannot be used. The message says which entry and why. */
export class KnownIssuesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KnownIssuesError';
  }
}

const TEXT_FILES = new Set(['.md', '.markdown', '.txt', '.log']);

/**
 * Reads known issues from a JSON or YAML list of {id, title, url, state, log | signatures}, or
 * from a folder of issue texts as exported from a tracker (one Markdown or text file an issue:
 * id from front matter `id:` or the file name, title from front matter or the first heading).
 */
export function loadKnownIssues(
  path: string,
  rules: FrameRules,
  warn: (message: string) => void = () => undefined,
): KnownIssue[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch (error) {
    throw new KnownIssuesError(`${path}: cannot read known issues (${(error as Error).message})`);
  }
  if (isDirectory) {
    // A tracker's export holds issues without a report too: each is named, and skipped.
    const issues: KnownIssue[] = [];
    for (const name of readdirSync(path)
      .filter((n) => TEXT_FILES.has(extname(n).toLowerCase()))
      .sort()) {
      const file = join(path, name);
      const issue = issueFromText(file, rules);
      if (issue) issues.push(issue);
      else warn(`${file}: no ThreadSanitizer or Go race report in it; skipped`);
    }
    return issues;
  }
  const text = readText(path);
  let data: unknown;
  try {
    data = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new KnownIssuesError(
      `${path}: not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'} (${(error as Error).message})`,
    );
  }
  const list = Array.isArray(data)
    ? data
    : data !== null &&
        typeof data === 'object' &&
        Array.isArray((data as { issues?: unknown }).issues)
      ? (data as { issues: unknown[] }).issues
      : null;
  if (list === null) {
    throw new KnownIssuesError(
      `${path}: expected a list of issues (or an object with an \`issues\` list)`,
    );
  }
  const entries = list.map((item, index) => {
    const entry = KnownIssueEntrySchema.safeParse(item);
    if (!entry.success) {
      const problems = entry.error.issues
        .slice(0, 3)
        .map(
          (issue) => `${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`,
        )
        .join('; ');
      throw new KnownIssuesError(`${path}: entry ${index + 1}: ${problems}`);
    }
    return entry.data;
  });
  return entries.map((entry) => {
    const issue = buildIssue(
      {
        id: entry.id,
        title: entry.title ?? null,
        url: entry.url ?? null,
        state: entry.state ?? null,
        source: `${path} (entry ${entry.id})`,
      },
      entry.log ?? '',
      entry.signatures ?? [],
      rules,
      (entry.decisions ?? []).map(knownDecision),
    );
    if (issue === null)
      throw new KnownIssuesError(
        `${path} (entry ${entry.id}): no ThreadSanitizer report in its log and no signatures listed`,
      );
    return issue;
  });
}

function issueFromText(file: string, rules: FrameRules): KnownIssue | null {
  const text = readText(file);
  const front = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  const meta: Record<string, unknown> = {};
  if (front) {
    try {
      const parsed: unknown = parseYaml(front[1] ?? '');
      if (parsed && typeof parsed === 'object') Object.assign(meta, parsed);
    } catch (error) {
      throw new KnownIssuesError(
        `${file}: front matter is not valid YAML (${(error as Error).message})`,
      );
    }
  }
  const heading = /^#\s+(.+)$/m.exec(text);
  const stem = basename(file, extname(file));
  const field = (name: string) =>
    typeof meta[name] === 'string' || typeof meta[name] === 'number' ? String(meta[name]) : null;
  const signatures = Array.isArray(meta.signatures) ? meta.signatures.map(String) : [];
  return buildIssue(
    {
      id: field('id') ?? stem,
      title: field('title') ?? heading?.[1]?.trim() ?? null,
      url: field('url'),
      state: field('state'),
      source: file,
    },
    text,
    signatures,
    rules,
    [],
  );
}

function buildIssue(
  head: {
    id: string;
    title: string | null;
    url: string | null;
    state: string | null;
    source: string;
  },
  log: string,
  listed: readonly string[],
  rules: FrameRules,
  decisions: readonly KnownDecision[],
): KnownIssue | null {
  const reports = parseText(log, { file: head.source }).filter(
    (r): r is Report => r.type === 'report',
  );
  const comparables: Comparable[] = reports.map((report) => comparableReport(report, rules));
  if (comparables.length === 0 && listed.length === 0) return null;
  const signatures = new Set<string>(listed);
  for (const c of comparables) signatures.add(c.signature.text);
  return { ...head, signatures, reports: comparables, decisions };
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new KnownIssuesError(`${path}: cannot read known issues (${(error as Error).message})`);
  }
}

/**
 * A known issue from a tracker's text (an issue body): its reports parsed by racelens's own
 * parser, so pasted, glued and CI-prefixed reports work. Null when the text holds none.
 */
export function knownIssueFromText(
  head: {
    readonly id: string;
    readonly title: string | null;
    readonly url: string | null;
    readonly state: string | null;
    readonly source: string;
  },
  text: string,
  rules: FrameRules,
): KnownIssue | null {
  return buildIssue({ ...head }, text, [], rules, []);
}
