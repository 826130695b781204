import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export type ToolKind = 'llvm-symbolizer' | 'addr2line';

export interface SymbolizerTool {
  readonly kind: ToolKind;
  readonly path: string;
}

/** In order of preference: llvm 19's (what .ci installs), any llvm-symbolizer, then binutils. */
const CANDIDATES: readonly { name: string; kind: ToolKind }[] = [
  { name: 'llvm-symbolizer-19', kind: 'llvm-symbolizer' },
  { name: 'llvm-symbolizer', kind: 'llvm-symbolizer' },
  { name: 'addr2line', kind: 'addr2line' },
];

export class SymbolizerNotFoundError extends Error {
  constructor() {
    super(
      'llvm-symbolizer not found: install llvm-19 (Debian) or binutils for addr2line, or put one on PATH',
    );
    this.name = 'SymbolizerNotFoundError';
  }
}

/** The first symbolizer on PATH (`prefer` narrows it to one kind, for tests). */
export function findSymbolizerTool(
  env: NodeJS.ProcessEnv = process.env,
  prefer?: ToolKind,
): SymbolizerTool {
  const dirs = (env.PATH ?? '').split(delimiter).filter((d) => d !== '');
  for (const candidate of CANDIDATES) {
    if (prefer !== undefined && candidate.kind !== prefer) continue;
    for (const dir of dirs) {
      const path = join(dir, candidate.name);
      try {
        accessSync(path, constants.X_OK);
        return { kind: candidate.kind, path };
      } catch {
        // not in this directory
      }
    }
  }
  throw new SymbolizerNotFoundError();
}
