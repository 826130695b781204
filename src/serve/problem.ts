import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * An API error as JSON: `{ error, message }`, `error` a stable code a client can test, `message`
 * one line saying what went wrong and what to do (described in the OpenAPI document).
 */
export type ProblemCode =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'too-large'
  | 'bad-body'
  | 'csrf'
  | 'unavailable';

const STATUS: Readonly<Record<ProblemCode, ContentfulStatusCode>> = {
  'bad-request': 400,
  'bad-body': 400,
  unauthorized: 401,
  forbidden: 403,
  csrf: 403,
  'not-found': 404,
  'too-large': 413,
  unavailable: 503,
};

export function problem(c: Context, code: ProblemCode, message: string): Response {
  return c.json({ error: code, message }, STATUS[code]);
}
