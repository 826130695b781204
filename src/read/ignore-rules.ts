import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import type { WalkOptions } from './walk-options.js';

/** Never walked into, whatever the ignore files say: no TSan log lives there. */
const ALWAYS_SKIPPED = new Set(['.git', 'node_modules']);
const IGNORE_FILES = ['.gitignore', '.ignore'] as const;

interface Scope {
  /** Absolute folder the rules of this scope are relative to. */
  readonly base: string;
  readonly rules: Ignore;
}

type PathMatcher = (path: string) => boolean;

/** `--include` and `--exclude`, fixed for the whole walk, matched relative to its root. */
interface Globs {
  readonly root: string;
  readonly include: PathMatcher | null;
  readonly exclude: PathMatcher | null;
}

/**
 * The rules that decide what a directory walk reads, as ripgrep does: `.gitignore` and
 * `.ignore` of every folder walked and of its parents up to the git top-level, `.git` and
 * `node_modules` never, `--exclude` globs out, `--include` globs (when given) in.
 */
export class IgnoreRules {
  private constructor(
    private readonly globs: Globs,
    private readonly scopes: readonly Scope[],
  ) {}

  /** The rules for a walk of `dir`, with the ignore files of its parents in the same checkout. */
  static forRoot(dir: string, options: WalkOptions): IgnoreRules {
    const root = resolve(dir);
    const scopes: Scope[] = [];
    for (const parent of parentsInCheckout(root)) {
      const rules = readIgnoreFiles(parent);
      if (rules !== null) scopes.push({ base: parent, rules });
    }
    const globs: Globs = {
      root,
      include: options.include?.length ? globMatcher(options.include) : null,
      exclude: options.exclude?.length ? globMatcher(options.exclude) : null,
    };
    return new IgnoreRules(globs, scopes);
  }

  /** The rules inside `dir`, a folder the walk went into: these plus its own ignore files. */
  child(dir: string): IgnoreRules {
    const base = resolve(dir);
    const rules = readIgnoreFiles(base);
    return rules === null ? this : new IgnoreRules(this.globs, [...this.scopes, { base, rules }]);
  }

  /** Whether the walk goes into `path`, a folder it found. */
  walksInto(path: string, name: string): boolean {
    if (ALWAYS_SKIPPED.has(name)) return false;
    return !this.ignored(path, true);
  }

  /** Whether the walk reads `path`, a file it found. */
  reads(path: string): boolean {
    if (this.ignored(path, false)) return false;
    return this.globs.include === null || this.globs.include(this.relativeToRoot(path));
  }

  private ignored(path: string, isDir: boolean): boolean {
    const absolute = resolve(path);
    if (this.globs.exclude?.(this.relativeToRoot(absolute))) return true;
    for (const { base, rules } of this.scopes) {
      const rel = relative(base, absolute).split(sep).join('/');
      if (rel === '' || rel.startsWith('..')) continue;
      if (rules.ignores(isDir ? `${rel}/` : rel)) return true;
    }
    return false;
  }

  private relativeToRoot(path: string): string {
    return relative(this.globs.root, resolve(path)).split(sep).join('/');
  }
}

/** A glob without `/` matches a name at any depth (`*.log`), as in ripgrep and .gitignore. */
function globMatcher(globs: readonly string[]): PathMatcher {
  const matchers = globs.map((glob) =>
    picomatch(glob, { dot: true, basename: !glob.includes('/') }),
  );
  return (path: string) => matchers.some((match) => match(path));
}

function readIgnoreFiles(dir: string): Ignore | null {
  let rules: Ignore | null = null;
  for (const name of IGNORE_FILES) {
    const file = join(dir, name);
    if (!existsSync(file)) continue;
    try {
      rules = (rules ?? ignore()).add(readFileSync(file, 'utf8'));
    } catch {
      // An unreadable ignore file ignores nothing, as in git.
    }
  }
  return rules;
}

/** `dir` and its parents up to the folder holding `.git` (just `dir` outside a checkout). */
function parentsInCheckout(dir: string): string[] {
  const chain: string[] = [];
  for (let current = dir; ; current = dirname(current)) {
    chain.unshift(current);
    if (existsSync(join(current, '.git'))) return chain;
    if (dirname(current) === current) return [dir];
  }
}
