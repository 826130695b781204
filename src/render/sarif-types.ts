/**
 * The part of SARIF 2.1.0 racelens writes, with the OASIS schema's names and shapes
 * (test/fixtures/schemas/sarif-schema-2.1.0.json). Only what the renderer sets is declared.
 */

export const SARIF_VERSION = '2.1.0' as const;
export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

export type SarifLevel = 'none' | 'note' | 'warning' | 'error';

/** Property bags hold plain JSON. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };
export type PropertyBag = { readonly [key: string]: JsonValue };

export interface SarifMessage {
  readonly text: string;
  readonly markdown?: string;
}

export interface SarifArtifactLocation {
  readonly uri: string;
  readonly uriBaseId?: string;
}

export interface SarifRegion {
  readonly startLine: number;
  readonly startColumn?: number;
}

export interface SarifPhysicalLocation {
  readonly artifactLocation: SarifArtifactLocation;
  readonly region?: SarifRegion;
}

export interface SarifLogicalLocation {
  readonly name: string;
  readonly fullyQualifiedName?: string;
  readonly kind: 'function';
}

export interface SarifLocation {
  readonly id?: number;
  readonly physicalLocation?: SarifPhysicalLocation;
  readonly logicalLocations?: readonly SarifLogicalLocation[];
  readonly message?: SarifMessage;
}

export interface SarifThreadFlowLocation {
  readonly location: SarifLocation;
  readonly module?: string;
  readonly nestingLevel: number;
  readonly executionOrder: number;
  readonly importance: 'important' | 'essential' | 'unimportant';
}

export interface SarifThreadFlow {
  readonly id: string;
  readonly message: SarifMessage;
  readonly locations: readonly SarifThreadFlowLocation[];
}

export interface SarifCodeFlow {
  readonly message?: SarifMessage;
  readonly threadFlows: readonly SarifThreadFlow[];
}

export interface SarifSuppression {
  readonly kind: 'external';
  readonly status: 'accepted';
  readonly justification: string;
}

export interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: SarifLevel;
  readonly message: SarifMessage;
  readonly locations?: readonly SarifLocation[];
  readonly relatedLocations?: readonly SarifLocation[];
  readonly codeFlows?: readonly SarifCodeFlow[];
  readonly partialFingerprints: { readonly [key: string]: string };
  readonly suppressions?: readonly SarifSuppression[];
  readonly workItemUris?: readonly string[];
  readonly occurrenceCount?: number;
  readonly properties: PropertyBag;
}

export interface SarifMultiformatMessage {
  readonly text: string;
  readonly markdown?: string;
}

export interface SarifReportingDescriptor {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: SarifMultiformatMessage;
  readonly fullDescription: SarifMultiformatMessage;
  readonly help: SarifMultiformatMessage;
  readonly defaultConfiguration: { readonly level: SarifLevel };
  readonly properties: { readonly tags: readonly string[]; readonly precision: string };
}

export interface SarifNotification {
  readonly level: SarifLevel;
  readonly message: SarifMessage;
  readonly descriptor?: { readonly id: string };
}

export interface SarifInvocation {
  readonly executionSuccessful: boolean;
  readonly endTimeUtc?: string;
  readonly toolExecutionNotifications?: readonly SarifNotification[];
}

export interface SarifRun {
  readonly tool: {
    readonly driver: {
      readonly name: string;
      readonly version: string;
      readonly semanticVersion: string;
      readonly rules: readonly SarifReportingDescriptor[];
    };
  };
  readonly invocations: readonly SarifInvocation[];
  readonly originalUriBaseIds?: { readonly [id: string]: { readonly uri: string } };
  readonly columnKind: 'unicodeCodePoints';
  readonly results: readonly SarifResult[];
  readonly properties: PropertyBag;
}

export interface SarifLog {
  readonly $schema: string;
  readonly version: typeof SARIF_VERSION;
  readonly runs: readonly SarifRun[];
}

/**
 * Plain text for a SARIF message. Square brackets would read as an embedded link
 * (`[text](1)`, SARIF §3.11.6) and are escaped; `operator[]` and ObjC `-[A b:]` names have them.
 */
export function sarifText(text: string): string {
  return text.replace(/[[\]]/g, '\\$&');
}

/** An embedded link to the related location `id` (SARIF §3.11.6). */
export function sarifLink(text: string, id: number): string {
  return `[${sarifText(text)}](${id})`;
}
