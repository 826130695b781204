import type { MutexRef, Report } from '../model/report.js';
import { programFrame } from './program-frame.js';
import { type SideFacts, threadWords } from './side-facts.js';

/**
 * Why a race is a race, from what its report states: which pattern of (missing)
 * synchronisation it shows, in one sentence. Evidence for people; it never enters a
 * signature. Version 1 of the `why` field of triage JSON (schemas/triage-result.schema.json).
 */
export const WHY_VERSION = 1 as const;

export const WHY_PATTERNS = [
  'use-after-free',
  'mixed-atomic',
  'lock-one-side',
  'different-locks',
  'read-lock-write',
  'no-sync',
  'teardown',
] as const;
export type WhyPattern = (typeof WHY_PATTERNS)[number];

/** A piece of a clause: free words, or a name from the log (code in the formats that have it). */
export type WhyWord = { readonly text: string } | { readonly code: string };

export interface WhyClause {
  readonly pattern: WhyPattern;
  readonly words: readonly WhyWord[];
}

export interface Why {
  readonly version: typeof WHY_VERSION;
  /** Every pattern the report shows, in the order the sentence names them. */
  readonly patterns: readonly WhyPattern[];
  readonly clauses: readonly WhyClause[];
}

/** What the classifier needs of a report: its facts per side and the anchors' names. */
export interface WhyInput {
  readonly report: Report;
  readonly facts: readonly SideFacts[];
  /** The signature's anchor of each side, in print order. */
  readonly anchors: readonly (string | null)[];
}

/** The why of a race report; null for other families (deadlocks, leaks, mutex misuse). */
export function classifyWhy({ report, facts, anchors }: WhyInput): Why | null {
  if (report.family !== 'race') return null;
  const runtime = report.runtime;
  const sides = facts.map((f, i) => ({ ...f, anchor: anchors[i] ?? null }));
  const who = (s: Side) => threadWords(s.thread, runtime);
  const clauses: WhyClause[] = [];
  const [a, b] = sides;
  if (report.kindId.startsWith('heap-use-after-free') && a) {
    // The `Previous` access of a use-after-free is the free itself.
    clauses.push(
      b
        ? w(
            'use-after-free',
            'use after free: ',
            who(b),
            ' freed the block',
            at(b),
            ' and ',
            who(a),
            ` then ${past(a)} it`,
            at(a),
          )
        : w('use-after-free', 'use after free: ', who(a), ` ${verb(a)} freed memory`, at(a)),
    );
  }
  if (!a || !b) {
    if (clauses.length > 0) return done(clauses);
    return done([]);
  }
  if (clauses.length === 0) {
    if (a.atomic !== b.atomic) {
      const [atomic, plain] = a.atomic ? [a, b] : [b, a];
      clauses.push(
        w(
          'mixed-atomic',
          'mixed atomic and plain access: ',
          who(atomic),
          ` ${verb(atomic)} atomically`,
          at(atomic),
          ' while ',
          who(plain),
          ` ${verb(plain)} plainly`,
          at(plain),
          ' (an incomplete atomic conversion)',
        ),
      );
    }
    const lock = lockClause(report, a, b, who);
    if (lock) clauses.push(lock);
  }
  const teardown = teardownClause(a, b, who) ?? teardownClause(b, a, who);
  if (teardown) clauses.push(teardown);
  return done(clauses);
}

type Side = SideFacts & { readonly anchor: string | null };

