// The public API of racelens. The CLI is a thin layer over these.
export type { Diagnostic, DiagnosticCode } from './model/diagnostic.js';
export type { Frame } from './model/frame.js';
export type {
  Access,
  CycleMutex,
  DiagnosticRecord,
  ExtraStack,
  Location,
  LockEdge,
  MutexInfo,
  MutexRef,
  ParseRecord,
  Report,
  Runtime,
  SourceSpan,
  StackRole,
  ThreadInfo,
  ThreadRef,
} from './model/report.js';
export { PARSE_SCHEMA_VERSION } from './model/report.js';
export type { KindInfo, ReportFamily, ReportKindId } from './model/report-kinds.js';
export { kindInfo, REPORT_KINDS } from './model/report-kinds.js';
export { type ParseInputsOptions, parseInputs } from './parse/parse-inputs.js';
export { type ParseTextOptions, parseText } from './parse/parse-text.js';
export { InputError, type InputErrorCode } from './read/input-sources.js';
