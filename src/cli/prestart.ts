import { statSync } from 'node:fs';
import {
  parsesOnThreads,
  parseThreads,
  prestartSegmentWorkers,
} from '../parse/segments/segment-thread.js';

/**
 * `parse --json` of a file large enough to be parsed on threads: the threads start now, first
 * thing, so that their start overlaps the loading of the rest of the CLI. Imported before
 * anything else by main.ts; a guess from the command line, harmless when wrong (an unused
 * worker is dropped at exit).
 */
const args = process.argv.slice(2);
if (args[0] === 'parse' && args.includes('--json') && !args.includes('--symbolize')) {
  const onThreads = args.slice(1).some((arg) => {
    if (arg.startsWith('-')) return false;
    const stat = statSync(arg, { throwIfNoEntry: false });
    return stat?.isFile() === true && parsesOnThreads(arg, stat.size);
  });
  if (onThreads) prestartSegmentWorkers(parseThreads());
}
