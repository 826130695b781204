import { existsSync } from 'node:fs';
import { glob, isDynamicPattern } from 'tinyglobby';

/**
 * CI inputs as a workflow gives them (`logs/**\/*.log`, `tsan.*`): a path that exists is kept,
 * a glob becomes the files it matches, in name order. A glob that matches nothing is returned
 * in `unmatched` for the caller to report (a typo must not pass a gate silently).
 */
export async function expandGlobs(
  patterns: readonly string[],
  cwd: string = process.cwd(),
): Promise<{ paths: string[]; unmatched: string[] }> {
  const paths: string[] = [];
  const unmatched: string[] = [];
  for (const pattern of patterns) {
    if (pattern === '-' || existsSync(pattern) || !isDynamicPattern(pattern)) {
      paths.push(pattern);
      continue;
    }
    const found = (
      await glob(pattern, { cwd, onlyFiles: true, dot: false, expandDirectories: false })
    ).sort();
    if (found.length === 0) unmatched.push(pattern);
    paths.push(...found);
  }
  return { paths, unmatched };
}
