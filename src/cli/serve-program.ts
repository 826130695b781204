import { type Command, Option } from 'commander';
import type { ExitCode } from './exit-codes.js';
import { positiveInteger } from './number-arguments.js';
import type { CommandIo } from './output.js';
import { dbOption } from './program.js';

/** 256 MB: a day of TSan output from a large CI job, gzip makes it a few MB. */
export const DEFAULT_MAX_BODY = 256 * 1024 * 1024;

/** Declares `serve` and `token`: the team server and its tokens. */
export function addServeCommands(
  program: Command,
  io: CommandIo,
  setExitCode: (code: ExitCode) => void,
): void {
  program
    .command('serve')
    .description(
      "the team's dashboard and ingestion API over the store (pages, /api/v1, /api/v1/openapi.json)",
    )
    .addOption(dbOption())
    .addOption(new Option('--host <address>', 'address to listen on').default('127.0.0.1'))
    .addOption(
      new Option('--port <n>', 'port to listen on (0: any free one)')
        .argParser((value: string) => (value === '0' ? 0 : positiveInteger(value)))
        .default(8080),
    )
    .addOption(
      new Option('--public-read', 'reading needs no token (ingest and decisions still do)'),
    )
    .addOption(
      new Option('--max-body <bytes>', 'largest log one ingest may send, as sent')
        .argParser((value: string) => positiveInteger(value))
        .default(DEFAULT_MAX_BODY),
    )
    .addOption(
      new Option(
        '--ingest-workers <n>',
        'threads that parse and record ingests (default: CPUs - 1, at least 1, at most 4)',
      ).argParser((value: string) => positiveInteger(value)),
    )
    .addOption(new Option('--config <file>', 'racelens.config.json (schemas/config.schema.json)'))
    .addHelpText(
      'after',
      '\nWithout tokens in the store the server is open and listens on a loopback address only.\nStops on SIGTERM or SIGINT after the ingests under way are recorded.\n\nExamples:\n  racelens ingest examples/ && racelens serve\n  racelens token create --scope admin --name me && racelens serve --host 0.0.0.0 --db postgres://racelens@db/racelens',
    )
    .action(
      async (options: {
        db?: string;
        host: string;
        port: number;
        publicRead?: boolean;
        maxBody: number;
        ingestWorkers?: number;
        config?: string;
      }) => {
        const { serveCommand } = await import('./commands/serve.js');
        setExitCode(
          await serveCommand({ ...options, publicRead: options.publicRead === true }, io),
        );
      },
    );

  const token = program.command('token').description("the team server's access tokens");
  token
    .command('create')
    .description('make a token and print it once (the store keeps only its hash)')
    .addOption(
      new Option('--scope <scope>', 'read, ingest, decide or admin; repeatable')
        .argParser((value: string, previous: string[]) => [...previous, value])
        .default([]),
    )
    .addOption(new Option('--name <name>', 'who or what uses it (e.g. ci)').makeOptionMandatory())
    .addOption(dbOption())
    .addHelpText('after', '\nExample:\n  racelens token create --scope ingest --name ci')
    .action(async (options: { scope: string[]; name: string; db?: string }) => {
      const { tokenCreateCommand } = await import('./commands/token.js');
      setExitCode(
        await tokenCreateCommand({ name: options.name, scopes: options.scope, db: options.db }, io),
      );
    });
  token
    .command('list')
    .description('the tokens: names, scopes, when made and revoked (never the secrets)')
    .addOption(new Option('--json', 'one JSON document'))
    .addOption(dbOption())
    .action(async (options: { json?: boolean; db?: string }) => {
      const { tokenListCommand } = await import('./commands/token.js');
      setExitCode(await tokenListCommand({ db: options.db, json: options.json === true }, io));
    });
  token
    .command('revoke')
    .description('stop a token working, at once, on running servers too')
    .argument('<name>')
    .addOption(dbOption())
    .action(async (name: string, options: { db?: string }) => {
      const { tokenRevokeCommand } = await import('./commands/token.js');
      setExitCode(await tokenRevokeCommand(name, options, io));
    });
}

/** `--server URL`: a racelens server (racelens serve) instead of a store. */
export function serverOption(): Option {
  return new Option('--server <url>', 'a racelens server (racelens serve) instead of --db');
}

/** `--token T`, else RACELENS_TOKEN: what `--server` is sent. */
export function tokenOption(): Option {
  return new Option('--token <token>', 'the token for --server (racelens token create)').env(
    'RACELENS_TOKEN',
  );
}
