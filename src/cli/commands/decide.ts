import { DecideError, type DecideRequest, decide } from '../../decide/decide.js';
import { describeDecision } from '../../decide/decision.js';
import { issueRef } from '../../decide/issue-ref.js';
import { whoDecides } from '../../decide/who.js';
import { openStoreAt } from '../../store/open-store.js';
import type { Store } from '../../store/store.js';
import { StoreError } from '../../store/store.js';
import { storeLocation } from '../../store/store-location.js';
import { EXIT, type ExitCode, ExitError } from '../exit-codes.js';
import { storeOrExit } from '../open-read-store.js';
import type { CommandIo } from '../output.js';

export interface DecideCommandOptions {
  readonly filed?: string;
  readonly title?: string;
  readonly state?: string;
  readonly duplicateOf?: string;
  readonly relatedTo?: string;
  readonly ignore?: string;
  readonly until?: string;
  readonly fixed?: boolean;
  readonly in?: string;
  /** `--undo` alone (true): the newest decision that holds; `--undo N`: entry N. */
  readonly undo?: boolean | string;
  readonly by?: string;
  readonly db?: string;
  readonly json: boolean;
}

/** `racelens decide <id> --filed REF | --duplicate-of ID | --related-to X | --ignore R | --fixed | --undo` */
export async function decideCommand(
  id: string,
  options: DecideCommandOptions,
  io: CommandIo,
): Promise<ExitCode> {
  const request = requestOf(options);
  const store = await openExisting(options.db);
  try {
    const by = whoDecides(options.by);
    const made = await storeOrExit(async () => {
      try {
        return await decide(store, id, request, by);
      } catch (error) {
        if (error instanceof DecideError) throw new ExitError(EXIT.usage, error.message);
        throw error;
      }
    });
    await io.stdout.write(
      options.json
        ? `${JSON.stringify({ group: made.group, entry: made.entry }, null, 2)}\n`
        : `${made.group.shortId}: ${describeDecision(made.entry.decision)} (#${made.entry.id}, by ${made.entry.by}, ${made.entry.at})\n`,
    );
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

/** Exactly one kind of decision per call; its fields checked here, with what was expected. */
function requestOf(options: DecideCommandOptions): DecideRequest {
  const given = [
    options.filed !== undefined && '--filed',
    options.duplicateOf !== undefined && '--duplicate-of',
    options.relatedTo !== undefined && '--related-to',
    options.ignore !== undefined && '--ignore',
    options.fixed === true && '--fixed',
    options.undo !== undefined && '--undo',
  ].filter((flag): flag is string => flag !== false);
  if (given.length !== 1)
    throw new ExitError(
      EXIT.usage,
      given.length === 0
        ? 'say what was decided: --filed REF, --duplicate-of ID, --related-to ID|REF, --ignore REASON, --fixed or --undo'
        : `one decision at a time: ${given.join(' and ')} were given`,
    );
  if (options.until !== undefined && options.ignore === undefined)
    throw new ExitError(EXIT.usage, '--until goes with --ignore');
  if (options.in !== undefined && options.fixed !== true)
    throw new ExitError(EXIT.usage, '--in goes with --fixed');
  if (options.filed !== undefined) {
    const ref = issueRef(options.filed);
    if (ref === null)
      throw new ExitError(
        EXIT.usage,
        `--filed takes an issue URL or owner/repo#N, not '${options.filed}'`,
      );
    const state = options.state ?? 'open';
    if (state !== 'open' && state !== 'closed')
      throw new ExitError(EXIT.usage, `--state is open or closed, not '${state}'`);
    return { kind: 'add', decision: { kind: 'filed', ref, title: options.title ?? null, state } };
  }
  if (options.duplicateOf !== undefined)
    return { kind: 'duplicate-of', group: options.duplicateOf };
  if (options.relatedTo !== undefined)
    return { kind: 'add', decision: { kind: 'related-to', target: options.relatedTo.trim() } };
  if (options.ignore !== undefined) {
    if (options.ignore.trim() === '')
      throw new ExitError(EXIT.usage, '--ignore needs a reason, e.g. --ignore "OpenSSL internal"');
    const until = options.until ?? null;
    if (until !== null && !validDate(until))
      throw new ExitError(EXIT.usage, `--until takes a date YYYY-MM-DD, not '${until}'`);
    return { kind: 'add', decision: { kind: 'ignored', reason: options.ignore.trim(), until } };
  }
  if (options.fixed === true)
    return { kind: 'add', decision: { kind: 'fixed', in: options.in?.trim() || null } };
  const entry = options.undo === true || options.undo === undefined ? null : Number(options.undo);
  if (entry !== null && !(Number.isInteger(entry) && entry > 0))
    throw new ExitError(
      EXIT.usage,
      `--undo takes a decision number (#N in 'racelens decisions'), not '${String(options.undo)}'`,
    );
  return { kind: 'undo', entry };
}

function validDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** The store to decide in: it must exist (a mistyped --db must not make an empty one). */
async function openExisting(db: string | undefined): Promise<Store> {
  const store = await storeOrExit(async () => {
    const location = storeLocation(db);
    const opened = await openStoreAt(location, { create: false });
    if (opened === null)
      throw new StoreError(
        `no racelens store at ${location.display}; run 'racelens ingest <logs>' or 'racelens known import' first (or pass --db)`,
      );
    return opened;
  });
  return store;
}
