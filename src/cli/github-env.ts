import { appendFileSync } from 'node:fs';
import { EXIT, ExitError } from './exit-codes.js';

/** What a GitHub Actions runner tells a step through its environment. */
export interface GithubEnv {
  /** The file the step's Markdown summary is appended to. */
  readonly stepSummary: string | null;
  /** The file `name=value` outputs of the step are appended to. */
  readonly output: string | null;
  /** The checkout: frames are made relative to it. */
  readonly workspace: string | null;
  /** The branch a pull request goes into (pull_request events only). */
  readonly baseRef: string | null;
  /** The branch or tag of the run. */
  readonly refName: string | null;
  /** `https://github.com/owner/repo/blob/<sha>/`, for links to source lines. */
  readonly blobBase: string | null;
}

export function readGithubEnv(env: NodeJS.ProcessEnv): GithubEnv {
  const value = (name: string) => {
    const v = env[name];
    return v === undefined || v === '' ? null : v;
  };
  const server = value('GITHUB_SERVER_URL');
  const repository = value('GITHUB_REPOSITORY');
  const sha = value('GITHUB_SHA');
  return {
    stepSummary: value('GITHUB_STEP_SUMMARY'),
    output: value('GITHUB_OUTPUT'),
    workspace: value('GITHUB_WORKSPACE'),
    baseRef: value('GITHUB_BASE_REF'),
    refName: value('GITHUB_REF_NAME'),
    blobBase: server && repository && sha ? `${server}/${repository}/blob/${sha}/` : null,
  };
}

/** Appends to a file the runner reads after the step (summary, outputs). */
export function appendRunnerFile(path: string, text: string, what: string): void {
  try {
    appendFileSync(path, text);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new ExitError(EXIT.input, `cannot write the ${what} file ${path} (${reason})`);
  }
}

/** `name=value` lines for `$GITHUB_OUTPUT` (values here never hold a newline). */
export function outputLines(outputs: Readonly<Record<string, string | number | boolean>>): string {
  return Object.entries(outputs)
    .map(([name, value]) => `${name}=${String(value).replace(/[\r\n]+/g, ' ')}\n`)
    .join('');
}
