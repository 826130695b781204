import { createHash } from 'node:crypto';
import { expandInputs, InputError } from './input-sources.js';
import type { WalkOptions } from './walk-options.js';

/**
 * The SHA-256 of each input's bytes, in one pass that parses nothing. Inputs that cannot be
 * read are left out (the pass that parses reports them). Standard input cannot be read twice,
 * so `-` is refused by the caller before this is used.
 */
export async function hashInputs(
  paths: readonly string[],
  walk: WalkOptions = {},
): Promise<string[]> {
  const hashes: string[] = [];
  for await (const source of expandInputs(paths, undefined, walk)) {
    if (source instanceof InputError) continue;
    const hash = createHash('sha256');
    try {
      for await (const chunk of source.open()) hash.update(chunk as Buffer);
      hashes.push(hash.digest('hex'));
    } catch {
      // Unreadable: the parsing pass says so with the reason.
    }
  }
  return hashes;
}
