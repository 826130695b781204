/**
 * An issue reference as `--filed` takes it: a URL (http or https) or `owner/repo#N`. Returns
 * the reference as kept, or null when it is neither (the caller says what was expected).
 */
export function issueRef(text: string): string | null {
  const ref = text.trim();
  if (/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+#[0-9]+$/.test(ref)) return ref;
  try {
    const url = new URL(ref);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** A GitHub issue URL as `owner/repo#N`; other references as they are. */
export function shortRef(ref: string): string {
  const match = /^https:\/\/github\.com\/([^/]+\/[^/]+)\/(?:issues|pull)\/([0-9]+)\/?$/.exec(ref);
  return match ? `${match[1]}#${match[2]}` : ref;
}
