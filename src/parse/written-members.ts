import type { Access, Report, ThreadInfo } from '../model/report.js';

// The members RecordJsonWriter's report(), access() and thread() write by name. A member the
// model gains and these do not name fails the build (`never` otherwise), so the writer cannot
// leave it out silently.
export const REPORT_KEYS = [
  'type',
  'schemaVersion',
  'kind',
  'kindId',
  'family',
  'pid',
  'runtime',
  'source',
  'truncated',
  'diagnostics',
  'accesses',
  'stacks',
  'location',
  'locations',
  'threads',
  'mutexes',
  'cycle',
  'similarThreadLeaks',
  'summary',
  'summaryFunction',
] as const;
export const ACCESS_KEYS = [
  'op',
  'atomic',
  'previous',
  'size',
  'address',
  'thread',
  'mutexes',
  'stackRestored',
  'frames',
  'objectType',
] as const;
export const THREAD_KEYS = [
  'id',
  'name',
  'tid',
  'state',
  'createdBy',
  'stackRestored',
  'frames',
  'gcdWorker',
] as const;
type Unwritten<T, K extends readonly PropertyKey[]> = Exclude<keyof T, K[number]>;
export const WRITTEN_BY_NAME: {
  report: Unwritten<Report, typeof REPORT_KEYS> extends never ? typeof REPORT_KEYS : never;
  access: Unwritten<Access, typeof ACCESS_KEYS> extends never ? typeof ACCESS_KEYS : never;
  thread: Unwritten<ThreadInfo, typeof THREAD_KEYS> extends never ? typeof THREAD_KEYS : never;
} = { report: REPORT_KEYS, access: ACCESS_KEYS, thread: THREAD_KEYS };
