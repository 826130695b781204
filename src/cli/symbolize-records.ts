import { existsSync } from 'node:fs';
import type { ParseRecord } from '../model/report.js';
import { InputError } from '../read/input-sources.js';
import { SymbolizerNotFoundError } from '../symbolize/find-tool.js';
import { symbolizeStream } from '../symbolize/symbolize-stream.js';
import { type MissingModule, Symbolizer } from '../symbolize/symbolizer.js';
import { EXIT, ExitError } from './exit-codes.js';
import type { CommandIo } from './output.js';

/**
 * `--symbolize --binaries DIR...`: the records of `source` with bare frames symbolized, in
 * order. At the end, the modules no file was found for are named on stderr, one line each.
 */
export async function* symbolizeRecords(
  source: AsyncIterable<ParseRecord | InputError>,
  binaries: readonly string[],
  io: CommandIo,
): AsyncGenerator<ParseRecord | InputError> {
  if (binaries.length === 0)
    throw new ExitError(EXIT.usage, 'symbolizing needs --binaries DIR (where the modules are)');
  // A folder that is not there finds no module: every frame would stay bare, silently.
  const absent = binaries.filter((path) => !existsSync(path));
  if (absent.length > 0)
    throw new ExitError(
      EXIT.input,
      `--binaries ${absent.join(', ')}: no such file or directory; give the folder the program and its libraries were built into`,
    );
  let symbolizer: Symbolizer;
  try {
    symbolizer = new Symbolizer({ binaries });
  } catch (error) {
    if (error instanceof SymbolizerNotFoundError) throw new ExitError(EXIT.usage, error.message);
    throw error;
  }
  try {
    yield* symbolizeStream(source, symbolizer, isRecord);
    for (const missing of symbolizer.missing) await io.stderr.write(`${missingLine(missing)}\n`);
    for (const failed of symbolizer.failed) {
      await io.stderr.write(
        `racelens: could not symbolize ${failed.path} (its frames stay unsymbolized): ${failed.message}\n`,
      );
    }
  } finally {
    symbolizer.close();
  }
}

function isRecord(item: ParseRecord | InputError): item is ParseRecord {
  return !(item instanceof InputError);
}

function missingLine(missing: MissingModule): string {
  const id = missing.buildId ? ` (BuildId: ${missing.buildId})` : '';
  return `${missing.file}:${missing.line}: racelens: module ${missing.module}${id} not found under --binaries; its frames stay unsymbolized`;
}
