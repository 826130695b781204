import { statSync } from 'node:fs';
import {
  parseThreads,
  prestartSegmentWorkers,
  segmentedMinBytes,
} from '../parse/segments/segment-thread.js';

/**
 * `parse --json` of a file large enough to be parsed on threads: the threads start now, first
 * thing, so that their start overlaps the loading of the rest of the CLI. Imported before
 * anything else by main.ts; a guess from the command line, harmless when wrong (an unused
 * worker is dropped at exit).
 */
const args = process.argv.slice(2);
if (args[0] === 'parse' && args.includes('--json') && !args.includes('--symbolize')) {
  const threads = parseThreads();
  const minBytes = segmentedMinBytes();
  const large = args
    .slice(1)
    .some(
      (arg) =>
        !arg.startsWith('-') && (statSync(arg, { throwIfNoEntry: false })?.size ?? 0) >= minBytes,
    );
  if (threads >= 2 && large) prestartSegmentWorkers(threads);
}
