/**
 * Suppression entries for the differential test against the real TSan runtimes
 * (test/match/suppression-differential.test.ts), derived from the text of a baseline run's
 * reports as racelens parsed them.
 *
 * Every entry comes from a string printed in a report (a frame's function, file or module, a
 * global's name) through a fixed rule (anchors, prefixes, suffixes, `*`, wrong case, a leading
 * space, a `# comment` tail, ...). Nothing here knows or asks whether an entry will suppress a
 * report: the rules are applied to whatever the report printed, and the runtime then says what
 * each entry does. There is no randomness, so the same reports always give the same entries.
 *
 * The budget matters (every entry of a family costs one run of the program), so the rich sets
 * of rules go to a few subjects (each program's first report of a family: its lead frame, frame
 * #0 of its first stack; the first lead file, lead module and global of a family) and short
 * sets to the other frames, files, modules and globals.
 */
import path from 'node:path';
import type { Frame, Report, SuppressionType } from '../../src/index.js';

/**
 * Entries of different families never interact in the runtime: `race` and `race_top` are
 * consulted together for race reports, every other type on its own, and `called_from_lib` is
 * never matched against reports at all.
 */
export type Family = 'race' | 'thread' | 'mutex' | 'signal' | 'deadlock' | 'called_from_lib';

export const FAMILIES: readonly Family[] = [
  'race',
  'thread',
  'mutex',
  'signal',
  'deadlock',
  'called_from_lib',
];

export function familyOf(type: SuppressionType): Family {
  return type === 'race_top' ? 'race' : type;
}

export interface GeneratedEntry {
  readonly type: SuppressionType;
  readonly pattern: string;
  /** How the pattern was derived, for failure messages. */
  readonly origin: string;
}

export function entryKey(entry: { readonly type: string; readonly pattern: string }): string {
  return `${entry.type}:${entry.pattern}`;
}

/**
 * The suppression type the runtime consults for a report, from its headline (conv() in
 * tsan_suppressions.cpp). This is the test's own table, independent of racelens's `family`.
 */
export function runtimeSuppressionType(kind: string): Family | null {
  if (
    kind === 'data race' ||
    kind.startsWith('data race on vptr') ||
    kind.startsWith('heap-use-after-free') ||
    kind.startsWith('race on ')
  ) {
    return 'race';
  }
  if (kind === 'thread leak') return 'thread';
  if (
    kind === 'destroy of a locked mutex' ||
    kind === 'double lock of a mutex' ||
    kind.startsWith('use of an invalid mutex') ||
    kind.startsWith('unlock of an unlocked mutex') ||
    kind === 'read lock of a write locked mutex' ||
    kind === 'read unlock of a write locked mutex' ||
    kind === 'mutex held in the wrong context'
  ) {
    return 'mutex';
  }
  if (kind === 'signal-unsafe call inside of a signal' || kind === 'signal handler spoils errno') {
    return 'signal';
  }
  if (kind.startsWith('lock-order-inversion')) return 'deadlock';
  return null;
}

/** The report's own stacks (accesses, headline/`and:`/edge stacks, a leak's thread), sleep excluded. */
export function ownStacks(report: Report): (readonly Frame[])[] {
  const stacks: (readonly Frame[])[] = report.accesses.map((a) => a.frames);
  for (const stack of report.stacks) if (stack.role !== 'sleep') stacks.push(stack.frames);
  if (runtimeSuppressionType(report.kind) === 'thread') {
    for (const thread of report.threads) stacks.push(thread.frames);
  }
  return stacks.filter((frames) => frames.length > 0);
}

/**
 * Context stacks: creation stacks of a race's threads, heap allocations, mutex creations, fd
 * locations. They are printed in the report, so their names make good "looks related but must
 * not suppress" patterns. The sleep stack comes and goes with timing, so it is never used.
 */
function contextStacks(report: Report): (readonly Frame[])[] {
  const stacks: (readonly Frame[])[] = [];
  if (runtimeSuppressionType(report.kind) !== 'thread') {
    for (const thread of report.threads) stacks.push(thread.frames);
  }
  for (const location of report.locations) {
    if (location.type === 'heap' || location.type === 'fd') stacks.push(location.frames);
  }
  for (const mutex of report.mutexes) stacks.push(mutex.frames);
  return stacks;
}

