import type { Report, ThreadRef } from '../model/report.js';
import { anchorOf, type StackNormalizer } from './normalize-stack.js';
import { globalName } from './signature.js';

/**
 * What a race was on, as evidence that two reports are about one object: the same global (by
 * name, as signatures spell it), the same heap block (by where it was allocated: the anchor of
 * the location's normalised allocation stack), the same thread's stack or TLS (by its owner:
 * the main thread, or where the thread was created). Null when the report does not say.
 */
export interface ObjectIdentity {
  readonly key: string;
  /** For explanations: `` `_PyRuntime` ``, ``the heap block allocated in `make_box` ``. */
  readonly words: string;
}

export function objectIdentity(report: Report, normalizer: StackNormalizer): ObjectIdentity | null {
  const location = report.location;
  if (report.family !== 'race' || location === null) return null;
  switch (location.type) {
    case 'global': {
      if (location.artifact) return null;
      const name = globalName(location.name);
      return { key: `global:${name}`, words: `\`${name}\`` };
    }
    case 'heap': {
      const site = anchorOf(normalizer.normalize(location.frames));
      if (!site) return null;
      return {
        key: `heap:${site.name}`,
        words: `the heap block allocated in \`${site.name}\``,
      };
    }
    case 'stack':
    case 'tls': {
      const owner = ownerOf(report, location.thread, normalizer);
      if (owner === null) return null;
      const what = location.type === 'stack' ? 'the stack' : 'the thread-local storage';
      return { key: `${location.type}:${owner.key}`, words: `${what} of ${owner.words}` };
    }
    default:
      return null;
  }
}

/** The main thread, or a thread by where it was created (thread numbers vary between runs). */
function ownerOf(
  report: Report,
  thread: ThreadRef | null,
  normalizer: StackNormalizer,
): { key: string; words: string } | null {
  if (thread === null) return null;
  if (thread === 'main') return { key: 'main', words: 'the main thread' };
  const info = report.threads.find((t) => t.id === thread);
  const site = info ? anchorOf(normalizer.normalize(info.frames)) : undefined;
  if (!site) return null;
  return { key: `created-in:${site.name}`, words: `a thread created in \`${site.name}\`` };
}
