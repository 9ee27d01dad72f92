/**
 * The emulator's database (contract §5.9): one SQLite file `<data>/emulator.sqlite` in WAL mode,
 * with its migrations in code. Records, pins, relations, territories, the processing journal,
 * the log and the files of the non-SPOTIO profiles live here. node.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type Db = Database.Database;

/** Each entry moves the schema one version up; applied in order, each in its own transaction. */
const migrations: readonly string[] = [
  `
  CREATE TABLE workspaces (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);

  CREATE TABLE records (
    id INTEGER PRIMARY KEY,
    ws INTEGER NOT NULL,
    object TEXT NOT NULL,
    ext_id TEXT,
    pin_key TEXT,
    fields TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    src_claim INTEGER,
    src_row INTEGER,
    pull_source TEXT
  );
  CREATE UNIQUE INDEX records_ext ON records (ws, object, ext_id) WHERE ext_id IS NOT NULL;
  CREATE UNIQUE INDEX records_src ON records (src_claim, src_row) WHERE src_claim IS NOT NULL;
  CREATE INDEX records_pull ON records (ws, pull_source) WHERE pull_source IS NOT NULL;

  -- A pin is a place records hang on: key 'e:<ExternalPinId>' or 'a:<normalised address>'
  -- (contract §5.5). Keyed by (ws, key) so matching and creating is one INSERT OR IGNORE.
  CREATE TABLE pins (
    ws INTEGER NOT NULL,
    key TEXT NOT NULL,
    address TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (ws, key)
  ) WITHOUT ROWID;

  CREATE TABLE relations (child INTEGER PRIMARY KEY, parent INTEGER NOT NULL);

  CREATE TABLE territories (
    id INTEGER PRIMARY KEY,
    ws INTEGER NOT NULL,
    name TEXT NOT NULL,
    level INTEGER NOT NULL,
    geometry TEXT NOT NULL,
    parent_id INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (ws, name)
  );

  CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    ws TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    new_dir TEXT NOT NULL,
    claimed_path TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    claimed_at INTEGER NOT NULL,
    finished_at INTEGER,
    dest_path TEXT,
    result TEXT
  );
  CREATE INDEX claims_open ON claims (state) WHERE state <> 'done';

  CREATE TABLE log (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    level TEXT NOT NULL,
    ws TEXT,
    file TEXT,
    message TEXT NOT NULL
  );

  CREATE TABLE space_files (
    id INTEGER PRIMARY KEY,
    ws TEXT NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    rows INTEGER,
    stored_path TEXT NOT NULL,
    imported_at INTEGER NOT NULL
  );

  CREATE TABLE contact_lists (
    id INTEGER PRIMARY KEY,
    ws TEXT NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    rows INTEGER,
    stored_path TEXT NOT NULL,
    added_at INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL,
    dropped_at INTEGER
  );

  CREATE TABLE pull_state (
    ws TEXT NOT NULL,
    source_id TEXT NOT NULL,
    last_sha256 TEXT,
    last_import_at INTEGER,
    last_check_at INTEGER,
    last_error TEXT,
    PRIMARY KEY (ws, source_id)
  );

  CREATE TABLE export_state (ws TEXT PRIMARY KEY, last_export_at INTEGER NOT NULL);
  `,
  // v2: an ExternalPinId pin keeps its normalised address too, so a later row without an
  // ExternalPinId at that address joins it (contract §5.5: "else by its normalised address").
  `
  ALTER TABLE pins ADD COLUMN addr_key TEXT;
  CREATE INDEX pins_addr ON pins (ws, addr_key) WHERE addr_key IS NOT NULL;
  `,
  // v3: files in New/ that could not be claimed (a bad name, a failed rename), counted so that
  // after maxAttempts they are failed instead of retried every cycle (issue 14).
  `
  CREATE TABLE take_failures (
    ws TEXT NOT NULL,
    dir TEXT NOT NULL,
    name TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    last_error TEXT NOT NULL,
    PRIMARY KEY (ws, dir, name)
  );
  `,
  // v4: which file the count is of (size and mtime when it was last tried), so a new upload under
  // the same name starts a fresh count instead of inheriting a given-up one (space and
  // contact-lists leave a given-up file where it is; issue 14).
  `
  ALTER TABLE take_failures ADD COLUMN size INTEGER;
  ALTER TABLE take_failures ADD COLUMN mtime_ms REAL;
  `,
];

/** Opens (creating if needed) `<dataDir>/emulator.sqlite`, tuned for bulk imports, migrated. */
export function openDb(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'emulator.sqlite'));
  db.pragma('journal_mode = WAL');
  // A crash of the process loses nothing committed in WAL mode with NORMAL; a power cut may lose
  // the last transactions, which the journal then redoes (contract §5.9).
  db.pragma('synchronous = NORMAL');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -65536');
  db.pragma('busy_timeout = 5000');
  // Bulk imports: checkpoint the WAL every 64 MiB rather than every 4 MiB, then shrink it.
  db.pragma('wal_autocheckpoint = 16384');
  db.pragma('journal_size_limit = 67108864');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < migrations.length; v++) {
    const sql = migrations[v] ?? '';
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/** The numeric id of a workspace name, created on first use. */
export function workspaceId(db: Db, name: string): number {
  const row = db.prepare('SELECT id FROM workspaces WHERE name = ?').get(name) as
    { id: number } | undefined;
  if (row) return row.id;
  return Number(db.prepare('INSERT INTO workspaces (name) VALUES (?)').run(name).lastInsertRowid);
}
