import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { default as formats } from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/serve/openapi.js';
import { REPO_ROOT } from '../support/fixtures.js';

const SCHEMAS = join(
  REPO_ROOT,
  'node_modules',
  '@apidevtools',
  'openapi-schemas',
  'schemas',
  'v3.1',
);
const load = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(SCHEMAS, path), 'utf8')) as Record<string, unknown>;

const addFormats = formats as unknown as (ajv: Ajv2020) => void;

/**
 * The OpenAPI 3.1 schema (schema.json) checks the document; the JSON Schemas inside it
 * (components, parameters, bodies) are each checked against JSON Schema 2020-12 by compiling
 * them strictly (ajv's $dynamicRef support is too partial for schema-base.json's dialect).
 */
function openApiErrors(doc: unknown): string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // schema.json's Schema Object is `$dynamicRef: #meta` to `{ type: [object, boolean] }`,
  // which ajv resolves wrongly; a plain $ref to the same definition means the same here.
  const schema = JSON.parse(
    JSON.stringify(load('schema.json')).replaceAll(
      '{"$dynamicRef":"#meta"}',
      '{"$ref":"#/$defs/schema"}',
    ),
  ) as Record<string, unknown>;
  const document = ajv.compile(schema);
  if (!document(doc)) return (document.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
  return schemaErrors(doc);
}

/** Every `schema` and component schema of the document, compiled strictly: the errors. */
function schemaErrors(doc: unknown): string[] {
  const strict = new Ajv2020({ strict: true, allErrors: true });
  addFormats(strict);
  const root = doc as { components?: { schemas?: Record<string, unknown> } };
  const defs = JSON.stringify(root.components?.schemas ?? {}).replaceAll(
    '"#/components/schemas/',
    '"#/$defs/',
  );
  strict.addSchema({ $id: 'doc', $defs: JSON.parse(defs) as object }, undefined, undefined, false);
  const errors: string[] = [];
  const visit = (value: unknown, path: string): void => {
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      const here = `${path}/${key}`;
      const isSchema = key === 'schema' || path.endsWith('/components/schemas');
      if (isSchema) {
        try {
          strict.compile(rebase(child) as object);
        } catch (error) {
          errors.push(`${here}: ${error instanceof Error ? error.message : String(error)}`);
        }
      } else visit(child, here);
    }
  };
  visit(doc, '');
  return errors;
}

/** `#/components/schemas/X` refs point into the schemas registered as `doc#/$defs/X`. */
function rebase(schema: unknown): unknown {
  return JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"doc#/$defs/'));
}

describe('the OpenAPI document', () => {
  it('validates against the OpenAPI 3.1 schema', () => {
    expect(openApiErrors(openApiDocument())).toEqual([]);
  });

  it('is checked for real: a document with a broken part fails', () => {
    const noInfo: Record<string, unknown> = { ...openApiDocument() };
    delete noInfo.info;
    expect(openApiErrors(noInfo).join()).toMatch(/info/);
    const badSchema = openApiDocument() as { components: { schemas: Record<string, unknown> } };
    badSchema.components.schemas.Problem = { type: 'strng' };
    expect(openApiErrors(badSchema).join()).toMatch(/Problem/);
  });

  it('gives every operation an id, and every error answer the Problem schema', () => {
    const doc = openApiDocument() as {
      paths: Record<
        string,
        Record<string, { operationId?: string; responses: Record<string, unknown> }>
      >;
    };
    const ids = Object.values(doc.paths).flatMap((methods) =>
      Object.values(methods).map((op) => op.operationId),
    );
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const methods of Object.values(doc.paths))
      for (const op of Object.values(methods))
        for (const [status, response] of Object.entries(op.responses))
          if (Number(status) >= 400)
            expect(JSON.stringify(response)).toContain('#/components/schemas/Problem');
  });
});
