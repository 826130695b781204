import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Config, ConfigError, DEFAULT_CONFIG, loadConfig } from '../triage/config.js';
import { EXIT, ExitError } from './exit-codes.js';
import { foldersUpToTopLevel } from './git-top-level.js';

/** The file looked for when `--config` is not given. */
export const CONFIG_FILE_NAME = 'racelens.config.json';

/**
 * `--config FILE`; else the nearest `racelens.config.json` in the current folder or a parent up
 * to the git top-level (as eslint and prettier find theirs); else the defaults. A bad file is a
 * usage error naming what is wrong.
 */
export function readConfig(path: string | undefined, cwd: string = process.cwd()): Config {
  const file = path ?? discoverConfig(cwd);
  if (file === null) return DEFAULT_CONFIG;
  try {
    return loadConfig(file);
  } catch (error) {
    if (error instanceof ConfigError) throw new ExitError(EXIT.usage, error.message);
    throw error;
  }
}

export function discoverConfig(cwd: string = process.cwd()): string | null {
  for (const folder of foldersUpToTopLevel(cwd)) {
    const candidate = join(folder, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}
