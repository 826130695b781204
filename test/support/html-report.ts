import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseText, Triage, type TriageOptions } from '../../src/index.js';
import { type RenderContext, renderContext } from '../../src/render/report-format.js';
import { CORPUS, REPO_ROOT, SEED } from './fixtures.js';

/** Markup a hostile log puts where names go: it must show as text and never run. */
export const IMG = '<img src=x onerror=alert(1)>';
export const SCRIPT = '</script><script>alert(2)</script>';
export const GENERATED_AT = new Date('2026-01-01T00:00:00Z');

export interface LogInput {
  readonly file: string;
  readonly text: string;
}

/** A fixture log, named relative to the repository (as a command run from its root names it). */
export function logFile(path: string): LogInput {
  return { file: relative(REPO_ROOT, path), text: readFileSync(path, 'utf8') };
}

export const SEED_LOG: LogInput = logFile(SEED);

/** Example programs' logs: a race, nested frames shared by both stacks, a deadlock, misuse. */
export const EXAMPLE_LOGS: readonly LogInput[] = [
  'race.clang19.txt',
  'nested.clang19.txt',
  'deadlock.gcc.txt',
  'leak.clang19.txt',
  'mutexbugs.gcc.txt',
  'signal.clang19.txt',
  'uaf.gcc.txt',
].map((name) => logFile(join(CORPUS, 'examples', 'out', name)));

export const RACE_LOG: LogInput = EXAMPLE_LOGS[0]!;

/**
 * The clang 19 race example with markup in its function names, file paths, a thread name and
 * the global's name, as a log from an untrusted build could have them.
 */
export function hostileLog(): LogInput {
  const text = RACE_LOG.text
    .replaceAll('Thread2 /home/dev/src/race.c', `${IMG} /home/dev/src/${SCRIPT}.c`)
    .replaceAll('Thread1 /home/dev/src/race.c', `Thread1${SCRIPT} /home/dev/${IMG}/race.c`)
    .replaceAll("global 'Global'", `global '${IMG}'`)
    .replace('Thread T2 (tid', `Thread T2 '${IMG}' (tid`)
    .replace('in Thread2', `in ${IMG}`);
  return { file: 'hostile.txt', text };
}

/** The race example with its first function renamed: a near-duplicate (one side shared). */
export function raceVariant(name: string): LogInput {
  return { file: `race-${name}.txt`, text: RACE_LOG.text.replaceAll('Thread1', name) };
}

/** Parses and triages the logs (each as its own input) and builds the render context. */
export function contextOf(inputs: readonly LogInput[], options: TriageOptions = {}): RenderContext {
  const triage = new Triage(options);
  for (const input of inputs) {
    for (const record of parseText(input.text, { file: input.file })) triage.add(record);
  }
  return renderContext(triage.finish(), {
    inputs: inputs.map((i) => i.file),
    generatedAt: GENERATED_AT,
  });
}
