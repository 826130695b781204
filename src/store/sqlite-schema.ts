/**
 * The SQLite store's schema, as migrations: migration N takes the store from version N-1 to N,
 * and runs on open inside one transaction. Never edit a released migration; add one (and its
 * PostgreSQL twin in postgres-schema.ts). Each applied version is a row of `racelens_schema`
 * (from migration 2 on); `PRAGMA user_version` follows it, as stores of version 1 only have it.
 *
 * `application_id` marks the file as a racelens store ('RCLS'), so that racelens recognises a
 * foreign SQLite database and refuses to touch it.
 */
export const APPLICATION_ID = 0x52434c53;

export const MIGRATIONS: readonly string[] = [
  // 1: runs, inputs, groups, occurrences, per-(group, run) counts, one report per group.
  `
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    time TEXT NOT NULL,            -- ISO 8601 UTC, when first recorded
    commit_sha TEXT,
    branch TEXT,
    job TEXT,
    meta TEXT NOT NULL DEFAULT '{}' -- JSON object of --meta k=v
  );
  CREATE INDEX runs_time ON runs (time);
  CREATE INDEX runs_branch ON runs (branch, time);

  CREATE TABLE inputs (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs (id),
    sha256 TEXT NOT NULL,
    name TEXT NOT NULL,
    bytes INTEGER NOT NULL,
    reports INTEGER NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (run_id, sha256)
  );

  CREATE TABLE groups (
    id INTEGER PRIMARY KEY,
    signature TEXT NOT NULL UNIQUE,
    short_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
  );
  CREATE INDEX groups_short_id ON groups (short_id);

  -- A compact copy of each group's first report (its parsed form, JSON), for renderers.
  CREATE TABLE reports (
    group_id INTEGER PRIMARY KEY REFERENCES groups (id),
    parsed TEXT NOT NULL
  );

  CREATE TABLE occurrences (
    id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES groups (id),
    run_id INTEGER NOT NULL REFERENCES runs (id),
    input_id INTEGER NOT NULL REFERENCES inputs (id),
    line INTEGER NOT NULL
  );
  CREATE INDEX occurrences_group_run ON occurrences (group_id, run_id);
  CREATE INDEX occurrences_input ON occurrences (input_id);

  -- What history and gate read: one row per group per run it was seen in.
  CREATE TABLE group_runs (
    group_id INTEGER NOT NULL REFERENCES groups (id),
    run_id INTEGER NOT NULL REFERENCES runs (id),
    reports INTEGER NOT NULL,
    PRIMARY KEY (group_id, run_id)
  ) WITHOUT ROWID;
  CREATE INDEX group_runs_run ON group_runs (run_id);
  `,
  // 2: the schema version as a table (as on PostgreSQL, where there is no user_version).
  `
  CREATE TABLE racelens_schema (
    version INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL
  );
  `,
  // 3: decisions (append-only history, keyed by signature) and aliases from older signatures.
  `
  CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    signature TEXT NOT NULL,
    short_id TEXT NOT NULL,
    title TEXT,
    kind TEXT NOT NULL,
    body TEXT NOT NULL,            -- the decision as JSON
    by_name TEXT NOT NULL,
    at TEXT NOT NULL
  );
  CREATE INDEX decisions_signature ON decisions (signature, id);
  CREATE INDEX decisions_short_id ON decisions (short_id);

  CREATE TABLE signature_aliases (
    from_signature TEXT PRIMARY KEY,
    to_signature TEXT NOT NULL
  );
  CREATE INDEX signature_aliases_to ON signature_aliases (to_signature);
  `,
  // 4: the team server's tokens, stored hashed (SHA-256 of a random secret); revoked, kept.
  `
  CREATE TABLE tokens (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    scopes TEXT NOT NULL,          -- JSON array: read, ingest, decide, admin
    hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
  );
  `,
  // 5: the groups list's order (most recently seen first): a page of 100 is read off the
  // index, not sorted out of every matching group.
  `
  CREATE INDEX groups_last_seen ON groups (last_seen, id);
  `,
];
