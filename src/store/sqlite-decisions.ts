import type { Database } from 'better-sqlite3';
import type { DecisionEntry, NewDecision } from '../decide/decision.js';
import { type DecisionRow, decisionEntry, decisionValues, type GroupRef } from './decision-rows.js';
import { idPrefix, onlyMatch } from './store-lookups.js';

/** The SQLite store's decisions: functions over an open database, as sqlite-queries.ts. */

export function addDecisionQuery(db: Database, entry: NewDecision, at: string): DecisionEntry {
  const row = db
    .prepare<(string | null)[], DecisionRow>(
      `INSERT INTO decisions (signature, short_id, title, kind, body, by_name, at)
       VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING *`,
    )
    .get(...decisionValues(entry, at));
  if (row === undefined) throw new Error('INSERT ... RETURNING gave no decision');
  return decisionEntry(row);
}

export function decisionHistoryQuery(
  db: Database,
  signatures: readonly string[] | undefined,
): DecisionEntry[] {
  if (signatures === undefined)
    return db
      .prepare<[], DecisionRow>('SELECT * FROM decisions ORDER BY id')
      .all()
      .map((row) => decisionEntry(row));
  // Each signature asked for, and the older signatures aliased to it, as the one asked for.
  const rows = db
    .prepare<[string], DecisionRow & { asked: string }>(
      `WITH wanted AS (SELECT DISTINCT value AS sig FROM json_each(?)),
       keys AS (
         SELECT sig AS stored, sig AS asked FROM wanted
         UNION SELECT a.from_signature, w.sig FROM signature_aliases a JOIN wanted w ON a.to_signature = w.sig
       )
       SELECT d.*, k.asked FROM decisions d JOIN keys k ON d.signature = k.stored ORDER BY d.id`,
    )
    .all(JSON.stringify(signatures));
  return rows.map((row) => decisionEntry(row, row.asked));
}

export function findGroupQuery(db: Database, id: string): GroupRef | null {
  const exact = db
    .prepare<[string, string], GroupRef>(
      `SELECT signature, short_id AS shortId, title FROM groups WHERE signature = ?
       UNION ALL SELECT signature, short_id, title FROM decisions WHERE signature = ? LIMIT 1`,
    )
    .get(id, id);
  if (exact) return exact;
  const prefix = idPrefix(id);
  if (prefix === null) return null;
  const matches = db
    .prepare<{ p: string }, GroupRef>(
      `SELECT signature, shortId, max(title) AS title FROM (
         SELECT signature, short_id AS shortId, title FROM groups WHERE substr(short_id, 1, length(@p)) = @p
         UNION ALL
         SELECT signature, short_id, title FROM decisions WHERE substr(short_id, 1, length(@p)) = @p
       ) GROUP BY signature ORDER BY shortId LIMIT 6`,
    )
    .all({ p: prefix });
  return onlyMatch(id, matches);
}

export function aliasSignatureQuery(db: Database, from: string, to: string): void {
  db.prepare(
    `INSERT INTO signature_aliases (from_signature, to_signature) VALUES (?, ?)
     ON CONFLICT (from_signature) DO UPDATE SET to_signature = excluded.to_signature`,
  ).run(from, to);
}

export function decidedSignaturesQuery(db: Database): string[] {
  return db
    .prepare<[], string>('SELECT DISTINCT signature FROM decisions ORDER BY signature')
    .pluck()
    .all();
}
