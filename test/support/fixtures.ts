import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DiagnosticRecord, Frame, ParseRecord, Report } from '../../src/index.js';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');
export const CORPUS = join(FIXTURES, 'corpus');
export const SEED = join(FIXTURES, 'seed', '000_73625768c436998a.txt');

export function readFixture(...parts: string[]): string {
  return readFileSync(join(FIXTURES, ...parts), 'utf8');
}

export function reportsOf(records: readonly ParseRecord[]): Report[] {
  return records.filter((r): r is Report => r.type === 'report');
}

export function diagnosticsOf(records: readonly ParseRecord[]): DiagnosticRecord[] {
  return records.filter((r): r is DiagnosticRecord => r.type === 'diagnostic');
}

/** One line of `corpus/manifest.jsonl`, the fields the tests read. */
export interface ManifestEntry {
  readonly file: string;
  readonly tool: string;
  readonly reports: number;
  readonly truncated?: boolean;
  readonly truncated_by?: string;
  readonly leading_fragment?: boolean;
  readonly expect?: {
    readonly report_kinds?: readonly string[];
    readonly accesses?: readonly ExpectedAccess[];
    readonly second_report_accesses?: readonly ExpectedAccess[];
    readonly summary_function?: string;
    readonly first_report_summary_function?: string;
    readonly location?: string;
  };
}

export interface ExpectedAccess {
  readonly kind: string;
  readonly thread: string;
  readonly top_function: string;
  readonly mutexes?: string;
}

export function corpusManifest(): ManifestEntry[] {
  return readFileSync(join(CORPUS, 'manifest.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as ManifestEntry);
}

/** The programs of `corpus/examples/programs/`, each run under gcc 12 and clang 19 (`out/`). */
export const EXAMPLE_PROGRAMS = [
  'atomic',
  'dbl',
  'deadlock',
  'errno',
  'fd',
  'heap_mutex',
  'leak',
  'mutexbugs',
  'nested',
  'race',
  'signal',
  'sleep',
  'stackloc',
  'uaf',
  'vptr',
] as const;

/** A frame for unit tests: every field TSan may omit is null unless given. */
export function makeFrame(fields: Partial<Frame> = {}): Frame {
  return {
    index: 0,
    function: null,
    file: null,
    line: null,
    column: null,
    module: null,
    offset: null,
    buildId: null,
    address: null,
    ...fields,
  };
}
