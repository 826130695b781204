import { Command, CommanderError, Option } from 'commander';
import { REPORT_FORMATS, type ReportFormat } from '../render/format-names.js';
import type { FailingStatus } from '../triage/gate-verdict.js';
import { VERSION } from '../version.js';
import { addDecisionCommands } from './decision-commands.js';
import { EXIT, type ExitCode, ExitError } from './exit-codes.js';
import { failOnList } from './fail-on.js';
import { positiveInteger, positiveSeconds } from './number-arguments.js';
import type { CommandIo } from './output.js';
import { addServeCommands, serverOption, tokenOption } from './serve-program.js';

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
    .addOption(symbolizeOption())
    .addOption(binariesOption())
    .addHelpText(
      'after',
      '\nExamples:\n  racelens parse examples/\n  racelens parse --json ci.log.gz | jq .kind\n  ./a.out 2>&1 | racelens parse -',
    )
    .action(async (inputs: string[], options: { json?: boolean } & SymbolizeFlags) => {
      const { parseCommand } = await import('./commands/parse.js');
      const result = await parseCommand(
        inputs,
        { json: options.json === true, binaries: binariesOf(options) },
        io,
      );
      setExitCode(result.exitCode);
    });

  program
    .command('triage')
    .description('group reports by a stable signature, link near-duplicates and match known issues')
    .argument('<inputs...>', 'log files, directories, gzip files, or - for stdin')
    .addOption(
      new Option('--format <format>', 'what to write (json: schemas/triage-result.schema.json)')
        .choices(REPORT_FORMATS)
        .default('terminal'),
    )
    .addOption(new Option('--json', 'the same as --format json'))
    .addOption(new Option('-o, --output <file>', 'write to this file instead of standard output'))
    .addOption(new Option('--group <id>', 'only this group (its id, or a unique prefix of it)'))
    .addOption(
      new Option(
        '--source-root <dir>',
        'the checkout the program was built from: paths under it are shown relative to it (SARIF URIs)',
      ),
    )
    .addOption(
      new Option('--known <path>', 'known issues: a JSON/YAML list, or a folder of issue texts'),
    )
    .addOption(new Option('--config <file>', 'racelens.config.json (schemas/config.schema.json)'))
    .addOption(suppressionsOption())
    .addOption(modulePathOption())
    .addOption(symbolizeOption())
    .addOption(binariesOption())
    .addOption(
      new Option(
        '--db <path|url>',
        'the history store that "seen before" is read from: an SQLite file or a postgres:// URL (default: $RACELENS_DB, else .racelens/racelens.db; read only when it exists)',
      ),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  racelens triage examples/ci-run.log\n  racelens triage --known issues/ --json ci-logs/ > triage.json\n  racelens triage --suppressions tsan-suppressions.txt ci-logs/\n  racelens triage --format markdown --group 72ad88508d crash.log > issue.md\n  racelens triage --format sarif --source-root "$PWD" -o tsan.sarif ci-logs/\n  racelens triage --format html -o races.html ci-logs/',
    )
    .action(async (inputs: string[], options: TriageFlags) => {
      const { triageCommand } = await import('./commands/triage.js');
      setExitCode(
        await triageCommand(
          inputs,
          {
            format: options.json === true ? 'json' : options.format,
            output: options.output,
            group: options.group,
            sourceRoot: options.sourceRoot,
            known: options.known,
            config: options.config,
            suppressions: options.suppressions,
            modulePaths: options.modulePath,
            db: options.db,
            binaries: binariesOf(options),
          },
          io,
        ),
      );
    });

  program
    .command('symbolize')
    .description(
      'fill in function, file and line of bare frames (module+offset only) from the binaries, with llvm-symbolizer or addr2line',
    )
    .argument('<inputs...>', 'log files, directories, gzip files, or - for stdin')
    .addOption(binariesOption().makeOptionMandatory())
    .addOption(new Option('--json', 'one JSON record per line, as parse --json'))
    .addHelpText(
      'after',
      '\nModules are found by BuildId (also DIR/.build-id/ab/cdef....debug), else by file name; modules not found are named on stderr and their frames left as they were.\n\nExamples:\n  racelens symbolize --binaries build/ ci.log > ci.symbolized.log\n  racelens triage --symbolize --binaries build/ --binaries /usr/lib/debug ci.log',
    )
    .action(async (inputs: string[], options: { binaries: string[]; json?: boolean }) => {
      const { symbolizeCommand } = await import('./commands/symbolize.js');
      setExitCode(
        await symbolizeCommand(
          inputs,
          { binaries: options.binaries, json: options.json === true },
          io,
        ),
      );
    });

  program
    .command('ingest')
    .description(
      'parse and triage logs and record them in the history store (one transaction per input)',
    )
    .argument('<inputs...>', 'log files, directories, gzip files, or - for stdin (with --run)')
    .addOption(
      new Option(
        '--run <name>',
        "the run to record into (default: the CI system's run id, else a name made from the inputs)",
      ),
    )
    .addOption(new Option('--commit <sha>', 'the commit the run tested'))
    .addOption(new Option('--branch <name>', 'the branch the run tested'))
    .addOption(new Option('--job <name>', 'the CI job'))
    .addOption(
      new Option('--meta <key=value>', 'free metadata of the run; repeatable')
        .argParser((value: string, previous: string[]) => [...previous, value])
        .default([]),
    )
    .addOption(dbOption())
    .addOption(serverOption())
    .addOption(tokenOption())
    .addOption(new Option('--config <file>', 'racelens.config.json (schemas/config.schema.json)'))
    .addHelpText(
      'after',
      '\nExamples:\n  racelens ingest --server https://racelens.example --token "$RACELENS_TOKEN" ci-logs/\n  racelens ingest ci-logs/\n  racelens ingest --run "$GITHUB_RUN_ID" --branch main --commit "$GITHUB_SHA" tsan.*',
    )
    .action(
      async (
        inputs: string[],
        options: {
          run?: string;
          commit?: string;
          branch?: string;
          job?: string;
          meta: string[];
          db?: string;
          config?: string;
          server?: string;
          token?: string;
        },
      ) => {
        const { ingestCommand } = await import('./commands/ingest.js');
        setExitCode(await ingestCommand(inputs, options, io));
      },
    );

  program
    .command('history')
    .description(
      'per group in the store: first and last seen, runs seen in, share of runs (flakiness), trend',
    )
    .addOption(
      new Option(
        '--group <id>',
        'one group (its id, a prefix of 4+, or its signature) and the runs that saw it',
      ),
    )
    .addOption(
      new Option('--since <date>', 'only runs at or after this ISO date or date-time (UTC)'),
    )
    .addOption(new Option('--json', 'one JSON document (schemas/history.schema.json)'))
    .addOption(dbOption())
    .addHelpText(
      'after',
      '\nExamples:\n  racelens history\n  racelens history --since 2024-05-01\n  racelens history --group 7d58118e3e\n  racelens history --json --db ci/racelens.db | jq \'.groups[] | select(.trend == "new")\'',
    )
    .action(async (options: { group?: string; since?: string; json?: boolean; db?: string }) => {
      const { historyCommand } = await import('./commands/history.js');
      setExitCode(await historyCommand({ ...options, json: options.json === true }, io));
    });

  program
    .command('gate')
    .description(
      'fail (exit 1) when the inputs hold a group not in the baseline, not suppressed and not known; never writes the store',
    )
    .argument('<inputs...>', 'log files, directories, gzip files, or - for stdin')
    .addOption(
      new Option(
        '--baseline <branch|run>',
        'what counts as seen: every run of this branch, else the run of this name',
      ).makeOptionMandatory(),
    )
    .addOption(
      new Option('--known <path>', 'known issues: a JSON/YAML list, or a folder of issue texts'),
    )
    .addOption(new Option('--config <file>', 'racelens.config.json (schemas/config.schema.json)'))
    .addOption(suppressionsOption())
    .addOption(modulePathOption())
    .addOption(new Option('--json', 'one JSON document (schemas/gate-result.schema.json)'))
    .addOption(
      new Option(
        '--fail-on <statuses>',
        'what fails the gate: new, regressed (decided fixed and seen again), or both (default)',
      ).argParser(failOnList),
    )
    .addOption(dbOption())
    .addOption(serverOption())
    .addOption(tokenOption())
    .addHelpText(
      'after',
      '\nExit codes: 0 no new or regressed group; 1 new or regressed groups (listed apart); 2 usage (no store, unknown baseline); 3 an input could not be read.\n\nExamples:\n  racelens gate --baseline main ci-logs/\n  racelens gate --baseline main --suppressions tsan-suppressions.txt --known issues/ tsan.*',
    )
    .action(async (inputs: string[], options: GateFlags) => {
      const { gateCommand } = await import('./commands/gate.js');
      setExitCode(
        await gateCommand(
          inputs,
          {
            baseline: options.baseline,
            suppressions: options.suppressions,
            known: options.known,
            modulePaths: options.modulePath,
            config: options.config,
            json: options.json === true,
            db: options.db,
            server: options.server,
            token: options.token,
            failOn: options.failOn,
          },
          io,
        ),
      );
    });

  program
    .command('run')
    .description(
      'run a command again and again and say how often each race shows (rate with a 95% interval)',
    )
    // Optional for commander, so that a missing command gets run's own message with an example.
    .argument('[command...]', "the command and its arguments, after '--'")
    .addOption(
      new Option('-n, --runs <count>', 'how many runs to start')
        .argParser(positiveInteger)
        .default(20),
    )
    .addOption(
      new Option('-j, --jobs <count>', 'how many run at once')
        .argParser(positiveInteger)
        .default(1),
    )
    .addOption(
      new Option(
        '--timeout <seconds>',
        'kill a run (its whole process group) after this long; default: never',
      ).argParser(positiveSeconds),
    )
    .addOption(
      new Option('--until <count>', 'stop starting runs once this many runs reported').argParser(
        positiveInteger,
      ),
    )
    .addOption(
      new Option(
        '--until-group <id>',
        'stop starting runs once this group (its id or a prefix of 4+) was seen',
      ),
    )
    .addOption(
      new Option('--env <name=value>', "set in the command's environment; repeatable")
        .argParser((value: string, previous: string[]) => [...previous, value])
        .default([]),
    )
    .addOption(new Option('--json', 'one JSON document (schemas/run-result.schema.json)'))
    .addOption(
      new Option('--ingest', 'record the runs in the history store, as one run of the store'),
    )
    .addOption(
      new Option('--run <name>', 'with --ingest: the store run (default: run:<time>:<pid>)'),
    )
    .addOption(dbOption())
    .addOption(new Option('--config <file>', 'racelens.config.json (schemas/config.schema.json)'))
    .addHelpText(
      'after',
      "\nPut the command after '--'. Each run gets TSAN_OPTIONS/GORACE log_path in a temporary folder and halt_on_error=0 (unless set); its standard error is read for reports, its standard output discarded.\n\nExit codes: 0 the runs ended (races or not); 2 usage, or the command cannot be started; 130 Ctrl-C (129 SIGHUP, 143 SIGTERM), after the summary so far.\n\nExamples:\n  racelens run -n 100 -j 2 -- ./racy_test --gtest_filter=Pool.*\n  racelens run --until 1 --timeout 60 -- go test -race -run TestFlaky ./pool\n  racelens run -n 50 --json --ingest -- ./repro > rates.json",
    )
    .action(async (command: string[], options: RunFlags) => {
      const { runCommand } = await import('./commands/run.js');
      setExitCode(
        await runCommand(
          command,
          {
            ...options,
            json: options.json === true,
            ingest: options.ingest === true,
            progress: process.stderr.isTTY ? 'bar' : 'lines',
            columns: process.stderr.columns,
          },
          io,
        ),
      );
    });

  const suppressions = program
    .command('suppressions')
    .description('check a TSan suppression file against logs, or suggest lines for new reports');

  suppressions
    .command('check')
    .description(
      'find broken, duplicated, redundant, stale and too broad entries; count what each matches in the logs',
    )
    .argument('<file>', 'a TSan suppression file')
    .addOption(
      new Option(
        '--logs <inputs...>',
        'logs to match the entries against (files, directories, .gz, - for stdin)',
      ).default([]),
    )
    .addOption(new Option('--json', 'one JSON document (schemas/suppressions-check.schema.json)'))
    .addOption(new Option('--config <file>', 'racelens.config.json (schemas/config.schema.json)'))
    .addOption(modulePathOption())
    .addHelpText(
      'after',
      '\nExamples:\n  racelens suppressions check tsan-suppressions.txt\n  racelens suppressions check tsan-suppressions.txt --logs ci-logs/',
    )
    .action(
      async (
        file: string,
        options: { logs: string[]; json?: boolean; config?: string; modulePath: string[] },
      ) => {
        const { suppressionsCheckCommand } = await import('./commands/suppressions-check.js');
        setExitCode(
          await suppressionsCheckCommand(
            file,
            {
              logs: options.logs,
              json: options.json === true,
              config: options.config,
              modulePaths: options.modulePath,
            },
            io,
          ),
        );
      },
    );

  suppressions
    .command('suggest')
    .description(
      'for each group not yet suppressed, the narrowest line that suppresses it and nothing else seen',
    )
    .argument('<inputs...>', 'log files, directories, gzip files, or - for stdin')
    .addOption(suppressionsOption())
    .addOption(new Option('--json', 'one JSON document (schemas/suppressions-suggest.schema.json)'))
    .addOption(new Option('--config <file>', 'racelens.config.json (schemas/config.schema.json)'))
    .addOption(modulePathOption())
    .addHelpText(
      'after',
      '\nExamples:\n  racelens suppressions suggest ci.log >> tsan-suppressions.txt\n  racelens suppressions suggest --suppressions tsan-suppressions.txt ci-logs/',
    )
    .action(
      async (
        inputs: string[],
        options: { json?: boolean; config?: string; suppressions: string[]; modulePath: string[] },
      ) => {
        const { suppressionsSuggestCommand } = await import('./commands/suppressions-suggest.js');
        setExitCode(
          await suppressionsSuggestCommand(
            inputs,
            {
              json: options.json === true,
              config: options.config,
              suppressions: options.suppressions,
              modulePaths: options.modulePath,
            },
            io,
          ),
        );
      },
    );

  addServeCommands(program, io, setExitCode);
  addDecisionCommands(program, io, setExitCode);

  return program;
}

