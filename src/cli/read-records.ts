import type { ParseRecord } from '../model/report.js';
import { type ParseInputsOptions, parseInputs } from '../parse/parse-inputs.js';
import { InputError } from '../read/input-sources.js';
import type { CommandIo } from './output.js';

/**
 * Streams the records of every input to `take`; an input that cannot be read is reported on
 * stderr in one line and the others are still read. Returns how many inputs failed.
 */
export async function readRecords(
  inputs: readonly string[],
  io: CommandIo,
  take: (record: ParseRecord) => Promise<void> | void,
  options: Pick<ParseInputsOptions, 'onInputEnd'> = {},
): Promise<number> {
  let inputErrors = 0;
  for await (const record of parseInputs(inputs, options)) {
    if (record instanceof InputError) {
      inputErrors++;
      await io.stderr.write(`racelens: ${record.message}\n`);
      continue;
    }
    await take(record);
  }
  return inputErrors;
}
