import type { DecisionEntry, NewDecision } from '../decide/decision.js';
import type { TriageResult } from '../triage/triage.js';
import type {
  GroupListPage,
  GroupListQuery,
  RunGroups,
  RunListPage,
  RunListQuery,
} from './browse.js';

export type {
  GroupListPage,
  GroupListQuery,
  GroupSummary,
  RunGroup,
  RunGroups,
  RunListPage,
  RunListQuery,
  RunSummary,
} from './browse.js';

import type { GroupRef } from './decision-rows.js';

export type { GroupRef };

/** What the store asks the time of: injected so tests get the times they set. */
export type Clock = () => Date;

/**
 * The history store behind `ingest`, `history`, `gate`, triage's "seen before" and `run
 * --ingest`, in domain terms: runs (one CI run or one `racelens run`), inputs (one log, recorded
 * whole or not at all), groups (keyed by signature) and their occurrences. Two engines implement
 * it, SQLite (one machine; the default) and PostgreSQL (a team); `openStore` (open-store.ts)
 * picks one from `--db PATH|URL`, and nothing above `store/` names an engine.
 *
 * Every method is async so that a store across the network applies back-pressure. Every method
 * that fails because of the store (damaged, unreachable, refused) throws a StoreError whose
 * message is one line for the user.
 *
 * Extending it (decisions, tokens, the team server): add a method here with its doc comment,
 * implement it in `sqlite-store.ts` and `postgres-store.ts` (new tables are a new migration in
 * `sqlite-schema.ts` and `postgres-schema.ts`, never an edit of a released one), and add its
 * cases to the contract suite (`test/store/contract/`), which runs on both engines.
 */
export interface Store {
  /** Where the store is, for messages: a file path, or a URL without its password. */
  readonly location: string;
  /** The run an ingest records into: made on first use, its metadata filled in where unset. */
  openRun(run: RunInfo): Promise<StoredRun>;
  /**
   * Records one input's triage in `run`, atomically: all of it or nothing, however many
   * processes record at once. An input whose content hash the run already has is not recorded
   * again (`duplicate`).
   */
  recordInput(run: StoredRun, input: InputInfo, result: TriageResult): Promise<RecordOutcome>;
  /** Per group: when and in how many runs it was seen (runs at or after `since`). */
  history(query: HistoryQuery): Promise<HistoryResult>;
  /**
   * The runs one group was seen in, newest first. `id` is a short id, a unique prefix of one
   * (4+ characters) or a full signature. Null when no group has it; StoreError when a prefix is
   * too short or names several groups.
   */
  groupRuns(id: string): Promise<GroupRuns | null>;
  /**
   * Signatures seen in the baseline: every run of a branch, or one run by its name. StoreError
   * (saying what the store has) when it is neither.
   */
  baselineSignatures(baseline: string): Promise<BaselineResult>;
  /**
   * For triage: per signature, how many runs saw it and since when (only signatures known).
   * One look-up for all of them, not one per signature.
   */
  seenBefore(signatures: readonly string[]): Promise<ReadonlyMap<string, SeenBefore>>;
  /** The team server's list of groups: filtered, most recently seen first, one page. */
  listGroups(query: GroupListQuery): Promise<GroupListPage>;
  /** The first report stored for a group (its parsed form, JSON), by full signature. */
  groupReport(signature: string): Promise<string | null>;
  /** Runs, newest first, one page, with their inputs, reports, groups and new groups. */
  listRuns(query: RunListQuery): Promise<RunListPage>;
  /** One run by name and the groups it saw (which were new in it); null when there is none. */
  runGroups(name: string): Promise<RunGroups | null>;
  /**
   * Stores a token of the team server (its hash only, never the secret). StoreError when a
   * token of that name exists, revoked or not.
   */
  createToken(token: NewToken): Promise<TokenInfo>;
  /** Every token, oldest first, revoked ones too. */
  listTokens(): Promise<readonly TokenInfo[]>;
  /** Revokes the token of that name; false when there is no such token not yet revoked. */
  revokeToken(name: string): Promise<boolean>;
  /** The token that has this hash and is not revoked, or null. */
  tokenByHash(hash: string): Promise<TokenInfo | null>;
  /**
   * Appends one entry (a decision or an undo) to a group's decision history; the store sets
   * its id and time. Entries are never changed: concurrent calls all stay.
   */
  addDecision(entry: NewDecision): Promise<DecisionEntry>;
  /**
   * Decision history, oldest first: of the given signatures (also entries recorded under an
   * older signature aliased to one of them, given the signature asked for), or of all groups.
   */
  decisionHistory(signatures?: readonly string[]): Promise<DecisionEntry[]>;
  /**
   * The group an id (4+ character prefix of a short id, or a full signature) names, among the
   * groups seen and those only decided about. Null when none; StoreError when several.
   */
  findGroup(id: string): Promise<GroupRef | null>;
  /**
   * Records that `from` (a signature of an older signature version) is now `to`: decisions
   * made under `from` hold for `to`. A new signature version aliases every decided signature.
   */
  aliasSignature(from: string, to: string): Promise<void>;
  /** Every signature decisions were recorded under, for re-aliasing after a version change. */
  decidedSignatures(): Promise<string[]>;
  /** Releases the file or the connections; the store is not used after. */
  close(): Promise<void>;
}