/** A report's identity across runs: its kind and the top two functions of each own stack. */
export function reportKey(report: Report): string {
  const tops = ownStacks(report)
    .map((frames) =>
      frames
        .slice(0, 2)
        .map((f) => f.function ?? '<null>')
        .join(' < '),
    )
    .sort();
  return `${report.kind}: ${tops.join(' | ')}`;
}

export interface PatternContext {
  /** The full path of a module as loaded, for its printed (base) name; null when unknown. */
  readonly modulePath: (printed: string) => string | null;
}

// ---------------------------------------------------------------------------------------------
// String rules

function swapCase(s: string): string {
  let out = '';
  for (const ch of s) {
    const lower = ch.toLowerCase();
    out += ch === lower ? ch.toUpperCase() : lower;
  }
  return out;
}

function prefixOf(s: string): string {
  return s.slice(0, Math.ceil(s.length / 2));
}

function suffixOf(s: string): string {
  return s.slice(Math.floor(s.length / 2));
}

/** `ab*yz`: the first and last thirds with a `*` for the middle. */
function starredOf(s: string): string {
  const k = Math.max(1, Math.floor(s.length / 3));
  return `${s.slice(0, k)}*${s.slice(s.length - k)}`;
}

/**
 * The non-backtracking trap: when the subject's last character also occurs earlier, `c$` finds
 * that earlier occurrence first, and the runtime's matcher does not look further.
 */
function trapOf(s: string): string | null {
  const last = s.at(-1);
  if (last === undefined || s.indexOf(last) === s.length - 1 || last === '*' || last === '$') {
    return null;
  }
  return `${last}$`;
}

const C_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A frame printed without a source file, or with one of the sanitizer runtime's own. */
function looksLikeRuntimeFrame(frame: Frame): boolean {
  if (frame.function === null || !C_IDENTIFIER.test(frame.function)) return false;
  return frame.file === null || /libsanitizer|compiler-rt|\.cpp\.o$/.test(frame.file);
}

// ---------------------------------------------------------------------------------------------
// The generator

class EntryList {
  private readonly seen = new Set<string>();
  readonly entries: GeneratedEntry[] = [];

  add(type: SuppressionType, pattern: string | null, origin: string): void {
    if (pattern === null || pattern.length === 0) return;
    // The runtime trims trailing blanks and a file line cannot hold a newline: never generate one.
    if (/[ \t\r]$/.test(pattern) || /[\n\r]/.test(pattern)) return;
    const key = entryKey({ type, pattern });
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.entries.push({ type, pattern, origin });
  }
}

type Rule = readonly [name: string, apply: (s: string) => string | null];

const LEAD_FUNCTION_RULES: readonly Rule[] = [
  ['whole', (s) => s],
  ['^whole$', (s) => `^${s}$`],
  ['^prefix', (s) => `^${prefixOf(s)}`],
  ['suffix$', (s) => `${suffixOf(s)}$`],
  ['middle', (s) => (s.length >= 4 ? s.slice(1, -1) : null)],
  ['first*last', starredOf],
  ['^whole*$ ($ after *)', (s) => `^${s}*$`],
  ['*whole*', (s) => `*${s}*`],
  ['wrong case', (s) => (swapCase(s) === s ? null : swapCase(s))],
  ['leading space', (s) => ` ${s}`],
  ['# comment tail', (s) => `${s} # comment`],
  ['anchored one character late', (s) => (s.length > 1 ? `^${s.slice(1)}` : null)],
  ['c$ trap (first occurrence is not the last)', trapOf],
];

const OWN_TOP_FUNCTION_RULES: readonly Rule[] = [
  ['whole', (s) => s],
  ['^whole$', (s) => `^${s}$`],
  ['suffix$', (s) => `${suffixOf(s)}$`],
];

const SHORT_FUNCTION_RULES: readonly Rule[] = [
  ['whole', (s) => s],
  ['^whole$', (s) => `^${s}$`],
];

const WHOLE_FUNCTION_RULES: readonly Rule[] = [['whole', (s) => s]];

const RACE_TOP_LEAD_RULES: readonly Rule[] = [
  ['whole', (s) => s],
  ['^whole$', (s) => `^${s}$`],
  ['suffix$', (s) => `${suffixOf(s)}$`],
  ['^prefix', (s) => `^${prefixOf(s)}`],
];

