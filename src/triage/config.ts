import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { PRESET_NAMES, type PresetName } from './presets.js';

/** `racelens.config.json`: how triage normalises frames. Described by schemas/config.schema.json. */
export const ConfigSchema = z
  .object({
    $schema: z.string().optional(),
    presets: z
      .union([z.literal('auto'), z.array(z.enum(PRESET_NAMES as [PresetName, ...PresetName[]]))])
      .default('auto')
      .describe(
        "Built-in plumbing lists to apply. 'auto' applies a preset to the reports whose frames show its project (cpython: functions named Py*/_Py*).",
      ),
    plumbing: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'More plumbing: simplified function names (whole, `*` for any run of characters) skipped when choosing an anchor frame.',
      ),
    teardown: z
      .array(z.string().min(1))
      .optional()
      .describe(
        "More teardown functions (simplified names, whole, `*` wildcard): a stack holding one runs while the program or its runtime shuts down (the 'teardown while a thread still runs' pattern). Added to exit, atexit handlers, __cxa_finalize, static destructors and the presets' finalizers.",
      ),
  })
  .strict();

export type Config = z.output<typeof ConfigSchema>;

export const DEFAULT_CONFIG: Config = ConfigSchema.parse({});

/** A config file that is missing, not JSON, or not valid. The message says what and where. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export function loadConfig(path: string): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${path}: cannot read the config file (${(error as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  const result = ConfigSchema.safeParse(data);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new ConfigError(`${path}: ${problems.join('; ')}`);
  }
  return result.data;
}

export function configJsonSchema(): unknown {
  return z.toJSONSchema(ConfigSchema, { io: 'input' });
}
