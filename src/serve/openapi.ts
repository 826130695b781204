import { DECISION_KINDS } from '../decide/decision.js';
import { GROUP_STATES } from '../decide/group-state.js';
import { VERSION } from '../version.js';

const GROUP_STATE_NAMES = [...GROUP_STATES];

/** JSON Schema fragments of the API's answers (OpenAPI 3.1 uses JSON Schema 2020-12). */
const text = { type: 'string' } as const;
const nullableText = { type: ['string', 'null'] } as const;
const count = { type: 'integer', minimum: 0 } as const;
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const obj = (properties: Record<string, unknown>, required = Object.keys(properties)) => ({
  type: 'object',
  properties,
  required,
});
const json = (schema: unknown, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const problemResponse = (description: string) => json(ref('Problem'), description);
const queryParam = (name: string, description: string, schema: unknown = text) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});
const pathParam = (name: string, description: string) => ({
  name,
  in: 'path',
  required: true,
  description,
  schema: text,
});
const paging = [
  queryParam('limit', 'page size (default 100)', { type: 'integer', minimum: 0, maximum: 500 }),
  queryParam('offset', 'rows to skip', { type: 'integer', minimum: 0 }),
];
const readErrors = {
  '400': problemResponse('a parameter is malformed'),
  '401': problemResponse('a token is needed (reading is not public) or the token is unknown'),
  '403': problemResponse('the token lacks the read scope'),
  '503': problemResponse('the store cannot be used'),
};
const security = [{ bearer: [] }, { session: [] }];

/**
 * The OpenAPI 3.1 document of the API under /api/v1, served at /api/v1/openapi.json. Tests
 * validate it against the OpenAPI 3.1 schema and call every path in it.
 */
