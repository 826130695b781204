import { createHash } from 'node:crypto';

/** What a run is called and which commit, branch and job it belongs to, when not given. */
export interface RunDefaults {
  readonly name: string | null;
  readonly commit: string | null;
  readonly branch: string | null;
  readonly job: string | null;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads the run's identity from the CI system's environment, so that every job of one CI run
 * (each ingesting its own logs) lands in one run without passing `--run`. Unknown systems
 * give nulls.
 */
export function ciRunDefaults(env: Env = process.env): RunDefaults {
  const v = (key: string) => (env[key] !== undefined && env[key] !== '' ? env[key] : null);
  if (v('GITHUB_RUN_ID'))
    return {
      name: `github:${v('GITHUB_REPOSITORY') ?? ''}:${v('GITHUB_RUN_ID')}.${v('GITHUB_RUN_ATTEMPT') ?? '1'}`,
      commit: v('GITHUB_SHA'),
      branch: v('GITHUB_HEAD_REF') ?? v('GITHUB_REF_NAME'),
      job: v('GITHUB_JOB'),
    };
  if (v('GITLAB_CI') && v('CI_PIPELINE_ID'))
    return {
      name: `gitlab:${v('CI_PROJECT_PATH') ?? ''}:${v('CI_PIPELINE_ID')}`,
      commit: v('CI_COMMIT_SHA'),
      branch: v('CI_COMMIT_REF_NAME'),
      job: v('CI_JOB_NAME'),
    };
  if (v('BUILDKITE_BUILD_ID'))
    return {
      name: `buildkite:${v('BUILDKITE_BUILD_ID')}`,
      commit: v('BUILDKITE_COMMIT'),
      branch: v('BUILDKITE_BRANCH'),
      job: v('BUILDKITE_LABEL'),
    };
  if (v('CIRCLE_WORKFLOW_ID'))
    return {
      name: `circleci:${v('CIRCLE_WORKFLOW_ID')}`,
      commit: v('CIRCLE_SHA1'),
      branch: v('CIRCLE_BRANCH'),
      job: v('CIRCLE_JOB'),
    };
  if (v('JENKINS_URL') && v('BUILD_TAG'))
    return {
      name: `jenkins:${v('BUILD_TAG')}`,
      commit: v('GIT_COMMIT'),
      branch: v('BRANCH_NAME') ?? v('GIT_BRANCH'),
      job: v('JOB_NAME'),
    };
  return { name: null, commit: null, branch: null, job: null };
}

/**
 * Outside CI and without `--run`: a name made of the inputs' contents, so that ingesting the
 * same logs again is the same run (and records nothing new) while other logs make a new run.
 */
export function contentRunName(sha256s: readonly string[]): string {
  const hash = createHash('sha256');
  for (const sha of [...sha256s].sort()) hash.update(sha);
  return `inputs:${hash.digest('hex').slice(0, 16)}`;
}
