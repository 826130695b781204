import { GROUP_STATES, type GroupState } from '../decide/group-state.js';
import type { GroupListQuery, RunListQuery } from '../store/store.js';
import { intParam, ParamError, sinceParam, textParam } from './query-params.js';

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

/** `state`: one of the group states, or undefined. */
export function stateParam(value: string | undefined): GroupState | undefined {
  if (value === undefined || value === '') return undefined;
  const state = GROUP_STATES.find((s) => s === value);
  if (state === undefined)
    throw new ParamError(`state must be one of ${GROUP_STATES.join(', ')}, not '${value}'`);
  return state;
}