interface TriageFlags extends SymbolizeFlags {
  readonly format: ReportFormat;
  readonly json?: boolean;
  readonly output?: string;
  readonly group?: string;
  readonly sourceRoot?: string;
  readonly known?: string;
  readonly config?: string;
  readonly suppressions: string[];
  readonly modulePath: string[];
  readonly db?: string;
}

interface RunFlags {
  readonly runs: number;
  readonly jobs: number;
  readonly timeout?: number;
  readonly until?: number;
  readonly untilGroup?: string;
  readonly env: string[];
  readonly json?: boolean;
  readonly ingest?: boolean;
  readonly run?: string;
  readonly db?: string;
  readonly config?: string;
}

interface GateFlags {
  readonly baseline: string;
  readonly known?: string;
  readonly config?: string;
  readonly suppressions: string[];
  readonly modulePath: string[];
  readonly json?: boolean;
  readonly db?: string;
  readonly server?: string;
  readonly token?: string;
  readonly failOn?: FailingStatus[];
}

/** The history store: `--db`, else RACELENS_DB, else .racelens/racelens.db. */
export function dbOption(): Option {
  return new Option(
    '--db <path|url>',
    'the history store: an SQLite file, or postgres://user@host/db for a team (default: $RACELENS_DB, else .racelens/racelens.db)',
  );
}

