import type { ParseRecord } from '../model/report.js';
import { type InputSummary, type ParseInputsOptions, parseInputs } from '../parse/parse-inputs.js';
import type { SerializedRecords } from '../parse/segments/segment-stitcher.js';
import { InputError } from '../read/input-sources.js';
import type { CommandIo } from './output.js';
import { ReadProgress } from './read-progress.js';

export interface ReadRecordsOptions extends Pick<ParseInputsOptions, 'onInputEnd' | 'segmented'> {
  /** Records of large files written on several threads (with `segmented`), as text. */
  readonly takeSerialized?: (records: SerializedRecords) => Promise<void>;
  /** `--symbolize --binaries DIR...`: bare frames are symbolized from the modules there. */
  readonly binaries?: readonly string[];
  /** `--include GLOB`: only these files of a walked directory. */
  readonly include?: readonly string[];
  /** `--exclude GLOB`: not these files and folders of a walked directory. */
  readonly exclude?: readonly string[];
}

/**
 * Streams the records of every input to `take`; an input that cannot be read is reported on
 * stderr in one line and the others are still read. Binary files found in directories are
 * skipped and counted in one line at the end. Returns how many inputs failed.
 */
export async function readRecords(
  inputs: readonly string[],
  io: CommandIo,
  take: (record: ParseRecord) => Promise<void> | void,
  options: ReadRecordsOptions = {},
): Promise<number> {
  if (inputs.includes('-') && io.stdinIsTty === true)
    await io.stderr.write(
      'racelens: reading a log from the terminal: paste it and end with Ctrl-D, or pipe one in (./a.out 2>&1 | racelens parse -)\n',
    );
  let inputErrors = 0;
  let binaries = 0;
  const progress = new ReadProgress(io.stderr, io.stderrIsTty === true, io.columns);
  const parseOptions = {
    // Only when someone listens: parseInputs hashes every byte for it.
    ...(options.onInputEnd !== undefined || io.stderrIsTty === true
      ? {
          // Returned, so that parseInputs awaits the store before reading on (back-pressure).
          onInputEnd: (input: InputSummary) => {
            progress.inputEnded(input.name);
            return options.onInputEnd?.(input);
          },
        }
      : {}),
    walk: {
      include: options.include,
      exclude: options.exclude,
      onSkipped: () => {
        binaries++;
      },
    },
  };
  // Symbolizing loads its own modules only when asked for; it needs records, not text.
  const source: AsyncIterable<ParseRecord | InputError | SerializedRecords> =
    options.binaries === undefined
      ? parseInputs(inputs, { ...parseOptions, segmented: options.segmented })
      : (await import('./symbolize-records.js')).symbolizeRecords(
          parseInputs(inputs, parseOptions),
          options.binaries,
          io,
        );
  try {
    for await (const record of source) {
      if (record instanceof InputError) {
        progress.finish();
        inputErrors++;
        await io.stderr.write(`racelens: ${record.message}\n`);
        continue;
      }
      if (record.type === 'serialized') {
        await options.takeSerialized?.(record);
        continue;
      }
      progress.record(record.type === 'diagnostic' ? record.file : record.source.file);
      await take(record);
    }
  } finally {
    progress.finish();
  }
  if (binaries > 0)
    await io.stderr.write(
      `racelens: skipped ${binaries} binary file${binaries === 1 ? '' : 's'} (NUL bytes in the first block) found in directories; name a file to read it anyway\n`,
    );
  return inputErrors;
}