export interface NewToken {
  readonly name: string;
  readonly scopes: readonly string[];
  /** SHA-256 of the secret, hex. */
  readonly hash: string;
}

export interface TokenInfo {
  readonly name: string;
  readonly scopes: readonly string[];
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export interface RunInfo {
  /** The run's name: `--run`, a CI system's run id, or derived from the inputs. */
  readonly name: string;
  readonly commit: string | null;
  readonly branch: string | null;
  readonly job: string | null;
  readonly meta: Readonly<Record<string, string>>;
}

export interface StoredRun extends RunInfo {
  readonly id: number;
  /** ISO 8601, when the run was first recorded. */
  readonly time: string;
}

export interface InputInfo {
  /** SHA-256 of the input's bytes as read (before decompression), hex. */
  readonly sha256: string;
  readonly name: string;
  readonly bytes: number;
}

export type RecordOutcome =
  | {
      readonly status: 'recorded';
      readonly groups: number;
      readonly reports: number;
      readonly newGroups: number;
    }
  | { readonly status: 'duplicate' };

export interface HistoryQuery {
  /** ISO date or date-time: only runs at or after it count. */
  readonly since?: string;
}

export interface HistoryResult {
  /** Runs in the window: the denominator of each group's share. */
  readonly runs: number;
  readonly groups: readonly GroupHistory[];
}

export interface GroupHistory {
  readonly id: string;
  readonly signature: string;
  readonly kind: string;
  readonly title: string;
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** Runs in the window that saw the group. */
  readonly runsSeen: number;
  /** runsSeen / runs in the window: how flaky the race is. */
  readonly share: number;
  readonly reports: number;
  readonly trend: Trend;
}

/**
 * `new`: first seen in the newest run; `gone`: not seen in the newest runs it would have
 * shown in at its rate; `rising`/`falling`: seen clearly more/less often in the newer half of
 * the window than the older; `steady` otherwise. (Rules in docs/history.md.)
 */
export type Trend = 'new' | 'rising' | 'steady' | 'falling' | 'gone';

export interface GroupRuns {
  readonly group: GroupHistory;
  /** Runs in the store: the denominator of the group's share. */
  readonly totalRuns: number;
  readonly runs: readonly {
    readonly name: string;
    readonly time: string;
    readonly commit: string | null;
    readonly branch: string | null;
    readonly job: string | null;
    readonly reports: number;
  }[];
}

export interface BaselineResult {
  /** How the baseline was read: the runs of a branch, or one run. */
  readonly kind: 'branch' | 'run';
  readonly runs: number;
  readonly signatures: ReadonlySet<string>;
}

export interface SeenBefore {
  readonly runs: number;
  readonly since: string;
}

/** A store that cannot be used: the message says which store, what is wrong and what to do. */
export class StoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreError';
  }
}
