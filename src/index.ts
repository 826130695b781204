// The public API of racelens. The CLI is a thin layer over these.

export { withDecisions } from './decide/apply-decisions.js';
export {
  DecideError,
  type DecideRequest,
  decide,
  listDecisions,
} from './decide/decide.js';
export {
  type ActiveDecision,
  activeDecisions,
  type Decision,
  type DecisionEntry,
  type DecisionKind,
  describeDecision,
  type NewDecision,
} from './decide/decision.js';
export { GROUP_STATES, type GroupState, groupState } from './decide/group-state.js';
export { knownExport } from './decide/known-export.js';
export { type ImportSummary, importKnown } from './decide/known-import.js';
export { readTrackerExport } from './decide/tracker-import.js';
export { TRACKERS } from './decide/trackers/index.js';
export type { TrackerImporter, TrackerIssue } from './decide/trackers/tracker.js';
export { whoDecides } from './decide/who.js';
export { type KnownIssue, KnownIssuesError, loadKnownIssues } from './match/known-issues.js';
export {
  parseSuppressions,
  SUPPRESSION_TYPES,
  type SuppressionEntry,
  type SuppressionFile,
  type SuppressionType,
} from './match/suppression-file.js';
export {
  SuppressionMatcher,
  type SuppressionMatcherOptions,
  suppressedBy,
  suppressionType,
} from './match/suppression-matcher.js';
export { templateMatches } from './match/template-match.js';
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
  SuppressionHit,
  SuppressionHitsRecord,
  ThreadInfo,
  ThreadRef,
} from './model/report.js';
export { PARSE_SCHEMA_VERSION } from './model/report.js';
export type { KindInfo, ReportFamily, ReportKindId } from './model/report-kinds.js';
export { kindInfo, REPORT_KINDS } from './model/report-kinds.js';
export { type ParseInputsOptions, parseInputs } from './parse/parse-inputs.js';
export { type ParseTextOptions, parseText } from './parse/parse-text.js';
export { InputError, type InputErrorCode } from './read/input-sources.js';
export {
  type CodeQualityIssue,
  codeQualityIssues,
  renderCodeQuality,
} from './render/codequality.js';
export { REPORT_FORMATS, type ReportFormat } from './render/format-names.js';
export {
  GITHUB_ERROR_ANNOTATIONS,
  type GithubAnnotationOptions,
  renderGithubAnnotations,
} from './render/github-annotations.js';
export { type GroupView, groupView, type SideView } from './render/group-view.js';
export { renderHtml } from './render/html.js';
export { renderJunit } from './render/junit.js';
export { issueDraft, renderMarkdown } from './render/markdown.js';
export {
  type RenderContext,
  type RenderContextOptions,
  renderContext,
} from './render/report-format.js';
export { reportText } from './render/report-text.js';
export {
  FINGERPRINT_KEY,
  renderSarif,
  type SarifOptions,
  sarifLog,
} from './render/sarif.js';
export { GITHUB_SARIF_LIMITS } from './render/sarif-limits.js';
export { TRIAGE_SCHEMA_VERSION, triageToJson } from './render/triage-json.js';
export { triageToText } from './render/triage-terminal.js';
export { type OpenStoreOptions, openStore } from './store/open-store.js';
export { ciRunDefaults, contentRunName } from './store/run-identity.js';
export type {
  BaselineResult,
  Clock,
  GroupHistory,
  GroupRef,
  GroupRuns,
  HistoryQuery,
  HistoryResult,
  InputInfo,
  RecordOutcome,
  RunInfo,
  SeenBefore,
  Store,
  StoredRun,
  Trend,
} from './store/store.js';
export { StoreError } from './store/store.js';
export {
  DEFAULT_STORE_PATH,
  STORE_SCHEMES,
  type StoreLocation,
  storeLocation,
} from './store/store-location.js';
export {
  type Config,
  ConfigError,
  ConfigSchema,
  DEFAULT_CONFIG,
  loadConfig,
} from './triage/config.js';
export { FrameRules } from './triage/normalize-stack.js';
export type { Relation, RelationKind } from './triage/related.js';
export {
  legacySignature,
  SIGNATURE_VERSION,
  type Signature,
  signReport,
} from './triage/signature.js';
export {
  FRAGMENT_KIND,
  type KnownMatch,
  type RelatedEntry,
  Triage,
  type TriagedGroup,
  type TriageOptions,
  type TriageResult,
  type TriageTotals,
} from './triage/triage.js';
export {
  WHY_PATTERNS,
  WHY_VERSION,
  type Why,
  type WhyPattern,
  whySentence,
} from './triage/why.js';
