import { basename } from 'node:path';

/**
 * `--module-path` values are the full paths modules were loaded from when the program ran.
 * TSan prints only base names in frames but matches module patterns against full paths, so
 * printed names are mapped back through these.
 */
export function modulePathResolver(
  paths: readonly string[],
): ((printed: string) => string | null) | undefined {
  if (paths.length === 0) return undefined;
  const byName = new Map(paths.map((p) => [basename(p), p]));
  return (printed) => byName.get(basename(printed)) ?? null;
}
