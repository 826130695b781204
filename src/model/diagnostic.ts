/** Why a line or a report could not be read exactly. Codes are stable; messages are for people. */
export const DIAGNOSTIC_CODES = [
  /** Report-like lines with no headline before them (the input starts part-way through a report). */
  'fragment',
  /** A report ended before its closing separator (end of input, or a new headline of its process). */
  'truncated-report',
  /** A frame line cut before its module group. */
  'damaged-frame',
  /** Frame numbers jump: frames are missing from the stack. */
  'frame-gap',
  /** A line inside a report that looks like part of it but matches no construct of the grammar. */
  'unrecognized-line',
  /** A line longer than the reader keeps; the rest of it was dropped. */
  'line-too-long',
  /** A limit that bounds memory was reached (frames per stack, open reports, diagnostics). */
  'limit-reached',
  /** TSan's runtime printed an error or fatal message that is not a report (SEGV, CHECK failed, ...). */
  'runtime-message',
  /** The count in `ThreadSanitizer: reported N warnings` differs from the reports read for it. */
  'report-count-mismatch',
  /** An input could not be read to its end (I/O error, corrupt gzip); what was read is kept. */
  'input-error',
] as const;

export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly file: string;
  /** 1-based physical line in the input. */
  readonly line: number;
  readonly endLine?: number;
}
