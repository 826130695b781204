/**
 * What the team server lists: groups filtered and paged, runs paged, one run's groups. The
 * types are the Store's (store.ts); the SQL is built here once for both engines, which differ
 * only in how a parameter is written and how a list of signatures is passed.
 */

export interface GroupListQuery {
  readonly kind?: string;
  /** Only groups seen in a run of this branch. */
  readonly branch?: string;
  /** Only groups seen in a run at or after this ISO date or date-time. */
  readonly since?: string;
  /** Case-insensitive substring of the title or the signature. */
  readonly text?: string;
  /** Only these signatures (a state filter made from decisions). */
  readonly only?: readonly string[];
  /** None of these signatures. */
  readonly except?: readonly string[];
  readonly limit: number;
  readonly offset: number;
}

export interface GroupSummary {
  readonly id: string;
  readonly signature: string;
  readonly kind: string;
  readonly title: string;
  readonly firstSeen: string;
  readonly lastSeen: string;
  /** Runs that saw it. */
  readonly runs: number;
  readonly reports: number;
}

export interface GroupListPage {
  /** Groups that match, over all pages. */
  readonly total: number;
  /** Most recently seen first. */
  readonly groups: readonly GroupSummary[];
}

export interface RunListQuery {
  readonly branch?: string;
  readonly limit: number;
  readonly offset: number;
}

export interface RunSummary {
  readonly name: string;
  readonly time: string;
  readonly commit: string | null;
  readonly branch: string | null;
  readonly job: string | null;
  readonly inputs: number;
  readonly reports: number;
  readonly groups: number;
  /** Groups this run was the first to see. */
  readonly newGroups: number;
}

export interface RunListPage {
  readonly total: number;
  /** Newest first. */
  readonly runs: readonly RunSummary[];
}

export interface RunGroup extends GroupSummary {
  readonly reportsInRun: number;
  /** This run was the first to see it. */
  readonly newInRun: boolean;
}

export interface RunGroups {
  readonly run: RunSummary;
  readonly groups: readonly RunGroup[];
}

export type Dialect = 'sqlite' | 'postgres';

/** SQL with its parameters in order, written for one dialect. */
export interface BuiltQuery {
  readonly sql: string;
  readonly params: unknown[];
}

/** Collects parameters and writes their placeholders (`?` or `$n`) in order of appearance. */
class Params {
  readonly values: unknown[] = [];
  constructor(private readonly dialect: Dialect) {}
  add(value: unknown): string {
    this.values.push(value);
    return this.dialect === 'postgres' ? `$${this.values.length}` : '?';
  }
  /** `column IN (the list)`: a JSON array on SQLite, an array parameter on PostgreSQL. */
  inList(column: string, list: readonly string[]): string {
    if (this.dialect === 'postgres') return `${column} = ANY(${this.add([...list])}::text[])`;
    return `${column} IN (SELECT value FROM json_each(${this.add(JSON.stringify(list))}))`;
  }
}

/** `%`, `_` and the escape character itself matched literally by LIKE ... ESCAPE '\'. */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const GROUP_COLUMNS = `g.short_id AS id, g.signature, g.kind, g.title, g.first_seen AS "firstSeen",
  g.last_seen AS "lastSeen"`;

/** The runs and reports of each group of a page: aggregated for those groups only. */
const GROUP_COUNTS = `(SELECT CAST(count(*) AS integer) FROM group_runs x WHERE x.group_id = g.id) AS runs,
  (SELECT CAST(coalesce(sum(x.reports), 0) AS integer) FROM group_runs x WHERE x.group_id = g.id) AS reports`;

/** The WHERE of the groups list (empty when nothing filters), its parameters added to `p`. */
function groupFilter(p: Params, query: GroupListQuery, since: string | null): string {
  const where: string[] = [];
  if (query.kind !== undefined) where.push(`g.kind = ${p.add(query.kind)}`);
  if (query.text !== undefined && query.text !== '') {
    // Added twice: SQLite's `?` is positional, so a placeholder cannot be used twice.
    const pattern = likePattern(query.text);
    where.push(
      `(lower(g.title) LIKE ${p.add(pattern)} ESCAPE '\\' OR lower(g.signature) LIKE ${p.add(pattern)} ESCAPE '\\')`,
    );
  }
  if (query.branch !== undefined || since !== null) {
    const runWhere: string[] = [];
    if (query.branch !== undefined) runWhere.push(`r.branch = ${p.add(query.branch)}`);
    if (since !== null) runWhere.push(`r.time >= ${p.add(since)}`);
    where.push(`EXISTS (SELECT 1 FROM group_runs gr JOIN runs r ON r.id = gr.run_id
      WHERE gr.group_id = g.id AND ${runWhere.join(' AND ')})`);
  }
  if (query.only !== undefined) where.push(p.inList('g.signature', query.only));
  if (query.except !== undefined && query.except.length > 0)
    where.push(`NOT ${p.inList('g.signature', query.except)}`);
  return where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
}

/**
 * The page's groups: chosen first (off the groups_last_seen index), counted after; counts for
 * every matching group (thousands) would otherwise be computed before the sort.
 */
function groupPageSql(p: Params, query: GroupListQuery, since: string | null): string {
  return `SELECT ${GROUP_COLUMNS}, ${GROUP_COUNTS}, g.last_seen AS sort_seen, g.id AS sort_id
    FROM (SELECT g.* FROM groups g ${groupFilter(p, query, since)}
      ORDER BY g.last_seen DESC, g.id DESC LIMIT ${p.add(query.limit)} OFFSET ${p.add(query.offset)}) g`;
}

