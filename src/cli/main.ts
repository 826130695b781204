#!/usr/bin/env node
// First: it may start parse threads, which then load while the rest of the CLI does.
import './prestart.js';
import { EXIT, type ExitCode, ExitError } from './exit-codes.js';
import { type CommandIo, Output } from './output.js';
import { buildProgram, CommanderError, exitCodeOfCommanderError } from './program.js';

// The only place that decides how the process ends.
async function main(argv: readonly string[]): Promise<ExitCode> {
  const io: CommandIo = {
    stdout: new Output(process.stdout),
    stderr: new Output(process.stderr, 0),
    stdinIsTty: process.stdin.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
    stdoutIsTty: process.stdout.isTTY === true,
    columns: process.stderr.columns,
  };
  try {
    return await run(argv, io);
  } finally {
    await io.stdout.flush().catch(() => undefined);
    await io.stderr.flush().catch(() => undefined);
  }
}

async function run(argv: readonly string[], io: CommandIo): Promise<ExitCode> {
  let exitCode: ExitCode = EXIT.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return exitCodeOfCommanderError(error);
    if (error instanceof ExitError) {
      await io.stderr.write(`racelens: ${error.message}\n`);
      return error.code;
    }
    if (isBrokenPipe(error)) return EXIT.ok;
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    await io.stderr.write(
      `racelens: internal error (a bug in racelens; please report it with the command line and, if you can, the input):\n${detail}\n`,
    );
    return EXIT.internal;
  }
}

function isBrokenPipe(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'EPIPE';
}

// A reader that goes away (`racelens parse --json big.log | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.ok);
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = EXIT.internal;
  },
);
