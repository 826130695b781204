/**
 * Shared helpers of the robustness tests (`test/robustness/`): fixture loading, report shapes
 * that ignore line numbers, frame counting, a fixed-seed PRNG and the public JSON schema.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Frame, ParseRecord, Report } from '../../src/index.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EXAMPLES_OUT = join(ROOT, 'test', 'fixtures', 'corpus', 'examples', 'out');
export const EXAMPLES_EXP = join(ROOT, 'test', 'fixtures', 'corpus', 'examples', 'exp');
export const SEED_PATH = join(ROOT, 'test', 'fixtures', 'seed', '000_73625768c436998a.txt');

/** A real example output (`examples/out/<name>`). */
export function example(name: string): string {
  return readFileSync(join(EXAMPLES_OUT, name), 'utf8');
}

export function experiment(name: string): string {
  return readFileSync(join(EXAMPLES_EXP, name), 'utf8');
}

export function seedText(): string {
  return readFileSync(SEED_PATH, 'utf8');
}

export function reportsOf(records: readonly ParseRecord[]): Report[] {
  return records.filter((r): r is Report => r.type === 'report');
}

/** Lines of a text that ends with a newline (the final empty string is dropped). */
export function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export function joinLines(lines: readonly string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/**
 * What a report says, without where it stood in its input: line numbers (`source`,
 * diagnostics) change when lines are inserted, glued or interleaved; the content must not.
 */
export function shape(report: Report): Omit<Report, 'source' | 'diagnostics'> {
  const { source: _source, diagnostics: _diagnostics, ...rest } = report;
  return rest;
}

/** Every stack of a report, in a fixed order. */
export function stacksOf(report: Report): (readonly Frame[])[] {
  const stacks: (readonly Frame[])[] = [];
  for (const access of report.accesses) stacks.push(access.frames);
  for (const stack of report.stacks) stacks.push(stack.frames);
  for (const location of report.locations) {
    if (location.type === 'heap' || location.type === 'fd') stacks.push(location.frames);
  }
  for (const thread of report.threads) stacks.push(thread.frames);
  for (const mutex of report.mutexes) stacks.push(mutex.frames);
  return stacks;
}

export function frameCount(report: Report): number {
  let count = 0;
  for (const frames of stacksOf(report)) count += frames.length;
  return count;
}

/** Mulberry32: a small deterministic PRNG (the tests never use Math.random). */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, n). */
export function randomInt(random: () => number, n: number): number {
  return Math.floor(random() * n);
}

/** Validates records against the public schema (`schemas/parse-record.schema.json`). */
export function recordValidator(): (record: unknown) => string | null {
  const schema = JSON.parse(
    readFileSync(join(ROOT, 'schemas', 'parse-record.schema.json'), 'utf8'),
  ) as object;
  const validate = new Ajv2020({ allErrors: true, strict: true }).compile(schema);
  return (record) => (validate(record) ? null : JSON.stringify(validate.errors));
}

/**
 * Merges sequences into one, keeping each sequence's own order. `pick` chooses, among the
 * sequences that still have items, which one gives the next item.
 */
export function merge<T>(
  sequences: readonly (readonly T[])[],
  pick: (available: readonly number[], step: number) => number,
): T[] {
  const positions = sequences.map(() => 0);
  const merged: T[] = [];
  for (let step = 0; ; step++) {
    const available: number[] = [];
    sequences.forEach((sequence, i) => {
      if ((positions[i] ?? 0) < sequence.length) available.push(i);
    });
    if (available.length === 0) return merged;
    const chosen = available[pick(available, step) % available.length] ?? 0;
    const position = positions[chosen] ?? 0;
    merged.push(sequences[chosen]?.[position] as T);
    positions[chosen] = position + 1;
  }
}
