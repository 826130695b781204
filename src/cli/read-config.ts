import { type Config, ConfigError, DEFAULT_CONFIG, loadConfig } from '../triage/config.js';
import { EXIT, ExitError } from './exit-codes.js';

/** `--config FILE`, or the defaults; a bad file is a usage error naming what is wrong. */
export function readConfig(path: string | undefined): Config {
  if (path === undefined) return DEFAULT_CONFIG;
  try {
    return loadConfig(path);
  } catch (error) {
    if (error instanceof ConfigError) throw new ExitError(EXIT.usage, error.message);
    throw error;
  }
}
