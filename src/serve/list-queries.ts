import type { GroupListQuery, RunListQuery } from '../store/store.js';
import { intParam, sinceParam, textParam } from './query-params.js';

export const MAX_PAGE = 500;
export const DEFAULT_PAGE = 100;

type Read = (name: string) => string | undefined;

/** The groups list's filters from query parameters (API and page alike). ParamError when bad. */
export function groupListQuery(read: Read): GroupListQuery {
  return {
    kind: textParam(read('kind'), 'kind'),
    branch: textParam(read('branch'), 'branch'),
    since: sinceParam(read('since')),
    text: textParam(read('text'), 'text'),
    limit: intParam(read('limit'), 'limit', DEFAULT_PAGE, MAX_PAGE),
    offset: intParam(read('offset'), 'offset', 0, 10_000_000),
  };
}

export function runListQuery(read: Read): RunListQuery {
  return {
    branch: textParam(read('branch'), 'branch'),
    limit: intParam(read('limit'), 'limit', DEFAULT_PAGE, MAX_PAGE),
    offset: intParam(read('offset'), 'offset', 0, 10_000_000),
  };
}
