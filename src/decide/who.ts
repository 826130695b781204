import { execFileSync } from 'node:child_process';

/**
 * Who a decision is by: `--by`, else git's user.name (of the current folder's repository or
 * the user's config), else $USER, else "unknown".
 */
export function whoDecides(
  by: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd: string = process.cwd(),
): string {
  if (by !== undefined && by.trim() !== '') return by.trim();
  try {
    const name = execFileSync('git', ['config', 'user.name'], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 5000,
    }).trim();
    if (name !== '') return name;
  } catch {
    // No git, or no user.name configured: fall through to $USER.
  }
  return env.USER?.trim() || env.USERNAME?.trim() || 'unknown';
}
