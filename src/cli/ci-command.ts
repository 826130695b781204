import { type Command, Option } from 'commander';
import type { ExitCode } from './exit-codes.js';
import { positiveInteger } from './number-arguments.js';
import type { CommandIo } from './output.js';
import {
  configOption,
  dbOption,
  excludeOption,
  includeOption,
  knownOption,
  modulePathOption,
  strictSuppressionsOption,
  suppressionsOption,
  type TriageInputFlags,
  triageInputsOf,
} from './program.js';

interface CiGithubFlags extends TriageInputFlags {
  readonly baseline?: string;
  readonly db?: string;
  readonly sarif: string;
  readonly sourceRoot?: string;
  readonly maxAnnotations: number;
}

/** `racelens ci github`: what the composite action (action.yml) runs. */
export function addCiCommand(
  program: Command,
  io: CommandIo,
  setExitCode: (code: ExitCode) => void,
): void {
  const ci = program.command('ci').description('one command for a CI system: triage, report, gate');
  ci.command('github')
    .description(
      'in a GitHub Actions step: SARIF, step summary, annotations on new groups, outputs, and a gate against the baseline',
    )
    .argument('<logs...>', 'log files, directories or globs (quoted: logs/**/*.log)')
    .addOption(
      new Option(
        '--baseline <branch|run>',
        'what counts as seen (default: $GITHUB_BASE_REF on pull requests, else $GITHUB_REF_NAME); with no store or no such run yet, the gate passes and says so',
      ),
    )
    .addOption(dbOption())
    .addOption(new Option('--sarif <file>', 'where the SARIF goes').default('racelens.sarif'))
    .addOption(
      new Option(
        '--source-root <dir>',
        'the checkout (default: $GITHUB_WORKSPACE, else the git top-level)',
      ),
    )
    .addOption(knownOption())
    .addOption(configOption())
    .addOption(suppressionsOption())
    .addOption(strictSuppressionsOption())
    .addOption(modulePathOption())
    .addOption(includeOption())
    .addOption(excludeOption())
    .addOption(
      new Option(
        '--max-annotations <count>',
        'error annotations at most (GitHub shows 10 per step)',
      )
        .argParser(positiveInteger)
        .default(10),
    )
    .addHelpText(
      'after',
      "\nReads GITHUB_STEP_SUMMARY, GITHUB_OUTPUT (outputs: groups, new-groups, regressed-groups, baseline, sarif, passed), GITHUB_WORKSPACE, GITHUB_BASE_REF, GITHUB_REF_NAME, GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_SHA.\n\nExit codes: 0 passed (also: no baseline yet); 1 new groups against the baseline, or regressed ones; 2 usage; 3 an input could not be read.\n\nExamples:\n  racelens ci github 'tsan-logs/**'\n  racelens ci github --baseline main --suppressions tsan.supp --sarif out/tsan.sarif build/tsan.*",
    )
    .action(async (logs: string[], options: CiGithubFlags) => {
      const { ciGithubCommand } = await import('./commands/ci-github.js');
      setExitCode(
        await ciGithubCommand(
          logs,
          {
            baseline: options.baseline,
            db: options.db,
            sarif: options.sarif,
            sourceRoot: options.sourceRoot,
            ...triageInputsOf(options),
            maxAnnotations: options.maxAnnotations,
          },
          io,
        ),
      );
    });
}
