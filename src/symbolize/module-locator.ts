import { type Dirent, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type ElfInfo, readElfInfo } from './elf-file.js';

export interface FoundModule {
  readonly path: string;
  readonly elf: ElfInfo;
}

/** Directories deeper than this under a `--binaries` root are not searched (bounds the walk). */
const MAX_DEPTH = 8;

/**
 * Finds the file of a module under the `--binaries` directories: by BuildId first (the
 * `.build-id/ab/cdef….debug` layout, then any ELF file with that id), else by file name. A
 * file whose name matches but whose BuildId differs is another build: it is not used.
 */
export class ModuleLocator {
  private byName: Map<string, string[]> | null = null;
  private byBuildId: Map<string, string> | null = null;
  private readonly elfCache = new Map<string, ElfInfo | null>();

  constructor(private readonly roots: readonly string[]) {}

  find(module: string, buildId: string | null): FoundModule | null {
    if (buildId) {
      const id = buildId.toLowerCase();
      for (const root of this.roots) {
        const dir = join(root, '.build-id', id.slice(0, 2));
        for (const name of [`${id.slice(2)}.debug`, id.slice(2)]) {
          const found = this.withId(join(dir, name), id);
          if (found) return found;
        }
      }
      for (const path of this.names().get(module) ?? []) {
        const found = this.withId(path, id);
        if (found) return found;
      }
      const path = this.buildIds().get(id);
      return path ? this.withId(path, id) : null;
    }
    for (const path of this.names().get(module) ?? []) {
      const elf = this.elf(path);
      if (elf) return { path, elf };
    }
    return null;
  }

  private withId(path: string, id: string): FoundModule | null {
    const elf = this.elf(path);
    return elf && elf.buildId === id ? { path, elf } : null;
  }

  private elf(path: string): ElfInfo | null {
    let info = this.elfCache.get(path);
    if (info === undefined) {
      info = readElfInfo(path);
      this.elfCache.set(path, info);
    }
    return info;
  }

  private names(): Map<string, string[]> {
    if (this.byName === null) {
      this.byName = new Map();
      for (const root of this.roots) this.walk(root, 0, this.byName);
    }
    return this.byName;
  }

  /** Read only when a BuildId is not found by path or name: every file's headers. */
  private buildIds(): Map<string, string> {
    if (this.byBuildId === null) {
      this.byBuildId = new Map();
      for (const paths of this.names().values()) {
        for (const path of paths) {
          const id = this.elf(path)?.buildId;
          if (id && !this.byBuildId.has(id)) this.byBuildId.set(id, path);
        }
      }
    }
    return this.byBuildId;
  }

  private walk(dir: string, depth: number, into: Map<string, string[]>): void {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      // A root that is a file names that one module.
      if (depth === 0) add(into, basename(dir), dir);
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < MAX_DEPTH) this.walk(path, depth + 1, into);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        add(into, entry.name, path);
      }
    }
  }
}

function add(into: Map<string, string[]>, name: string, path: string): void {
  const list = into.get(name);
  if (list) list.push(path);
  else into.set(name, [path]);
}
