/** Where a report was seen: the input and its headline's line. */
export interface Occurrence {
  readonly file: string;
  readonly line: number;
}

/**
 * Every occurrence of a group, compactly: 8 bytes a report (file index, line) in a typed array
 * that doubles as it fills, file names interned once per triage. A million reports cost 8 MB,
 * not a million objects.
 */
export class OccurrenceList {
  private data = new Uint32Array(8);
  private size = 0;

  constructor(private readonly files: FileTable) {}

  add(file: string, line: number): void {
    if (this.size * 2 + 2 > this.data.length) {
      const bigger = new Uint32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.size * 2] = this.files.index(file);
    this.data[this.size * 2 + 1] = line;
    this.size++;
  }

  get length(): number {
    return this.size;
  }

  *[Symbol.iterator](): IterableIterator<Occurrence> {
    for (let i = 0; i < this.size; i++) {
      yield { file: this.files.name(this.data[i * 2]!), line: this.data[i * 2 + 1]! };
    }
  }
}

/** Input names, interned. */
export class FileTable {
  private readonly indexes = new Map<string, number>();
  private readonly names: string[] = [];

  index(name: string): number {
    let index = this.indexes.get(name);
    if (index === undefined) {
      index = this.names.length;
      this.names.push(name);
      this.indexes.set(name, index);
    }
    return index;
  }

  name(index: number): string {
    return this.names[index] ?? '?';
  }
}
