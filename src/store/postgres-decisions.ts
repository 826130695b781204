import type { ClientBase } from 'pg';
import type { DecisionEntry, NewDecision } from '../decide/decision.js';
import { type DecisionRow, decisionEntry, decisionValues, type GroupRef } from './decision-rows.js';
import { idPrefix, onlyMatch } from './store-lookups.js';

/** The PostgreSQL store's decisions: the same statements as sqlite-decisions.ts, in its dialect. */

export async function addDecisionQuery(
  db: ClientBase,
  entry: NewDecision,
  at: string,
): Promise<DecisionEntry> {
  const { rows } = await db.query<DecisionRow>(
    `INSERT INTO decisions (signature, short_id, title, kind, body, by_name, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    decisionValues(entry, at),
  );
  const row = rows[0];
  if (row === undefined) throw new Error('INSERT ... RETURNING gave no decision');
  return decisionEntry(row);
}

export async function decisionHistoryQuery(
  db: ClientBase,
  signatures: readonly string[] | undefined,
): Promise<DecisionEntry[]> {
  if (signatures === undefined) {
    const { rows } = await db.query<DecisionRow>('SELECT * FROM decisions ORDER BY id');
    return rows.map((row) => decisionEntry(row));
  }
  const { rows } = await db.query<DecisionRow & { asked: string }>(
    `WITH wanted AS (SELECT DISTINCT unnest($1::text[]) COLLATE "C" AS sig),
     keys AS (
       SELECT sig AS stored, sig AS asked FROM wanted
       UNION SELECT a.from_signature, w.sig FROM signature_aliases a JOIN wanted w ON a.to_signature = w.sig
     )
     SELECT d.*, k.asked FROM decisions d JOIN keys k ON d.signature = k.stored ORDER BY d.id`,
    [signatures],
  );
  return rows.map((row) => decisionEntry(row, row.asked));
}

export async function findGroupQuery(db: ClientBase, id: string): Promise<GroupRef | null> {
  const exact = await db.query<GroupRef>(
    `SELECT signature, short_id AS "shortId", title FROM groups WHERE signature = $1
     UNION ALL SELECT signature, short_id, title FROM decisions WHERE signature = $1 LIMIT 1`,
    [id],
  );
  if (exact.rows[0]) return exact.rows[0];
  const prefix = idPrefix(id);
  if (prefix === null) return null;
  const { rows } = await db.query<GroupRef>(
    `SELECT signature, "shortId", max(title) AS title FROM (
       SELECT signature, short_id AS "shortId", title FROM groups WHERE starts_with(short_id, $1)
       UNION ALL
       SELECT signature, short_id, title FROM decisions WHERE starts_with(short_id, $1)
     ) m GROUP BY signature, "shortId" ORDER BY "shortId" LIMIT 6`,
    [prefix],
  );
  return onlyMatch(id, rows);
}

export async function aliasSignatureQuery(db: ClientBase, from: string, to: string): Promise<void> {
  await db.query(
    `INSERT INTO signature_aliases (from_signature, to_signature) VALUES ($1, $2)
     ON CONFLICT (from_signature) DO UPDATE SET to_signature = excluded.to_signature`,
    [from, to],
  );
}

export async function decidedSignaturesQuery(db: ClientBase): Promise<string[]> {
  const { rows } = await db.query<{ signature: string }>(
    'SELECT DISTINCT signature FROM decisions ORDER BY signature',
  );
  return rows.map((r) => r.signature);
}