/** One page of groups and the count of all that match: two statements, same WHERE (SQLite). */
export function groupListSql(
  dialect: Dialect,
  query: GroupListQuery,
  since: string | null,
): { page: BuiltQuery; total: BuiltQuery } {
  const count = new Params(dialect);
  const total = `SELECT CAST(count(*) AS integer) AS n FROM groups g ${groupFilter(count, query, since)}`;
  const page = new Params(dialect);
  const rows = `${groupPageSql(page, query, since)} ORDER BY g.last_seen DESC, g.id DESC`;
  return {
    page: { sql: rows, params: page.values },
    total: { sql: total, params: count.values },
  };
}

/**
 * The count and the page as one statement: one snapshot without a transaction, one round trip
 * (PostgreSQL, where a BEGIN ... COMMIT read is four). Every row has `total`; a page past the
 * end is one row of nulls but `total`.
 */
export function groupListOneSql(
  dialect: Dialect,
  query: GroupListQuery,
  since: string | null,
): BuiltQuery {
  const p = new Params(dialect);
  const count = `SELECT CAST(count(*) AS integer) AS total FROM groups g ${groupFilter(p, query, since)}`;
  const sql = `SELECT t.total, page.* FROM (${count}) t
    LEFT JOIN LATERAL (${groupPageSql(p, query, since)}) page ON true
    ORDER BY page.sort_seen DESC, page.sort_id DESC`;
  return { sql, params: p.values };
}

/** A row of a groups page as the list gives it: with its sort keys, and `total` if one statement. */
export type GroupPageRow = GroupSummary & {
  readonly sort_seen: string;
  readonly sort_id: number;
  readonly total?: number;
};

/** A page's row as a summary: the sort keys and the total left out. */
export function groupSummaryOf(row: GroupPageRow): GroupSummary {
  const { sort_seen: _seen, sort_id: _id, total: _total, ...summary } = row;
  return summary;
}

/** A run's figures, for `runs r`: inputs, reports, groups, and groups it was the first to see. */
const RUN_COLUMNS = `r.name, r.time, r.commit_sha AS "commit", r.branch, r.job,
  (SELECT CAST(count(*) AS integer) FROM inputs i WHERE i.run_id = r.id) AS inputs,
  (SELECT CAST(coalesce(sum(i.reports), 0) AS integer) FROM inputs i WHERE i.run_id = r.id) AS reports,
  (SELECT CAST(count(*) AS integer) FROM group_runs gr WHERE gr.run_id = r.id) AS groups,
  (SELECT CAST(count(*) AS integer) FROM group_runs gr WHERE gr.run_id = r.id AND NOT EXISTS (
     SELECT 1 FROM group_runs e JOIN runs er ON er.id = e.run_id
     WHERE e.group_id = gr.group_id AND (er.time < r.time OR (er.time = r.time AND er.id < r.id))
  )) AS "newGroups"`;

export function runListSql(
  dialect: Dialect,
  query: RunListQuery,
): { page: BuiltQuery; total: BuiltQuery } {
  const build = (forCount: boolean): BuiltQuery => {
    const p = new Params(dialect);
    const filter = query.branch !== undefined ? `WHERE r.branch = ${p.add(query.branch)}` : '';
    if (forCount)
      return {
        sql: `SELECT CAST(count(*) AS integer) AS n FROM runs r ${filter}`,
        params: p.values,
      };
    return {
      sql: `SELECT ${RUN_COLUMNS} FROM runs r ${filter} ORDER BY r.time DESC, r.id DESC
        LIMIT ${p.add(query.limit)} OFFSET ${p.add(query.offset)}`,
      params: p.values,
    };
  };
  return { page: build(false), total: build(true) };
}

export function runSql(dialect: Dialect, name: string): BuiltQuery {
  const p = new Params(dialect);
  return {
    sql: `SELECT ${RUN_COLUMNS} FROM runs r WHERE r.name = ${p.add(name)}`,
    params: p.values,
  };
}

/** The groups of one run, most reports in it first. */
export function runGroupsSql(dialect: Dialect, name: string): BuiltQuery {
  const p = new Params(dialect);
  return {
    sql: `SELECT ${GROUP_COLUMNS}, ${GROUP_COUNTS}, gr.reports AS "reportsInRun",
        CASE WHEN EXISTS (SELECT 1 FROM group_runs e JOIN runs er ON er.id = e.run_id
          WHERE e.group_id = g.id AND (er.time < r.time OR (er.time = r.time AND er.id < r.id)))
        THEN 0 ELSE 1 END AS "newInRun"
      FROM runs r JOIN group_runs gr ON gr.run_id = r.id JOIN groups g ON g.id = gr.group_id
      WHERE r.name = ${p.add(name)} ORDER BY gr.reports DESC, g.short_id`,
    params: p.values,
  };
}

/** The first report stored for a group, by its full signature. */
export function groupReportSql(dialect: Dialect, signature: string): BuiltQuery {
  const p = new Params(dialect);
  return {
    sql: `SELECT rp.parsed FROM reports rp JOIN groups g ON g.id = rp.group_id
      WHERE g.signature = ${p.add(signature)}`,
    params: p.values,
  };
}

type RawRunGroup = Omit<RunGroup, 'newInRun'> & { readonly newInRun: number | boolean };

export function runGroupOf(row: RawRunGroup): RunGroup {
  return { ...row, newInRun: row.newInRun === 1 || row.newInRun === true };
}
