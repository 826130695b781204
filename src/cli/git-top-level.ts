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

/** `dir` and its parents up to the git top-level (or up to the file system root outside one). */
export function foldersUpToTopLevel(dir: string = process.cwd()): string[] {
  const top = gitTopLevel(dir);
  const chain: string[] = [];
  for (let current = resolve(dir); ; current = dirname(current)) {
    chain.push(current);
    if (current === top || dirname(current) === current) return chain;
  }
}
