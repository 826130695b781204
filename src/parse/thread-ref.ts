import type { ThreadRef } from '../model/report.js';

/** `main thread` -> `main`; `thread T7` -> `T7`. Anything else is not a thread description. */
export function parseWho(text: string): ThreadRef | null {
  if (text === 'main thread') return 'main';
  if (text.startsWith('thread T')) {
    const id = text.slice(7);
    if (/^T\d{1,10}$/.test(id)) return id;
  }
  return null;
}

/** The `main thread|thread T<n>` alternative, for use inside larger patterns. */
export const WHO = '(main thread|thread T\\d{1,10})';
