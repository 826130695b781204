/**
 * Reduces a Go function name, as the race detector prints it, to what identifies the code
 * across builds, forks and vendoring (rules in docs/triage.md):
 *
 * - the package path keeps its last element: `github.com/org/repo/store.Get` -> `store.Get`
 *   (the same code vendored, forked or moved keeps its signatures);
 * - pointer receivers lose their `(*...)`: `store.(*Cache).Get` -> `store.Cache.Get` (a type
 *   cannot have a value and a pointer method of one name, so nothing is merged);
 * - type arguments go: `pkg.Map[...]` and `pkg.(*List[...]).Push` -> `pkg.Map`, `pkg.List.Push`;
 * - method values lose `-fm`: `pkg.T.Run-fm` -> `pkg.T.Run`.
 *
 * Closures keep their numbers (`main.main.func1`, `main.main.func1.2`): Go has one compiler,
 * which numbers them in source order, so they are stable between runs and builds; merging them
 * into one `{closure}` would merge different races of one function.
 */
export function simplifyGoName(name: string): string {
  let text = stripTypeArguments(name.trim());
  const slash = text.lastIndexOf('/');
  if (slash !== -1) text = text.slice(slash + 1);
  text = text.replace(/\.\(\*([^()]*)\)\./g, '.$1.');
  text = text.replace(/-fm$/, '');
  return text.length > 0 ? text : name.trim();
}

/** `[...]` (and any bracketed type list) removed, nesting included, without a regex on names. */
function stripTypeArguments(text: string): string {
  if (text.indexOf('[') === -1) return text;
  let out = '';
  let depth = 0;
  for (const c of text) {
    if (c === '[') depth++;
    else if (c === ']') depth = Math.max(0, depth - 1);
    else if (depth === 0) out += c;
  }
  return out;
}
