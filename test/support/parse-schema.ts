import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { REPO_ROOT } from './fixtures.js';

/** A validator for the public JSON Lines of `racelens parse --json`. */
export function parseRecordValidator() {
  const schema = JSON.parse(
    readFileSync(join(REPO_ROOT, 'schemas', 'parse-record.schema.json'), 'utf8'),
  ) as object;
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  return ajv.compile(schema);
}
