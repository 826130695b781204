import { spawnSync } from 'node:child_process';

/** The uid/gid tests drop to when they must not be root (root reads every file). */
export const NOBODY = 65534;

/** The command prefix that runs a program as NOBODY. */
export const AS_NOBODY = ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups'];

/**
 * Why NOBODY cannot run `program` on `script` (a checkout under /root, a private home), or
 * null when it can: the test then skips with that reason instead of failing on EACCES.
 */
export function unreachableByNobody(program: string, script: string): string | null {
  const probe = spawnSync(
    AS_NOBODY[0]!,
    [...AS_NOBODY.slice(1), 'sh', '-c', 'test -x "$0" && test -r "$1"', program, script],
    {
      stdio: 'ignore',
    },
  );
  if (probe.error) return `cannot drop to uid ${NOBODY}: ${probe.error.message}`;
  if (probe.status === 0) return null;
  return `uid ${NOBODY} cannot reach ${program} or ${script} (a folder on the way is private, as /root is); move the checkout somewhere other users can enter to run this test`;
}
