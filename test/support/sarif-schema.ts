import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { default as addFormats } from 'ajv-formats';
import { FIXTURES } from './fixtures.js';

/**
 * A validator for SARIF 2.1.0 logs against the OASIS schema (test/fixtures/schemas). The schema
 * is draft-04 (`id`, not `$id`) and uses nothing draft-07 reads differently, so it is compiled
 * as draft-07 with its `$schema` and `id` taken off; `uri`, `uri-reference` and `date-time`
 * formats are checked.
 */
export function sarifValidator(): (log: unknown) => readonly ErrorObject[] {
  const {
    $schema: _draft,
    id: _id,
    ...schema
  } = JSON.parse(
    readFileSync(join(FIXTURES, 'schemas', 'sarif-schema-2.1.0.json'), 'utf8'),
  ) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  return (log) => (validate(log) ? [] : (validate.errors ?? []));
}
