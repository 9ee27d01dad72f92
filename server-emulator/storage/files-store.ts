/**
 * Files the non-SPOTIO profiles keep (contract §9): a space's imported files, the contact-list
 * server file list (with its 14-day use clock) and each pull source's last imported SHA-256. node.
 */
import type { Db } from './db.ts';

/** What both kinds of kept file record: its row id, workspace, name and facts (rows: CSV only). */
type KeptFile = {
  id: number;
  ws: string;
  name: string;
  size: number;
  sha256: string;
  rows: number | null;
};

export type SpaceFile = KeptFile & { importedAt: number };

export type ContactListFile = KeptFile & {
  addedAt: number;
  lastUsedAt: number;
  droppedAt: number | null;
};

export type PullState = {
  lastSha256: string | null;
  lastImportAt: number | null;
  lastCheckAt: number | null;
  lastError: string | null;
};

/** The files store over `db`. */
export function createFilesStore(db: Db) {
  const addSpace = db.prepare(
    'INSERT INTO space_files (ws, name, size, sha256, rows, stored_path, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const listSpace = db.prepare(
    'SELECT id, ws, name, size, sha256, rows, imported_at AS importedAt FROM space_files WHERE ws = ? ORDER BY id',
  );
  const addList = db.prepare(
    'INSERT INTO contact_lists (ws, name, size, sha256, rows, stored_path, added_at, last_used_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const listLists = db.prepare(
    `SELECT id, ws, name, size, sha256, rows, added_at AS addedAt, last_used_at AS lastUsedAt, dropped_at AS droppedAt
     FROM contact_lists WHERE ws = ? AND dropped_at IS NULL ORDER BY id`,
  );
  const useList = db.prepare(
    'UPDATE contact_lists SET last_used_at = ? WHERE id = ? AND ws = ? AND dropped_at IS NULL',
  );
  const expired = db.prepare(
    'SELECT id, stored_path AS path, name FROM contact_lists WHERE ws = ? AND dropped_at IS NULL AND last_used_at <= ?',
  );
  const drop = db.prepare('UPDATE contact_lists SET dropped_at = ? WHERE id = ?');
  const getPull = db.prepare(
    'SELECT last_sha256 AS lastSha256, last_import_at AS lastImportAt, last_check_at AS lastCheckAt, last_error AS lastError FROM pull_state WHERE ws = ? AND source_id = ?',
  );
  const setPull = db.prepare(
    `INSERT INTO pull_state (ws, source_id, last_sha256, last_import_at, last_check_at, last_error) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (ws, source_id) DO UPDATE SET last_sha256 = excluded.last_sha256, last_import_at = excluded.last_import_at,
       last_check_at = excluded.last_check_at, last_error = excluded.last_error`,
  );
  return {
    addSpaceFile(f: Omit<SpaceFile, 'id'>, storedPath: string): number {
      return Number(
        addSpace.run(f.ws, f.name, f.size, f.sha256, f.rows, storedPath, f.importedAt)
          .lastInsertRowid,
      );
    },
    spaceFiles: (ws: string) => listSpace.all(ws) as SpaceFile[],
    addContactList(
      f: Omit<ContactListFile, 'id' | 'lastUsedAt' | 'droppedAt'>,
      storedPath: string,
    ): number {
      return Number(
        addList.run(f.ws, f.name, f.size, f.sha256, f.rows, storedPath, f.addedAt, f.addedAt)
          .lastInsertRowid,
      );
    },
    contactLists: (ws: string) => listLists.all(ws) as ContactListFile[],
    /** Resets a list's 14-day clock; false when there is no such (live) list. */
    useContactList: (ws: string, id: number, now: number) => useList.run(now, id, ws).changes > 0,
    /** Lists last used at or before `cutoff`. */
    expiredContactLists: (ws: string, cutoff: number) =>
      expired.all(ws, cutoff) as { id: number; path: string; name: string }[],
    markDropped: (id: number, now: number) => void drop.run(now, id),
    pullState: (ws: string, sourceId: string) => getPull.get(ws, sourceId) as PullState | undefined,
    setPullState: (ws: string, sourceId: string, s: PullState) =>
      void setPull.run(ws, sourceId, s.lastSha256, s.lastImportAt, s.lastCheckAt, s.lastError),
  };
}
export type FilesStore = ReturnType<typeof createFilesStore>;