interface SymbolizeFlags {
  readonly symbolize?: boolean;
  readonly binaries?: string[];
}

function symbolizeOption(): Option {
  return new Option('--symbolize', 'symbolize bare frames first (needs --binaries)');
}

/** Repeatable: where modules are looked for by BuildId and file name. */
function binariesOption(): Option {
  return new Option(
    '--binaries <dir>',
    'a directory (searched recursively) or file holding modules of the log, or a .build-id/ tree root; repeatable',
  ).argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]);
}

/** `--symbolize` and `--binaries` go together: either alone is a usage error. */
function binariesOf(options: SymbolizeFlags): string[] | undefined {
  if (options.symbolize !== true) {
    if (options.binaries?.length)
      throw new ExitError(EXIT.usage, '--binaries is read with --symbolize only; add --symbolize');
    return undefined;
  }
  if (!options.binaries?.length)
    throw new ExitError(EXIT.usage, '--symbolize needs --binaries DIR (where the modules are)');
  return options.binaries;
}

/** Repeatable: `--suppressions a.txt --suppressions b.txt` reads both, in order, as one file. */
function suppressionsOption(): Option {
  return new Option(
    '--suppressions <file>',
    'a TSan suppression file; repeat to read several in order, as one file',
  )
    .argParser((value: string, previous: string[]) => [...previous, value])
    .default([]);
}

/** TSan prints module base names but matches patterns against the full paths. */
function modulePathOption(): Option {
  return new Option(
    '--module-path <path>',
    'full path a module was loaded from when the program ran (module patterns match full paths; frames only show base names); repeatable',
  )
    .argParser((value: string, previous: string[]) => [...previous, value])
    .default([]);
}

/** Maps commander's own errors (unknown flag, missing argument, --help) to our exit codes. */
export function exitCodeOfCommanderError(error: CommanderError): ExitCode {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')
    return EXIT.ok;
  // Help shown because no subcommand was given (`racelens suppressions`) is a usage error.
  if (error.code === 'commander.help') return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  return EXIT.usage;
}

export { CommanderError, ExitError };
