import { join } from 'node:path';
import { REPO_ROOT } from './fixtures.js';
import { type CliResult, runCli } from './run-cli.js';

/** An example log by name, as an absolute path (CLI tests of the store run in temp dirs). */
export const example = (name: string) => join(REPO_ROOT, 'examples', name);

/**
 * The environment of a user outside CI: no CI run id (ingest would name runs after it), no
 * store chosen by RACELENS_DB; `extra` is added.
 */
export function cleanEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!/^(GITHUB_|GITLAB_|CI_|BUILDKITE|CIRCLE_|JENKINS_|BUILD_TAG|RACELENS_DB)/.test(key))
      clean[key] = value;
  return { ...clean, ...extra };
}

/** `racelens ARGS` in `cwd` (default: the repository) with a clean environment. */
export function racelens(
  args: readonly string[],
  options: { cwd?: string; env?: Readonly<Record<string, string>> } = {},
): Promise<CliResult> {
  return runCli(args, { cwd: options.cwd, env: cleanEnv(options.env) });
}

/** Ingests example logs as run `run` of `branch`; fails the test when ingest does. */
export async function ingestRun(
  db: string,
  run: string,
  branch: string,
  logs: readonly string[],
): Promise<void> {
  const result = await racelens([
    'ingest',
    '--db',
    db,
    '--run',
    run,
    '--branch',
    branch,
    ...logs.map(example),
  ]);
  if (result.code !== 0)
    throw new Error(`ingest of ${run} exited ${result.code}: ${result.stderr}${result.stdout}`);
}
