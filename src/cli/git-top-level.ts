import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The top-level folder of the git checkout holding `dir` (the nearest parent with a `.git`
 * folder or file, as worktrees and submodules have), or null outside a checkout. Read from the
 * file system: no git needed.
 */
export function gitTopLevel(dir: string = process.cwd()): string | null {
  for (let current = resolve(dir); ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return current;
    if (dirname(current) === current) return null;
  }
}

/** `dir` and its parents up to the git top-level; outside a checkout, `dir` alone. */
export function foldersUpToTopLevel(dir: string = process.cwd()): string[] {
  const top = gitTopLevel(dir);
  const start = resolve(dir);
  if (top === null) return [start];
  const chain: string[] = [];
  for (let current = start; ; current = dirname(current)) {
    chain.push(current);
    if (current === top || dirname(current) === current) return chain;
  }
}
