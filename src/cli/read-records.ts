import type { ParseRecord } from '../model/report.js';
import { type ParseInputsOptions, parseInputs } from '../parse/parse-inputs.js';
import { InputError } from '../read/input-sources.js';
import type { CommandIo } from './output.js';
import { symbolizeRecords } from './symbolize-records.js';

export interface ReadRecordsOptions extends Pick<ParseInputsOptions, 'onInputEnd'> {
  /** `--symbolize --binaries DIR...`: bare frames are symbolized from the modules there. */
  readonly binaries?: readonly string[];
}

/**
 * Streams the records of every input to `take`; an input that cannot be read is reported on
 * stderr in one line and the others are still read. Returns how many inputs failed.
 */
export async function readRecords(
  inputs: readonly string[],
  io: CommandIo,
  take: (record: ParseRecord) => Promise<void> | void,
  options: ReadRecordsOptions = {},
): Promise<number> {
  let inputErrors = 0;
  const records = parseInputs(inputs, options);
  const source =
    options.binaries === undefined ? records : symbolizeRecords(records, options.binaries, io);
  for await (const record of source) {
    if (record instanceof InputError) {
      inputErrors++;
      await io.stderr.write(`racelens: ${record.message}\n`);
      continue;
    }
    await take(record);
  }
  return inputErrors;
}
