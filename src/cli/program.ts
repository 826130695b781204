import { Command, CommanderError, Option } from 'commander';
import { EXIT, type ExitCode, ExitError } from './exit-codes.js';
import type { CommandIo } from './output.js';

const VERSION = '0.1.0';

/**
 * Declares every command in one place. Each command's module is loaded when it runs; commands
 * return an exit code and throw ExitError for failures the user can fix.
 */
export function buildProgram(io: CommandIo, setExitCode: (code: ExitCode) => void): Command {
  const program = new Command()
    .name('racelens')
    .description('Turn ThreadSanitizer output into triaged, deduplicated, actionable knowledge.')
    .version(VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
      // One line a user can act on: what is wrong, and where usage is.
      outputError: (text, write) =>
        write(`racelens: ${text.trim().replace(/^error: /, '')} (see 'racelens --help')\n`),
    });

  program
    .command('parse')
    .description(
      'read every ThreadSanitizer report in the inputs (files, directories, .gz, log_path prefixes, - for stdin)',
    )
    .argument('<inputs...>', 'log files, directories, gzip files, or - for stdin')
    .addOption(new Option('--json', 'one JSON record per line (schemas/parse-record.schema.json)'))
    .addHelpText(
      'after',
      '\nExamples:\n  racelens parse examples/\n  racelens parse --json ci.log.gz | jq .kind\n  ./a.out 2>&1 | racelens parse -',
    )
    .action(async (inputs: string[], options: { json?: boolean }) => {
      const { parseCommand } = await import('./commands/parse.js');
      const result = await parseCommand(inputs, { json: options.json === true }, io);
      setExitCode(result.exitCode);
    });

  program
    .command('triage')
    .description('group reports by a stable signature, link near-duplicates and match known issues')
    .argument('<inputs...>', 'log files, directories, gzip files, or - for stdin')
    .addOption(new Option('--json', 'one JSON document (schemas/triage-result.schema.json)'))
    .addOption(
      new Option('--known <path>', 'known issues: a JSON/YAML list, or a folder of issue texts'),
    )
    .addOption(new Option('--config <file>', 'racelens.config.json (schemas/config.schema.json)'))
    .addHelpText(
      'after',
      '\nExamples:\n  racelens triage examples/ci-run.log\n  racelens triage --known issues/ --json ci-logs/ > triage.json',
    )
    .action(
      async (inputs: string[], options: { json?: boolean; known?: string; config?: string }) => {
        const { triageCommand } = await import('./commands/triage.js');
        setExitCode(
          await triageCommand(
            inputs,
            { json: options.json === true, known: options.known, config: options.config },
            io,
          ),
        );
      },
    );

  return program;
}

/** Maps commander's own errors (unknown flag, missing argument, --help) to our exit codes. */
export function exitCodeOfCommanderError(error: CommanderError): ExitCode {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')
    return EXIT.ok;
  if (error.code === 'commander.help') return EXIT.ok;
  return EXIT.usage;
}

export { CommanderError, ExitError };