export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'racelens team server',
      version: VERSION,
      description:
        'Ingest ThreadSanitizer and Go race detector logs, list the groups and runs of the history store, and gate runs. Errors are { error, message }.',
    },
    security,
    paths: {
      '/health': {
        get: {
          operationId: 'health',
          security: [],
          responses: {
            '200': json(
              obj({ status: { const: 'ok' }, version: text, ingests: count }),
              'the server is up; ingests under way',
            ),
          },
        },
      },
      '/api/v1/openapi.json': {
        get: {
          operationId: 'openapi',
          security: [],
          responses: { '200': json({ type: 'object' }, 'this document') },
        },
      },
      '/api/v1/ingest': {
        post: {
          operationId: 'ingest',
          description:
            'One log as the body, plain text or gzip, streamed through the parser. Idempotent: the same bytes in the same run are recorded once. Needs the ingest scope.',
          parameters: [
            queryParam('run', 'the run to record into (default: made from the body hash)'),
            queryParam('commit', 'the commit the run tested'),
            queryParam('branch', 'the branch the run tested'),
            queryParam('job', 'the CI job'),
            queryParam('name', 'the log file name'),
          ],
          requestBody: {
            required: true,
            content: {
              'text/plain': { schema: text },
              'application/gzip': { schema: { type: 'string', contentEncoding: 'binary' } },
              'application/octet-stream': {
                schema: { type: 'string', contentEncoding: 'binary' },
              },
            },
          },
          responses: {
            '201': json(ref('IngestRecorded'), 'recorded'),
            '200': json(ref('IngestDuplicate'), 'the run had these bytes already'),
            '400': problemResponse('malformed gzip or a body cut short: nothing stored'),
            '401': problemResponse('no valid token'),
            '403': problemResponse('the token lacks the ingest scope, or a cross-site request'),
            '413': problemResponse('the body is over the size limit: nothing stored'),
            '503': problemResponse(
              'the store cannot be used, or the ingest worker stopped: nothing stored, send again',
            ),
          },
        },
      },
      '/api/v1/groups': {
        get: {
          operationId: 'listGroups',
          parameters: [
            queryParam('kind', "the report kind as stored (e.g. 'data race')"),
            queryParam('branch', 'only groups seen on this branch'),
            queryParam('since', 'only groups seen in a run at or after this ISO date(-time)'),
            queryParam('text', 'a case-insensitive part of the title or signature'),
            queryParam('state', 'only groups in this state', { enum: GROUP_STATE_NAMES }),
            ...paging,
          ],
          responses: {
            '200': json(
              obj({
                schemaVersion: { const: 1 },
                total: count,
                limit: count,
                offset: count,
                groups: { type: 'array', items: ref('StatedGroup') },
              }),
              'one page of groups, most recently seen first',
            ),
            ...readErrors,
          },
        },
      },
      '/api/v1/groups/{id}': {
        get: {
          operationId: 'getGroup',
          parameters: [pathParam('id', 'a group id, a unique prefix of 4+, or a signature')],
          responses: {
            '200': json(ref('GroupDetail'), 'the group, its runs and its first report'),
            '404': problemResponse('no group has this id'),
            ...readErrors,
          },
        },
      },
      '/api/v1/groups/{id}/decisions': {
        post: {
          operationId: 'decide',
          description:
            "Make a decision on the group (filed, duplicate-of, related-to, ignored, fixed) or undo one ({ kind: 'undo', entry? }). Needs the decide scope; recorded as the token's name.",
          parameters: [pathParam('id', 'a group id, a unique prefix of 4+, or a signature')],
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('DecisionRequest') } },
          },
          responses: {
            '201': json(
              obj({ schemaVersion: { const: 1 }, group: text, entry: ref('DecisionEntry') }),
              'recorded',
            ),
            '400': problemResponse('the body is not a decision, or the decision cannot be made'),
            '401': problemResponse('no valid token'),
            '403': problemResponse('the token lacks the decide scope, or a cross-site request'),
            '404': problemResponse('no group has this id'),
            '503': problemResponse('the store cannot be used'),
          },
        },
      },
      '/api/v1/runs': {
        get: {
          operationId: 'listRuns',
          parameters: [queryParam('branch', 'only runs of this branch'), ...paging],
          responses: {
            '200': json(
              obj({
                schemaVersion: { const: 1 },
                total: count,
                limit: count,
                offset: count,
                runs: { type: 'array', items: ref('RunSummary') },
              }),
              'one page of runs, newest first',
            ),
            ...readErrors,
          },
        },
      },
      '/api/v1/runs/{name}': {
        get: {
          operationId: 'getRun',
          parameters: [pathParam('name', 'the run name')],
          responses: {
            '200': json(
              obj({
                schemaVersion: { const: 1 },
                run: ref('RunSummary'),
                groups: { type: 'array', items: ref('RunGroup') },
              }),
              'the run and the groups it saw',
            ),
            '404': problemResponse('no run has this name'),
            ...readErrors,
          },
        },
      },
      '/api/v1/baselines/{name}': {
        get: {
          operationId: 'getBaseline',
          parameters: [pathParam('name', 'a branch (all its runs) or a run name')],
          responses: {
            '200': json(
              obj({
                schemaVersion: { const: 1 },
                name: text,
                kind: { enum: ['branch', 'run'] },
                runs: count,
                signatures: { type: 'array', items: text },
              }),
              "the baseline's signatures (what racelens gate --server compares against)",
            ),
            '404': problemResponse('no branch or run has this name'),
            ...readErrors,
          },
        },
      },
      '/api/v1/gate': {
        get: {
          operationId: 'gateRun',
          parameters: [
            { ...queryParam('run', 'the stored run to judge'), required: true },
            { ...queryParam('baseline', 'a branch or a run name'), required: true },
          ],
          responses: {
            '200': json(ref('GateResult'), 'passed is false when a group is new'),
            '404': problemResponse('no such run or baseline'),
            ...readErrors,
          },
        },
      },
    },
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'racelens token create' },
        session: { type: 'apiKey', in: 'cookie', name: 'racelens_session' },
      },
      schemas: {
        Problem: obj({
          error: {
            enum: [
              'bad-request',
              'bad-body',
              'unauthorized',
              'forbidden',
              'csrf',
              'not-found',
              'too-large',
              'unavailable',
            ],
          },
          message: text,
        }),
        IngestRecorded: obj({
          status: { const: 'recorded' },
          run: text,
          sha256: text,
          bytes: count,
          reports: count,
          groups: count,
          newGroups: count,
        }),
        IngestDuplicate: obj({
          status: { const: 'duplicate' },
          run: text,
          sha256: text,
          bytes: count,
        }),
        GroupSummary: obj({
          id: text,
          signature: text,
          kind: text,
          title: text,
          firstSeen: text,
          lastSeen: text,
          runs: count,
          reports: count,
        }),
        GroupDetail: obj({
          schemaVersion: { const: 1 },
          group: obj({
            id: text,
            signature: text,
            kind: text,
            title: text,
            firstSeen: text,
            lastSeen: text,
            runsSeen: count,
            share: { type: 'number' },
            reports: count,
            trend: { enum: ['new', 'rising', 'steady', 'falling', 'gone'] },
          }),
          totalRuns: count,
          runs: {
            type: 'array',
            items: obj({
              name: text,
              time: text,
              commit: nullableText,
              branch: nullableText,
              job: nullableText,
              reports: count,
            }),
          },
          report: {
            type: ['object', 'null'],
            description: 'the first report, as schemas/parse-record.schema.json',
          },
          state: { enum: GROUP_STATE_NAMES },
          decisions: { type: 'array', items: ref('DecisionEntry') },
          history: { type: 'array', items: ref('DecisionEntry') },
        }),
        StatedGroup: {
          allOf: [ref('GroupSummary'), obj({ state: { enum: GROUP_STATE_NAMES } })],
        },
        DecisionEntry: obj({
          id: count,
          signature: text,
          shortId: text,
          title: nullableText,
          decision: {
            type: 'object',
            properties: { kind: { enum: [...DECISION_KINDS, 'undo'] } },
            required: ['kind'],
          },
          by: text,
          at: text,
        }),
        DecisionRequest: {
          oneOf: [
            obj(
              {
                kind: { const: 'filed' },
                ref: text,
                title: text,
                state: { enum: ['open', 'closed'] },
              },
              ['kind', 'ref'],
            ),
            obj({ kind: { const: 'duplicate-of' }, group: text }),
            obj({ kind: { const: 'related-to' }, target: text }),
            obj(
              {
                kind: { const: 'ignored' },
                reason: text,
                until: { type: 'string', format: 'date' },
              },
              ['kind', 'reason'],
            ),
            obj({ kind: { const: 'fixed' }, in: text }, ['kind']),
            obj({ kind: { const: 'undo' }, entry: count }, ['kind']),
          ],
        },
        RunSummary: obj({
          name: text,
          time: text,
          commit: nullableText,
          branch: nullableText,
          job: nullableText,
          inputs: count,
          reports: count,
          groups: count,
          newGroups: count,
        }),
        RunGroup: {
          allOf: [ref('GroupSummary'), obj({ reportsInRun: count, newInRun: { type: 'boolean' } })],
        },
        GateResult: obj({
          schemaVersion: { const: 1 },
          run: text,
          baseline: obj({ name: text, kind: { enum: ['branch', 'run'] }, runs: count }),
          passed: { type: 'boolean' },
          counts: obj({ new: count, baseline: count }),
          groups: {
            type: 'array',
            items: obj({
              id: text,
              signature: text,
              kind: text,
              title: text,
              status: { enum: ['new', 'baseline'] },
            }),
          },
        }),
      },
    },
  };
}
