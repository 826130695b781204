import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from './fixtures.js';

/** Vitest global setup: the CLI tests run the built command, so build it once, fresh, the way install does. */
export default function setup(): void {
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
}
