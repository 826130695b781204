import { Argument, Command, CommanderError, Option } from 'commander';
import { REPORT_FORMATS, type ReportFormat } from '../render/format-names.js';
import type { FailingStatus } from '../triage/gate-verdict.js';
import { VERSION } from '../version.js';
import { addCiCommand } from './ci-command.js';
import { COLOR_WHEN, type ColorWhen, styleFor } from './color.js';
import { completionScript, SHELLS, type Shell } from './completion.js';
import { addDecisionCommands } from './decision-commands.js';
import { EXIT, type ExitCode, ExitError } from './exit-codes.js';
import { FAIL_ON, type FailOn } from './fail-on.js';
import { failOnList } from './fail-on-list.js';
import { positiveInteger, positiveSeconds } from './number-arguments.js';
import type { CommandIo } from './output.js';
import { addServeCommands, serverOption, tokenOption } from './serve-program.js';
import type { TriageInputOptions } from './triage-inputs.js';

/**
 * Declares every command in one place. Each command's module is loaded when it runs; commands
 * return an exit code and throw ExitError for failures the user can fix.
 */
export function buildProgram(io: CommandIo, setExitCode: (code: ExitCode) => void): Command {
  const program = new Command()
    .name('racelens')
    .description('Turn ThreadSanitizer output into triaged, deduplicated, actionable knowledge.')
    .version(VERSION)
    .addOption(
      new Option(
        '--color <when>',
        'colours and file links: auto (on a terminal, unless NO_COLOR is set), always, never',
      )
        .choices(COLOR_WHEN)
        .default('auto'),
    )
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
      outputError: usageError('racelens'),
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
    .addOption(includeOption())
    .addOption(excludeOption())
    .addHelpText(
      'after',
      '\nExamples:\n  racelens parse examples/\n  racelens parse --json ci.log.gz | jq .kind\n  ./a.out 2>&1 | racelens parse -',
    )
    .action(async (inputs: string[], options: { json?: boolean } & SymbolizeFlags & WalkFlags) => {
      const { parseCommand } = await import('./commands/parse.js');
      const result = await parseCommand(
        inputs,
        { json: options.json === true, binaries: binariesOf(options), ...walkOf(options) },
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
        '--fail-on <which>',
        'exit 1 when a group is: new (no known issue), regressed (its known issue is closed/fixed), any (not suppressed)',
      ).choices(FAIL_ON),
    )
    .addOption(
      new Option(
        '--source-root <dir>',
        'the checkout the program was built from: paths under it are shown relative to it (SARIF URIs)',
      ),
    )
    .addOption(knownOption())
    .addOption(configOption())
    .addOption(suppressionsOption())
    .addOption(strictSuppressionsOption())
    .addOption(modulePathOption())
    .addOption(symbolizeOption())
    .addOption(binariesOption())
    .addOption(includeOption())
    .addOption(excludeOption())
    .addOption(
      new Option(
        '--db <path|url>',
        'the history store that "seen before" is read from: an SQLite file or a postgres:// URL (default: $RACELENS_DB, else .racelens/racelens.db; read only when it exists)',
      ),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  racelens triage examples/ci-run.log\n  racelens triage --known issues/ --json ci-logs/ > triage.json\n  racelens triage --suppressions tsan-suppressions.txt ci-logs/\n  racelens triage --format markdown --group 207910509b crash.log > issue.md\n  racelens triage --format sarif --source-root "$PWD" -o tsan.sarif ci-logs/\n  racelens triage --format html -o races.html ci-logs/\n  racelens triage --fail-on new --known issues.yml ci-logs/\n\nExit codes: 0 done; 1 --fail-on found such a group; 2 usage; 3 an input could not be read.',
    )
    .action(async (inputs: string[], options: TriageFlags, command: Command) => {
      const { triageCommand } = await import('./commands/triage.js');
      setExitCode(
        await triageCommand(
          inputs,
          {
            format: formatOf(options, command),
            output: options.output,
            group: options.group,
            sourceRoot: options.sourceRoot,
            ...triageInputsOf(options),
            db: options.db,
            failOn: options.failOn,
            style: styleFor(
              command.optsWithGlobals<{ color: ColorWhen }>().color,
              io.stdoutIsTty === true,
            ),
            binaries: binariesOf(options),
            ...walkOf(options),
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
    .addOption(configOption())
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
      '\nExamples:\n  racelens history\n  racelens history --since 2024-05-01\n  racelens history --group 16f77d6c4e\n  racelens history --json --db ci/racelens.db | jq \'.groups[] | select(.trend == "new")\'',
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
      new Option(
        '--allow-missing-baseline',
        'pass (exit 0, saying so) when there is no store or no such baseline yet: the first run of a project',
      ),
    )
    .addOption(knownOption())
    .addOption(configOption())
    .addOption(suppressionsOption())
    .addOption(strictSuppressionsOption())
    .addOption(modulePathOption())
    .addOption(new Option('--json', 'one JSON document (schemas/gate-result.schema.json)'))
    .addOption(
      new Option(
        '--fail-on <statuses>',
        'what fails the gate: new, regressed (decided fixed and seen again), or both (default)',
      ).argParser(failOnList),
    )
    .addOption(dbOption())
    .addOption(includeOption())
    .addOption(excludeOption())
    .addOption(serverOption())
    .addOption(tokenOption())
    .addHelpText(
      'after',
      '\nExit codes: 0 no new or regressed group (or, with --allow-missing-baseline, no baseline yet); 1 new or regressed groups (listed apart); 2 usage (no store, unknown baseline); 3 an input could not be read.\n\nExamples:\n  racelens gate --baseline main ci-logs/\n  racelens gate --baseline main --suppressions tsan-suppressions.txt --known issues/ tsan.*',
    )
    .action(async (inputs: string[], options: GateFlags) => {
      const { gateCommand } = await import('./commands/gate.js');
      setExitCode(
        await gateCommand(
          inputs,
          {
            baseline: options.baseline,
            ...triageInputsOf(options),
            json: options.json === true,
            db: options.db,
            allowMissingBaseline: options.allowMissingBaseline === true,
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
    .addOption(configOption())
    .addHelpText(
      'after',
      "\nPut the command after '--'. Each run gets TSAN_OPTIONS/GORACE log_path in a temporary folder and halt_on_error=0 (unless set); its standard error is read for reports, its standard output discarded.\n\nExit codes: 0 the runs ended (races or not); 4 no run measured (every run crashed or timed out, no race seen); 2 usage, or the command cannot be started; 130 Ctrl-C (129 SIGHUP, 143 SIGTERM), after the summary so far.\n\nExamples:\n  racelens run -n 100 -j 2 -- ./racy_test --gtest_filter=Pool.*\n  racelens run --until 1 --timeout 60 -- go test -race -run TestFlaky ./pool\n  racelens run -n 50 --json --ingest -- ./repro > rates.json",
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
    // Optional for commander: `--logs` is variadic and takes a file written after it.
    .argument('[file]', 'a TSan suppression file')
    .addOption(
      new Option(
        '--logs <inputs...>',
        'logs to match the entries against (files, directories, .gz, - for stdin)',
      ).default([]),
    )
    .addOption(new Option('--json', 'one JSON document (schemas/suppressions-check.schema.json)'))
    .addOption(configOption())
    .addOption(modulePathOption())
    .addHelpText(
      'after',
      '\nThe file may also come last, after the logs: --logs takes every argument after it, so the last one is the file when FILE is not given before --logs.\n\nExamples:\n  racelens suppressions check tsan-suppressions.txt\n  racelens suppressions check tsan-suppressions.txt --logs ci-logs/\n  racelens suppressions check --logs ci-logs/ tsan-suppressions.txt',
    )
    .action(
      async (
        fileArgument: string | undefined,
        options: { logs: string[]; json?: boolean; config?: string; modulePath: string[] },
      ) => {
        const { suppressionsCheckCommand } = await import('./commands/suppressions-check.js');
        const { file, logs } = suppressionFileAndLogs(fileArgument, options.logs);
        setExitCode(
          await suppressionsCheckCommand(
            file,
            {
              logs,
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
    .addOption(
      new Option(
        '--allow-use-after-free',
        'suggest lines for heap-use-after-free reports too (by default: none, they are memory errors to fix)',
      ),
    )
    .addOption(configOption())
    .addOption(modulePathOption())
    .addHelpText(
      'after',
      '\nExamples:\n  racelens suppressions suggest ci.log >> tsan-suppressions.txt\n  racelens suppressions suggest --suppressions tsan-suppressions.txt ci-logs/',
    )
    .action(
      async (
        inputs: string[],
        options: {
          json?: boolean;
          config?: string;
          suppressions: string[];
          modulePath: string[];
          allowUseAfterFree?: boolean;
        },
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
              allowUseAfterFree: options.allowUseAfterFree === true,
            },
            io,
          ),
        );
      },
    );

  addCiCommand(program, io, setExitCode);
  program
    .command('completion')
    .description('print a shell completion script')
    .addArgument(new Argument('<shell>', 'the shell').choices(SHELLS))
    .addHelpText(
      'after',
      '\nInstall:\n  bash: racelens completion bash > ~/.local/share/bash-completion/completions/racelens\n  zsh:  racelens completion zsh > ~/.zfunc/_racelens (with fpath+=(~/.zfunc) before compinit in ~/.zshrc)\n  fish: racelens completion fish > ~/.config/fish/completions/racelens.fish',
    )
    .action(async (shell: Shell) => {
      await io.stdout.write(completionScript(program, shell));
    });
  addServeCommands(program, io, setExitCode);
  addDecisionCommands(program, io, setExitCode);
  pointUsageErrorsToOwnHelp(program);
  return program;
}

/** One line a user can act on: what is wrong, and the help of the command that was run. */
function usageError(path: string): (text: string, write: (text: string) => void) => void {
  return (text, write) =>
    write(`racelens: ${text.trim().replace(/^error: /, '')} (see '${path} --help')\n`);
}

/** `racelens triage --bogus` points to `racelens triage --help`, not the top-level help. */
function pointUsageErrorsToOwnHelp(command: Command, path = 'racelens'): void {
  for (const sub of command.commands) {
    const subPath = `${path} ${sub.name()}`;
    sub.configureOutput({ ...sub.configureOutput(), outputError: usageError(subPath) });
    pointUsageErrorsToOwnHelp(sub, subPath);
  }
}

interface TriageFlags extends SymbolizeFlags, TriageInputFlags {
  readonly failOn?: FailOn;
  readonly format: ReportFormat;
  readonly json?: boolean;
  readonly output?: string;
  readonly group?: string;
  readonly sourceRoot?: string;
  readonly db?: string;
}

/** `--json` is `--format json`; with another `--format` the command line contradicts itself. */
function formatOf(options: TriageFlags, command: Command): ReportFormat {
  if (options.json !== true) return options.format;
  if (command.getOptionValueSource('format') === 'cli' && options.format !== 'json')
    throw new ExitError(
      EXIT.usage,
      `--json and --format ${options.format} ask for two formats; give one of them`,
    );
  return 'json';
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

interface GateFlags extends TriageInputFlags {
  readonly allowMissingBaseline?: boolean;
  readonly baseline: string;
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

export interface WalkFlags {
  readonly include: string[];
  readonly exclude: string[];
}

/** Directory inputs: only files matching these globs (ripgrep's `-g GLOB`). */
export function includeOption(): Option {
  return new Option(
    '--include <glob>',
    'read only the files of a directory input that match this glob (no "/": any depth, as *.log); repeatable',
  )
    .argParser((value: string, previous: string[]) => [...previous, value])
    .default([]);
}

/** Directory inputs: never these files or folders (ripgrep's `-g !GLOB`). */
export function excludeOption(): Option {
  return new Option(
    '--exclude <glob>',
    'skip the files and folders of a directory input that match this glob; repeatable',
  )
    .argParser((value: string, previous: string[]) => [...previous, value])
    .default([]);
}

export function walkOf(options: WalkFlags): { include: string[]; exclude: string[] } {
  return { include: options.include, exclude: options.exclude };
}

/** The flags of every command that triages inputs (triage, gate, ci github). */
export interface TriageInputFlags extends WalkFlags {
  readonly known?: string;
  readonly config?: string;
  readonly suppressions: string[];
  readonly strictSuppressions?: boolean;
  readonly modulePath: string[];
}

/** Those flags as `triageInputs` takes them. */
export function triageInputsOf(options: TriageInputFlags): TriageInputOptions {
  return {
    known: options.known,
    config: options.config,
    suppressions: options.suppressions,
    strictSuppressions: options.strictSuppressions === true,
    modulePaths: options.modulePath,
    ...walkOf(options),
  };
}

/** `--known PATH`: known issues, for every command that triages. */
export function knownOption(): Option {
  return new Option('--known <path>', 'known issues: a JSON/YAML list, or a folder of issue texts');
}

/** `--config FILE`; without it the nearest racelens.config.json up to the git top-level. */
export function configOption(): Option {
  return new Option('--config <file>', 'racelens.config.json (schemas/config.schema.json)');
}

/** Repeatable: `--suppressions a.txt --suppressions b.txt` reads both, in order, as one file. */
export function suppressionsOption(): Option {
  return new Option(
    '--suppressions <file>',
    'a TSan suppression file; repeat to read several in order, as one file',
  )
    .argParser((value: string, previous: string[]) => [...previous, value])
    .default([]);
}

/** A suppression file the runtime would refuse as a whole fails the command (exit 2). */
export function strictSuppressionsOption(): Option {
  return new Option(
    '--strict-suppressions',
    'exit 2 when TSan would refuse a --suppressions file (a line it cannot parse), instead of a warning',
  );
}

/** TSan prints module base names but matches patterns against the full paths. */
export function modulePathOption(): Option {
  return new Option(
    '--module-path <path>',
    'full path a module was loaded from when the program ran (module patterns match full paths; frames only show base names); repeatable',
  )
    .argParser((value: string, previous: string[]) => [...previous, value])
    .default([]);
}

/**
 * `check FILE --logs A B` and `check --logs A B FILE` both work: the variadic `--logs` swallows
 * a file written after it, so without FILE the last of them is the file.
 */
function suppressionFileAndLogs(
  file: string | undefined,
  logs: string[],
): { file: string; logs: string[] } {
  if (file !== undefined) return { file, logs };
  const last = logs.at(-1);
  if (last === undefined || logs.length < 2)
    throw new ExitError(
      EXIT.usage,
      "suppressions check needs the suppression file: 'racelens suppressions check FILE --logs LOGS...' (or the file last: --logs LOGS... FILE)",
    );
  return { file: last, logs: logs.slice(0, -1) };
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
