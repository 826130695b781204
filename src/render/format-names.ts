/** Every format `racelens triage --format` writes (kept apart so the CLI can list them cheaply). */
export const REPORT_FORMATS = [
  'terminal',
  'json',
  'markdown',
  'sarif',
  'junit',
  'html',
  'github',
  'codequality',
] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