/** Interceptor-looking names: the runtime may match a name the printer shortened. */
const RUNTIME_FUNCTION_RULES: readonly Rule[] = [
  ['^whole$', (s) => `^${s}$`],
  ['^__interceptor_whole$', (s) => `^__interceptor_${s}$`],
  ['^___interceptor_whole$', (s) => `^___interceptor_${s}$`],
];

const LEAD_FILE_RULES: readonly Rule[] = [
  ['whole path', (s) => s],
  ['^whole path$', (s) => `^${s}$`],
  ['base name', (s) => path.posix.basename(s)],
  ['^base name', (s) => `^${path.posix.basename(s)}`],
  ['extension$', (s) => (path.posix.extname(s) ? `${path.posix.extname(s)}$` : null)],
  ['c$ trap (first occurrence is not the last)', trapOf],
  ['*c$ trap', (s) => (trapOf(s) === null ? null : `*${trapOf(s)}`)],
  [
    '^/first*base$',
    (s) => {
      const first = s.split('/')[1];
      return s.startsWith('/') && first ? `^/${first}*${path.posix.basename(s)}$` : null;
    },
  ],
  ['/parent dir/', (s) => `/${path.posix.basename(path.posix.dirname(s))}/`],
  ['base name wrong case', (s) => swapCase(path.posix.basename(s))],
  ['base name # comment tail', (s) => `${path.posix.basename(s)} # comment`],
];

const OTHER_FILE_RULES: readonly Rule[] = [
  ['base name', (s) => path.posix.basename(s)],
  ['/parent dir/', (s) => `/${path.posix.basename(path.posix.dirname(s))}/`],
  ['^whole path$', (s) => `^${s}$`],
];

/** Module rules get the printed base name and the full path (or null when unknown). */
type ModuleRule = readonly [
  name: string,
  apply: (printed: string, full: string | null) => string | null,
];

/** For the module of a report's lead frame. */
const LEAD_MODULE_RULES: readonly ModuleRule[] = [
  ['printed name', (m) => m],
  ['^printed name$', (m) => `^${m}$`],
  ['^printed name', (m) => `^${m}`],
  ['printed name$', (m) => `${m}$`],
  ['full path', (_, full) => full],
  ['^full path$', (_, full) => (full === null ? null : `^${full}$`)],
  ['^directory/', (_, full) => (full === null ? null : `^${path.posix.dirname(full)}/`)],
  [
    '^/first component',
    (_, full) => (full?.startsWith('/') ? `^/${full.split('/')[1] ?? ''}` : null),
  ],
  ['wrong case', (m) => (swapCase(m) === m ? null : swapCase(m))],
];

const OTHER_MODULE_RULES: readonly ModuleRule[] = [
  ['printed name', (m) => m],
  ['^printed name$', (m) => `^${m}$`],
  ['full path', (_, full) => full],
  ['^full path$', (_, full) => (full === null ? null : `^${full}$`)],
];

const TOP_MODULE_RULES: readonly ModuleRule[] = [
  ['printed name', (m) => m],
  ['full path', (_, full) => full],
];

const CONTEXT_MODULE_RULES: readonly ModuleRule[] = [['printed name', (m) => m]];

const GLOBAL_RULES: readonly Rule[] = [
  ['whole', (s) => s],
  ['^whole$', (s) => `^${s}$`],
  ['^prefix', (s) => `^${prefixOf(s)}`],
  ['suffix$', (s) => `${suffixOf(s)}$`],
  ['wrong case', (s) => (swapCase(s) === s ? null : swapCase(s))],
  ['leading space', (s) => ` ${s}`],
  ['# comment tail', (s) => `${s} # comment`],
];

const OTHER_TYPES: readonly SuppressionType[] = ['race', 'thread', 'mutex', 'signal', 'deadlock'];

/**
 * Generates the entries of one toolchain's programs, one program at a time, in a fixed order:
 * report by report as printed, then stack by stack, frame by frame.
 *
 * Within a program, the first report of each family gets the rich rules for its lead function
 * (and the longer lists for its other frames); later reports of the family get short ones.
 * Across the programs of one generator, the rich rules for a family's lead file, lead module
 * and global are spent once, on the first program that has them (the others get short lists).
 * Call `generate` in a fixed program order: what it returns depends on what came before.
 *
 * `race_top` entries are derived for race reports from the top frames (where the runtime looks)
 * and from second frames and globals (where it does not).
 */
export class PatternGenerator {
  private readonly richSpent = new Set<string>();

