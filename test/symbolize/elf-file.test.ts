import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseElf, readElfInfo } from '../../src/symbolize/elf-file.js';

const work = mkdtempSync(join(tmpdir(), 'racelens-elf-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ID = 'f163a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7';

/** One NT_GNU_BUILD_ID note (and, before it, another note the reader must step over). */
function notes(little: boolean): Buffer {
  const note = (name: string, type: number, desc: Buffer) => {
    const nameBytes = Buffer.from(`${name}\0`, 'latin1');
    const padName = Buffer.alloc((4 - (nameBytes.length % 4)) % 4);
    const padDesc = Buffer.alloc((4 - (desc.length % 4)) % 4);
    const head = Buffer.alloc(12);
    const w = (v: number, o: number) =>
      little ? head.writeUInt32LE(v, o) : head.writeUInt32BE(v, o);
    w(nameBytes.length, 0);
    w(desc.length, 4);
    w(type, 8);
    return Buffer.concat([head, nameBytes, padName, desc, padDesc]);
  };
  return Buffer.concat([
    note('GNU', 1, Buffer.from([0, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0])),
    note('GNU', 3, Buffer.from(ID, 'hex')),
  ]);
}

interface Layout {
  readonly is64: boolean;
  readonly little: boolean;
  readonly type: number;
  readonly loads: readonly bigint[];
  /** Put the note in a PT_NOTE segment, or only in a SHT_NOTE section (debug files). */
  readonly noteIn: 'segment' | 'section' | 'none';
}

/** A minimal ELF image: header, program headers, section headers, then the notes. */
function elf(layout: Layout): Buffer {
  const { is64, little } = layout;
  const ehsize = is64 ? 64 : 52;
  const phentsize = is64 ? 56 : 32;
  const shentsize = is64 ? 64 : 40;
  const noteBytes = notes(little);
  const phnum = layout.loads.length + (layout.noteIn === 'segment' ? 1 : 0);
  const shnum = layout.noteIn === 'section' ? 2 : 0;
  const phoff = ehsize;
  const shoff = phoff + phnum * phentsize;
  const noteOff = shoff + shnum * shentsize;
  const buf = Buffer.alloc(noteOff + noteBytes.length);
  noteBytes.copy(buf, noteOff);
  const u16 = (v: number, o: number) =>
    little ? buf.writeUInt16LE(v, o) : buf.writeUInt16BE(v, o);
  const u32 = (v: number, o: number) =>
    little ? buf.writeUInt32LE(v, o) : buf.writeUInt32BE(v, o);
  const word = (v: bigint, o: number) => {
    if (!is64) u32(Number(v), o);
    else if (little) buf.writeBigUInt64LE(v, o);
    else buf.writeBigUInt64BE(v, o);
  };
  buf.writeUInt32BE(0x7f454c46, 0);
  buf[4] = is64 ? 2 : 1;
  buf[5] = little ? 1 : 2;
  buf[6] = 1;
  u16(layout.type, 16);
  u16(is64 ? 62 : 3, 18);
  word(BigInt(phoff), is64 ? 32 : 28);
  word(BigInt(shnum > 0 ? shoff : 0), is64 ? 40 : 32);
  u16(phentsize, is64 ? 54 : 42);
  u16(phnum, is64 ? 56 : 44);
  u16(shentsize, is64 ? 58 : 46);
  u16(shnum, is64 ? 60 : 48);
  const segments: [number, bigint, number, number][] = layout.loads.map((v) => [1, v, 0, 0]);
  if (layout.noteIn === 'segment') segments.unshift([4, 0n, noteOff, noteBytes.length]);
  segments.forEach(([type, vaddr, offset, size], i) => {
    const o = phoff + i * phentsize;
    u32(type, o);
    word(BigInt(offset), o + (is64 ? 8 : 4));
    word(vaddr, o + (is64 ? 16 : 8));
    word(BigInt(size), o + (is64 ? 32 : 16));
  });
  if (shnum > 0) {
    const o = shoff + shentsize; // section 0 is the null section
    u32(7, o + 4);
    word(BigInt(noteOff), o + (is64 ? 24 : 16));
    word(BigInt(noteBytes.length), o + (is64 ? 32 : 20));
  }
  return buf;
}

function parse(bytes: Buffer) {
  return parseElf((offset, length) =>
    offset + length <= bytes.length ? bytes.subarray(offset, offset + length) : null,
  );
}

describe('the ELF build-id reader', () => {
  it('reads the GNU build id of a 64-bit little-endian PIE from its PT_NOTE, past other notes', () => {
    const info = parse(
      elf({ is64: true, little: true, type: 3, loads: [0n, 0x1000n], noteIn: 'segment' }),
    );
    expect(info).toEqual({ buildId: ID, type: 'dyn', machine: 62, loadBase: 0n });
  });

  it('gives the lowest PT_LOAD address of a classic executable as its load base', () => {
    const info = parse(
      elf({ is64: true, little: true, type: 2, loads: [0x401000n, 0x400000n], noteIn: 'segment' }),
    );
    expect(info?.type).toBe('exec');
    expect(info?.loadBase).toBe(0x400000n);
  });

  it('reads 32-bit big-endian files', () => {
    const info = parse(
      elf({ is64: false, little: false, type: 2, loads: [0x10000n], noteIn: 'segment' }),
    );
    expect(info).toEqual({ buildId: ID, type: 'exec', machine: 3, loadBase: 0x10000n });
  });

  it('falls back to SHT_NOTE sections (separate debug files)', () => {
    const info = parse(elf({ is64: true, little: true, type: 3, loads: [], noteIn: 'section' }));
    expect(info?.buildId).toBe(ID);
  });

  it('gives null for a file without a build id, and for what is not ELF or is cut short', () => {
    expect(
      parse(elf({ is64: true, little: true, type: 3, loads: [0n], noteIn: 'none' }))?.buildId,
    ).toBeNull();
    expect(
      parse(
        Buffer.from('#!/bin/sh\necho not an elf file at all, but long enough to read\n'.repeat(2)),
      ),
    ).toBeNull();
    const whole = elf({ is64: true, little: true, type: 3, loads: [0n], noteIn: 'segment' });
    expect(parse(whole.subarray(0, 40))).toBeNull();
    // Headers whole, notes cut: no id rather than a wrong one.
    expect(parse(whole.subarray(0, whole.length - 8))?.buildId).toBeNull();
  });

  it('reads the same id as readelf from a real binary on disk, and null for other files', () => {
    const path = join(work, 'hello');
    writeFileSync(join(work, 'hello.c'), 'int main(void) { return 0; }\n');
    try {
      execFileSync('cc', ['-Wl,--build-id=sha1', join(work, 'hello.c'), '-o', path]);
    } catch {
      return; // no C compiler here: the in-memory cases above still cover the format
    }
    const readelf = execFileSync('readelf', ['-n', path]).toString();
    const expected = /Build ID: ([0-9a-f]+)/.exec(readelf)?.[1];
    expect(readElfInfo(path)?.buildId).toBe(expected);
    expect(readElfInfo(join(work, 'hello.c'))).toBeNull();
    expect(readElfInfo(join(work, 'missing'))).toBeNull();
  });
});
