import { reportText } from '../../render/report-text.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { CommandIo } from '../output.js';
import { readRecords } from '../read-records.js';

export interface SymbolizeCommandOptions {
  readonly binaries: readonly string[];
  readonly json: boolean;
}

/**
 * `racelens symbolize <inputs...> --binaries DIR... [--json]`: the reports with their bare
 * frames symbolized, printed back in TSan's layout (a log racelens and people read), or one
 * parse record per line with `--json`. Diagnostics go to stderr in text mode.
 */
export async function symbolizeCommand(
  inputs: readonly string[],
  options: SymbolizeCommandOptions,
  io: CommandIo,
): Promise<ExitCode> {
  const inputErrors = await readRecords(
    inputs,
    io,
    async (record) => {
      if (options.json) await io.stdout.write(`${JSON.stringify(record)}\n`);
      else if (record.type === 'report') await io.stdout.write(reportText(record));
      else if (record.type === 'diagnostic')
        await io.stderr.write(`${record.file}:${record.line}: ${record.code}: ${record.message}\n`);
    },
    { binaries: options.binaries },
  );
  return inputErrors > 0 ? EXIT.input : EXIT.ok;
}