  private spend(what: string): boolean {
    if (this.richSpent.has(what)) return false;
    this.richSpent.add(what);
    return true;
  }

  generate(reports: readonly Report[], context: PatternContext): GeneratedEntry[] {
    const list = new EntryList();
    const firstOfFamily = new Set<Family>();
    const applyRules = (
      type: SuppressionType,
      rules: readonly Rule[],
      subject: string,
      what: string,
    ): void => {
      for (const [name, rule] of rules) list.add(type, rule(subject), `${name} of ${what}`);
    };
    const applyModuleRules = (
      type: SuppressionType,
      rules: readonly ModuleRule[],
      module: string,
    ): void => {
      const full = context.modulePath(module);
      for (const [name, rule] of rules) {
        list.add(
          type,
          rule(module, full),
          `${name} of module '${module}' (${full ?? 'path unknown'})`,
        );
      }
    };

    for (const report of reports) {
      const type = runtimeSuppressionType(report.kind);
      if (type === null || type === 'called_from_lib') continue;
      const first = !firstOfFamily.has(type);
      firstOfFamily.add(type);
      const own = ownStacks(report);
      const lead = own[0]?.[0];

      // Functions of the report's own stacks.
      own.forEach((frames, s) => {
        frames.forEach((frame, i) => {
          const fn = frame.function;
          if (fn === null) return;
          const what = `function '${fn}' (stack ${s}, frame #${i})`;
          const isLead = s === 0 && i === 0;
          let rules: readonly Rule[];
          if (isLead && first) rules = LEAD_FUNCTION_RULES;
          else if (i === 0) rules = first ? OWN_TOP_FUNCTION_RULES : SHORT_FUNCTION_RULES;
          else if (i === 1 && first) rules = SHORT_FUNCTION_RULES;
          else rules = WHOLE_FUNCTION_RULES;
          applyRules(type, rules, fn, what);
          const runtimeLike = looksLikeRuntimeFrame(frame);
          if (runtimeLike) applyRules(type, RUNTIME_FUNCTION_RULES, fn, what);
          if (type !== 'race') return;
          if (isLead)
            applyRules('race_top', first ? RACE_TOP_LEAD_RULES : SHORT_FUNCTION_RULES, fn, what);
          else if (i === 0 || (i === 1 && s === 0)) list.add('race_top', fn, `whole of ${what}`);
          if (i === 0 && runtimeLike) applyRules('race_top', RUNTIME_FUNCTION_RULES, fn, what);
        });
      });

      // Files and modules of the report's own stacks.
      const richFile = lead?.file ? this.spend(`${type} lead file`) : false;
      const richModule = lead?.module ? this.spend(`${type} lead module`) : false;
      for (const frames of own) {
        frames.forEach((frame, i) => {
          if (frame.file !== null) {
            const rules =
              richFile && frame.file === lead?.file ? LEAD_FILE_RULES : OTHER_FILE_RULES;
            applyRules(type, rules, frame.file, `file '${frame.file}'`);
            if (type === 'race' && i === 0) {
              list.add('race_top', path.posix.basename(frame.file), `base name of '${frame.file}'`);
            }
          }
          if (frame.module !== null) {
            const rules =
              richModule && frame.module === lead?.module ? LEAD_MODULE_RULES : OTHER_MODULE_RULES;
            applyModuleRules(type, rules, frame.module);
            if (type === 'race' && i === 0) {
              applyModuleRules('race_top', TOP_MODULE_RULES, frame.module);
            }
          }
        });
      }

      // Context stacks (thread creation, allocation, mutex creation): one probe per name.
      contextStacks(report).forEach((frames, s) => {
        frames.forEach((frame, i) => {
          const fn = frame.function;
          if (fn !== null) {
            const what = `function '${fn}' (context stack ${s}, frame #${i})`;
            const runtimeLike = looksLikeRuntimeFrame(frame);
            applyRules(type, runtimeLike ? SHORT_FUNCTION_RULES : WHOLE_FUNCTION_RULES, fn, what);
          }
          if (frame.file !== null) {
            const what = `base name of '${frame.file}' (context)`;
            list.add(type, path.posix.basename(frame.file), what);
          }
          if (frame.module !== null) applyModuleRules(type, CONTEXT_MODULE_RULES, frame.module);
        });
      });

      // Globals (the racy variable, a mutex's variable).
      for (const location of report.locations) {
        if (location.type !== 'global' || location.artifact) continue;
        const rules = this.spend(`${type} global`) ? GLOBAL_RULES : SHORT_FUNCTION_RULES;
        applyRules(type, rules, location.name, `global '${location.name}'`);
        if (type === 'race') list.add('race_top', location.name, `global '${location.name}'`);
        if (location.module !== null) applyModuleRules(type, OTHER_MODULE_RULES, location.module);
      }

      // The lead function under every other type: families must not leak into each other.
      if (lead?.function) {
        for (const other of OTHER_TYPES) {
          if (other !== type) list.add(other, lead.function, `lead function of a ${type} report`);
        }
        // Harmless called_from_lib entries: a function name anchored at the start can never
        // match a loaded module's path (those start with '/').
        list.add('called_from_lib', `^${lead.function}`, `lead function of a ${type} report`);
      }
    }
    return list.entries;
  }
}

