import { closeSync, openSync, readSync } from 'node:fs';

/** What symbolization needs to know of an ELF file, read from its headers alone. */
export interface ElfInfo {
  /** Hex of the NT_GNU_BUILD_ID note, lowercase; null when the file has none. */
  readonly buildId: string | null;
  /** ET_EXEC (fixed addresses) or ET_DYN (PIE and shared objects). */
  readonly type: 'exec' | 'dyn' | 'other';
  /** `e_machine`: the bytes to step back from a return address depend on it. */
  readonly machine: number;
  /** The lowest PT_LOAD virtual address: 0 for PIE, e.g. 0x400000 for a classic executable. */
  readonly loadBase: bigint;
}

const PT_LOAD = 1;
const PT_NOTE = 4;
const SHT_NOTE = 7;
const NT_GNU_BUILD_ID = 3;
/** Headers and notes sit at the start of real files; this bounds what one read may cost. */
const MAX_TABLE_BYTES = 1 << 20;

/** Reads `path`'s ELF headers; null when it is not an ELF file (or is cut short). */
export function readElfInfo(path: string): ElfInfo | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    return parseElf((offset, length) => readAt(fd, offset, length));
  } finally {
    closeSync(fd);
  }
}

function readAt(fd: number, offset: number, length: number): Buffer | null {
  if (length <= 0 || length > MAX_TABLE_BYTES || offset < 0) return null;
  const buffer = Buffer.alloc(length);
  const read = readSync(fd, buffer, 0, length, offset);
  return read === length ? buffer : null;
}

/** A reader over the file, so that the parsing is testable on bytes in memory. */
export type ReadAt = (offset: number, length: number) => Buffer | null;

export function parseElf(readAt: ReadAt): ElfInfo | null {
  const ident = readAt(0, 64);
  if (ident?.readUInt32BE(0) !== 0x7f454c46) return null;
  const is64 = ident[4] === 2;
  const little = ident[5] === 1;
  if ((ident[4] !== 1 && !is64) || (ident[5] !== 1 && ident[5] !== 2)) return null;
  const u16 = (b: Buffer, o: number) => (little ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (b: Buffer, o: number) => (little ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const addr = (b: Buffer, o: number): bigint =>
    is64 ? (little ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o)) : BigInt(u32(b, o));
  const eType = u16(ident, 16);
  const machine = u16(ident, 18);
  const phoff = Number(addr(ident, is64 ? 32 : 28));
  const shoff = Number(addr(ident, is64 ? 40 : 32));
  const phentsize = u16(ident, is64 ? 54 : 42);
  const phnum = u16(ident, is64 ? 56 : 44);
  const shentsize = u16(ident, is64 ? 58 : 46);
  const shnum = u16(ident, is64 ? 60 : 48);

  let loadBase: bigint | null = null;
  const noteRanges: [number, number][] = [];
  const phdrs = phnum > 0 ? readAt(phoff, phentsize * phnum) : null;
  for (let i = 0; phdrs && i < phnum; i++) {
    const o = i * phentsize;
    const pType = u32(phdrs, o);
    if (pType === PT_LOAD) {
      const vaddr = addr(phdrs, o + (is64 ? 16 : 8));
      if (loadBase === null || vaddr < loadBase) loadBase = vaddr;
    } else if (pType === PT_NOTE) {
      const offset = Number(addr(phdrs, o + (is64 ? 8 : 4)));
      const size = Number(addr(phdrs, o + (is64 ? 32 : 16)));
      noteRanges.push([offset, size]);
    }
  }
  // Separate debug files (`.build-id/xx/….debug`) may keep the note only as a section.
  if (noteRanges.length === 0 && shnum > 0) {
    const shdrs = readAt(shoff, shentsize * shnum);
    for (let i = 0; shdrs && i < shnum; i++) {
      const o = i * shentsize;
      if (u32(shdrs, o + 4) !== SHT_NOTE) continue;
      const offset = Number(addr(shdrs, o + (is64 ? 24 : 16)));
      const size = Number(addr(shdrs, o + (is64 ? 32 : 20)));
      noteRanges.push([offset, size]);
    }
  }
  let buildId: string | null = null;
  for (const [offset, size] of noteRanges) {
    const notes = readAt(offset, size);
    if (notes) buildId = findBuildId(notes, u32);
    if (buildId) break;
  }
  return {
    buildId,
    type: eType === 2 ? 'exec' : eType === 3 ? 'dyn' : 'other',
    machine,
    loadBase: loadBase ?? 0n,
  };
}

/** Walks the notes of one PT_NOTE/SHT_NOTE: namesz, descsz, type, name, desc, 4-byte aligned. */
function findBuildId(notes: Buffer, u32: (b: Buffer, o: number) => number): string | null {
  const align4 = (n: number) => (n + 3) & ~3;
  let o = 0;
  while (o + 12 <= notes.length) {
    const namesz = u32(notes, o);
    const descsz = u32(notes, o + 4);
    const type = u32(notes, o + 8);
    const nameStart = o + 12;
    const descStart = nameStart + align4(namesz);
    if (descStart + descsz > notes.length) return null;
    const name = notes.toString('latin1', nameStart, nameStart + namesz).replace(/\0+$/, '');
    if (type === NT_GNU_BUILD_ID && name === 'GNU' && descsz > 0) {
      return notes.toString('hex', descStart, descStart + descsz);
    }
    o = descStart + align4(descsz);
  }
  return null;
}