function lockClause(report: Report, a: Side, b: Side, who: (s: Side) => string): WhyClause | null {
  const mutex = (m: MutexRef) => mutexWords(report, m);
  if (a.mutexes.length === 0 && b.mutexes.length === 0) {
    if (a.atomic || b.atomic) return null;
    const go = report.runtime === 'go';
    return w(
      'no-sync',
      'no synchronisation: ',
      who(a),
      ` ${verb(a)}`,
      at(a),
      ' and ',
      who(b),
      ` ${verb(b)}`,
      at(b),
      go
        ? ' with nothing ordering them (no mutex, channel or atomic between the two)'
        : ' with no mutex held on either side',
    );
  }
  if (a.mutexes.length === 0 || b.mutexes.length === 0) {
    const [locked, bare] = a.mutexes.length > 0 ? [a, b] : [b, a];
    return w(
      'lock-one-side',
      'lock held on one side only: ',
      who(locked),
      ' holds ',
      ...list(locked.mutexes.map(mutex)),
      ` when it ${verb(locked)}`,
      at(locked),
      ', but ',
      who(bare),
      ` holds none when it ${verb(bare)}`,
      at(bare),
    );
  }
  const common = a.mutexes.filter((m) => b.mutexes.some((n) => n.id === m.id));
  if (common.length === 0) {
    return w(
      'different-locks',
      'different locks: ',
      who(a),
      ' holds ',
      ...list(a.mutexes.map(mutex)),
      ' and ',
      who(b),
      ' holds ',
      ...list(b.mutexes.map(mutex)),
      '; no mutex is common to both',
    );
  }
  // A common mutex and still a race: a write made under a read lock.
  for (const [side, other] of [
    [a, b],
    [b, a],
  ] as const) {
    const shared = side.mutexes.find(
      (m) => m.mode === 'read' && other.mutexes.some((n) => n.id === m.id),
    );
    if (side.op === 'write' && shared)
      return w(
        'read-lock-write',
        'a write under a read lock: ',
        who(side),
        ' writes',
        at(side),
        ' holding ',
        ...mutexWords(report, { ...shared, mode: 'write' }),
        ' only for reading',
      );
  }
  return null;
}

function teardownClause(down: Side, other: Side, who: (s: Side) => string): WhyClause | null {
  if (!down.teardown || other.teardown || !other.running) return null;
  const phase = down.teardown.phase === 'finalization' ? 'finalizing' : 'exiting';
  return w(
    'teardown',
    'teardown while a thread still runs: ',
    who(down),
    ` is ${phase} (`,
    { code: down.teardown.function },
    ') while ',
    who(other),
    ' still runs',
    at(other),
  );
}

function mutexWords(report: Report, ref: MutexRef): WhyWord[] {
  const info = report.mutexes.find((m) => m.id === ref.id);
  const created = info ? programFrame(info.frames) : null;
  const mode = ref.mode === 'read' ? ' (for reading)' : '';
  return created?.function
    ? [{ text: `mutex ${ref.id}${mode} created in ` }, { code: created.function }]
    : [{ text: `mutex ${ref.id}${mode}` }];
}

function list(items: readonly WhyWord[][]): WhyWord[] {
  return items.flatMap((item, i) => (i === 0 ? item : [{ text: ', ' }, ...item]));
}

function at(side: Side): WhyWord[] {
  return side.anchor ? [{ text: ' in ' }, { code: side.anchor }] : [];
}

function verb(side: SideFacts): string {
  return side.op === 'read' ? 'reads' : side.op === 'write' ? 'writes' : 'accesses';
}

function past(side: SideFacts): string {
  return side.op === 'read' ? 'read' : side.op === 'write' ? 'wrote' : 'accessed';
}

type Part = string | WhyWord | readonly WhyWord[];

function w(pattern: WhyPattern, ...parts: Part[]): WhyClause {
  const words: WhyWord[] = [];
  for (const part of parts) {
    if (typeof part === 'string') words.push({ text: part });
    else if (Array.isArray(part)) words.push(...(part as readonly WhyWord[]));
    else words.push(part as WhyWord);
  }
  return { pattern, words };
}

function done(clauses: WhyClause[]): Why {
  return { version: WHY_VERSION, patterns: clauses.map((c) => c.pattern), clauses };
}

/** How a format writes the names in a sentence (code spans) and the rest (escaped text). */
export interface WhyQuoting {
  readonly code: (text: string) => string;
  readonly text: (text: string) => string;
}

const BACKTICKS: WhyQuoting = { code: (t) => `\`${t}\``, text: (t) => t };

/**
 * The sentence: the clauses joined, first letter capitalised. A report cut before its second
 * access says so rather than guess.
 */
export function whySentence(why: Why, quote: WhyQuoting = BACKTICKS): string {
  if (why.clauses.length === 0)
    return quote.text('No pattern: the report does not show both accesses or what ordered them.');
  const text = why.clauses
    .map((c) =>
      c.words
        .map((word) => ('code' in word ? quote.code(word.code) : quote.text(word.text)))
        .join(''),
    )
    .join('; ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