// ---------------------------------------------------------------------------------------------
// Packing and credit sets

/**
 * Files of at most one entry per family: entries of different families cannot interact, so
 * each file gives an independent verdict for every one of its entries.
 */
export function packByFamily(entries: readonly GeneratedEntry[]): GeneratedEntry[][] {
  const byFamily = new Map<Family, GeneratedEntry[]>();
  for (const entry of entries) {
    const family = familyOf(entry.type);
    let list = byFamily.get(family);
    if (!list) {
      list = [];
      byFamily.set(family, list);
    }
    list.push(entry);
  }
  const files: GeneratedEntry[][] = [];
  const longest = Math.max(0, ...[...byFamily.values()].map((l) => l.length));
  for (let i = 0; i < longest; i++) {
    const file: GeneratedEntry[] = [];
    for (const family of FAMILIES) {
      const entry = byFamily.get(family)?.[i];
      if (entry) file.push(entry);
    }
    files.push(file);
  }
  return files;
}

/**
 * For each family, several entries that each point at one report's own stacks in a different
 * way (a deeper function, the top function, the global, the file, the module), from every
 * report of the family. Put into one file in different orders, they test which entry the
 * runtime credits when several would suppress the same report.
 */
export function creditSets(reports: readonly Report[]): Map<Family, GeneratedEntry[]> {
  const sets = new Map<Family, EntryList>();
  for (const report of reports) {
    const type = runtimeSuppressionType(report.kind);
    if (type === null || type === 'called_from_lib') continue;
    let list = sets.get(type);
    if (!list) {
      list = new EntryList();
      sets.set(type, list);
    }
    const own = ownStacks(report);
    const topType: SuppressionType = type === 'race' ? 'race_top' : type;
    const [first, second] = own;
    const what = (frame: Frame | undefined, where: string) =>
      `${where} of ${report.kind} (${frame?.function ?? '?'})`;
    const fn = (frame: Frame | undefined) => frame?.function ?? null;
    list.add(
      topType,
      fn(first?.[0]) === null ? null : `^${fn(first?.[0])}$`,
      what(first?.[0], 'first stack #0'),
    );
    list.add(type, fn(first?.[1]), what(first?.[1], 'first stack #1'));
    list.add(type, fn(second?.[0]), what(second?.[0], 'second stack #0'));
    list.add(topType, fn(second?.[1]), what(second?.[1], 'second stack #1'));
    for (const location of report.locations) {
      if (location.type === 'global' && !location.artifact) {
        list.add(type, location.name, `global of ${report.kind}`);
      }
    }
    const top = first?.[0];
    if (top?.file) list.add(type, path.posix.basename(top.file), what(top, 'file of first #0'));
    if (top?.module) list.add(topType, top.module, what(top, 'module of first #0'));
  }
  return new Map([...sets].map(([family, list]) => [family, list.entries]));
}

/** A fixed permutation (FNV-1a of each entry), the third order the credit sets are tried in. */
export function hashedOrder<T extends { type: string; pattern: string }>(items: readonly T[]): T[] {
  const hash = (s: string) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h;
  };
  return [...items].sort((a, b) => hash(entryKey(a)) - hash(entryKey(b)));
}

/** The text of a suppression file holding these entries, one per line. */
export function suppressionFileText(entries: readonly GeneratedEntry[]): string {
  return `${entries.map((e) => `${e.type}:${e.pattern}`).join('\n')}\n`;
}
