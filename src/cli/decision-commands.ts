import { type Command, Option } from 'commander';
import type { ExitCode } from './exit-codes.js';
import type { CommandIo } from './output.js';
import { configOption, dbOption } from './program.js';

interface DecideFlags {
  filed?: string;
  title?: string;
  state?: string;
  duplicateOf?: string;
  relatedTo?: string;
  ignore?: string;
  until?: string;
  fixed?: boolean;
  in?: string;
  undo?: boolean | string;
  by?: string;
  db?: string;
  json?: boolean;
}

/** Declares `decide`, `decisions` and `known export|import` (issue 15's commands). */
export function addDecisionCommands(
  program: Command,
  io: CommandIo,
  setExitCode: (code: ExitCode) => void,
): void {
  program
    .command('decide')
    .description('record what a group is: filed, a duplicate, related, ignored, fixed; or undo')
    .argument('<id>', "the group's id (a prefix of 4+ characters) or signature")
    .addOption(new Option('--filed <ref>', 'filed upstream: an issue URL or owner/repo#N'))
    .addOption(new Option('--title <text>', "with --filed: the issue's title"))
    .addOption(new Option('--state <state>', 'with --filed: open (default) or closed'))
    .addOption(new Option('--duplicate-of <id>', 'a duplicate of another group'))
    .addOption(new Option('--related-to <id|ref>', 'related to another group or an issue'))
    .addOption(new Option('--ignore <reason>', 'out of scope, for this reason'))
    .addOption(new Option('--until <date>', 'with --ignore: until this date (YYYY-MM-DD)'))
    .addOption(new Option('--fixed', 'fixed; seen again later, it is regressed'))
    .addOption(new Option('--in <rev>', 'with --fixed: the commit or version of the fix'))
    .addOption(new Option('--undo [n]', 'take back the newest decision that holds, or #n'))
    .addOption(new Option('--by <name>', "who decides (default: git's user.name, else $USER)"))
    .addOption(new Option('--json', 'the entry recorded, as JSON'))
    .addOption(dbOption())
    .addHelpText(
      'after',
      '\nExamples:\n  racelens decide 72ad --filed python/cpython#140257\n  racelens decide 72ad --duplicate-of 3b9c\n  racelens decide 72ad --ignore "OpenSSL internal" --until 2025-06-30\n  racelens decide 72ad --fixed --in 5f2e1c0\n  racelens decide 72ad --undo',
    )
    .action(async (id: string, options: DecideFlags) => {
      const { decideCommand } = await import('./commands/decide.js');
      setExitCode(await decideCommand(id, { ...options, json: options.json === true }, io));
    });

  program
    .command('decisions')
    .description('list the decisions that hold, per group')
    .addOption(new Option('--history', 'every entry, undone ones and undos too'))
    .addOption(new Option('--json', 'one JSON document (schemas/decisions.schema.json)'))
    .addOption(dbOption())
    .action(async (options: { json?: boolean; history?: boolean; db?: string }) => {
      const { decisionsCommand } = await import('./commands/decisions.js');
      setExitCode(
        await decisionsCommand(
          { json: options.json === true, history: options.history === true, db: options.db },
          io,
        ),
      );
    });

  const known = program
    .command('known')
    .description('known issues that travel: export decisions, import files and trackers');
  known
    .command('export')
    .description("write the store's decisions in the --known format (YAML)")
    .addOption(new Option('-o, --output <file>', 'write to this file instead of standard output'))
    .addOption(dbOption())
    .action(async (options: { output?: string; db?: string }) => {
      const { knownExportCommand } = await import('./commands/known.js');
      setExitCode(await knownExportCommand(options, io));
    });
  known
    .command('import')
    .description("load a --known file or folder, or a tracker's export, into the store")
    .argument('<file>', 'a --known file or folder, or (with --from) a tracker export')
    .addOption(new Option('--from <tracker>', "a tracker's export: github").choices(['github']))
    .addOption(new Option('--verbose', 'name the issues skipped for lack of a report'))
    .addOption(new Option('--by <name>', "who decides (default: git's user.name, else $USER)"))
    .addOption(configOption())
    .addOption(dbOption())
    .addHelpText(
      'after',
      '\nExamples:\n  racelens known import racelens-known.yaml\n  gh issue list --state all --json number,title,body,state,url,labels --limit 2000 > issues.json\n  racelens known import --from github issues.json --verbose',
    )
    .action(
      async (
        file: string,
        options: { from?: string; verbose?: boolean; by?: string; config?: string; db?: string },
      ) => {
        const { knownImportCommand } = await import('./commands/known.js');
        setExitCode(
          await knownImportCommand(file, { ...options, verbose: options.verbose === true }, io),
        );
      },
    );
}
