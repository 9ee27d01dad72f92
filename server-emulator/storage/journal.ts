/**
 * The processing journal (contract §5.9): every claimed file has a row from the moment it is
 * claimed until its reports are written, so a restart finds and finishes it. Also the
 * processing log the admin page shows. node.
 */
import type { Db } from './db.ts';

export type ClaimKind = 'records' | 'territories';
/**
 * `claiming`: about to rename out of New/; `claimed`: in the processing area, (re)process it;
 * `finishing`: processed, result known, file and reports on their way to `dest_path`; `done`.
 */
export type ClaimState = 'claiming' | 'claimed' | 'finishing' | 'done';

export type Claim = {
  id: number;
  ws: string;
  kind: ClaimKind;
  name: string;
  newDir: string;
  claimedPath: string;
  state: ClaimState;
  attempts: number;
  claimedAt: number;
  destPath: string | null;
  result: string | null;
};

export type LogLevel = 'info' | 'warn' | 'error';
export type LogEntry = {
  id: number;
  at: number;
  level: LogLevel;
  ws: string | null;
  file: string | null;
  message: string;
};

type ClaimRow = {
  id: number;
  ws: string;
  kind: ClaimKind;
  name: string;
  new_dir: string;
  claimed_path: string;
  state: ClaimState;
  attempts: number;
  claimed_at: number;
  dest_path: string | null;
  result: string | null;
};

function toClaim(r: ClaimRow): Claim {
  return {
    id: r.id,
    ws: r.ws,
    kind: r.kind,
    name: r.name,
    newDir: r.new_dir,
    claimedPath: r.claimed_path,
    state: r.state,
    attempts: r.attempts,
    claimedAt: r.claimed_at,
    destPath: r.dest_path,
    result: r.result,
  };
}

/** Which file a take failure was counted for. */
export type FileSeen = { size: number; mtimeMs: number };

/** The failed tries of one file so far (size and mtime: null when counted without them). */
export type TakeFailure = {
  attempts: number;
  lastError: string;
  size: number | null;
  mtimeMs: number | null;
};

/** The journal's operations. */
export type Journal = ReturnType<typeof createJournal>;

/** Builds the journal over `db`. */
export function createJournal(db: Db) {
  const insert = db.prepare(
    `INSERT INTO claims (ws, kind, name, new_dir, claimed_path, state, claimed_at)
     VALUES (?, ?, ?, ?, ?, 'claiming', ?)`,
  );
  const setPath = db.prepare('UPDATE claims SET claimed_path = ? WHERE id = ?');
  const setState = db.prepare('UPDATE claims SET state = ? WHERE id = ?');
  const bump = db.prepare('UPDATE claims SET attempts = attempts + 1 WHERE id = ?');
  const finishing = db.prepare(
    `UPDATE claims SET state = 'finishing', dest_path = ?, result = ? WHERE id = ?`,
  );
  const done = db.prepare(`UPDATE claims SET state = 'done', finished_at = ? WHERE id = ?`);
  const remove = db.prepare('DELETE FROM claims WHERE id = ?');
  const open = db.prepare(`SELECT * FROM claims WHERE state <> 'done' ORDER BY id`);
  const addLog = db.prepare(
    'INSERT INTO log (at, level, ws, file, message) VALUES (?, ?, ?, ?, ?)',
  );
  const readLog = db.prepare('SELECT * FROM log ORDER BY id DESC LIMIT ? OFFSET ?');
  const trimLog = db.prepare('DELETE FROM log WHERE id <= ?');
  const takeFailed = db.prepare(
    `INSERT INTO take_failures (ws, dir, name, attempts, last_error) VALUES (?, ?, ?, 1, ?)
     ON CONFLICT (ws, dir, name) DO UPDATE SET attempts = attempts + 1, last_error = excluded.last_error
     RETURNING attempts`,
  );
  const takeCleared = db.prepare('DELETE FROM take_failures WHERE ws = ? AND dir = ? AND name = ?');
  const takeSeen = db.prepare(
    'UPDATE take_failures SET size = ?, mtime_ms = ? WHERE ws = ? AND dir = ? AND name = ?',
  );
  const takeFailure = db.prepare(
    `SELECT attempts, last_error AS lastError, size, mtime_ms AS mtimeMs FROM take_failures
     WHERE ws = ? AND dir = ? AND name = ?`,
  );
  const takeFailureNames = db.prepare('SELECT name FROM take_failures WHERE ws = ? AND dir = ?');

  return {
    /** Starts a claim before the rename; returns its id. */
    begin(ws: string, kind: ClaimKind, name: string, newDir: string, now: number): number {
      return Number(insert.run(ws, kind, name, newDir, '', now).lastInsertRowid);
    },
    setClaimedPath(id: number, path: string): void {
      setPath.run(path, id);
    },
    setState(id: number, state: ClaimState): void {
      setState.run(state, id);
    },
    bumpAttempts(id: number): void {
      bump.run(id);
    },
    /** Records where the file goes and what its result is, before it moves (contract §5.9). */
    finishing(id: number, destPath: string, resultJson: string): void {
      finishing.run(destPath, resultJson, id);
    },
    done(id: number, now: number): void {
      done.run(now, id);
    },
    forget(id: number): void {
      remove.run(id);
    },
    /** Claims not yet done, oldest first: the work a restart must finish. */
    open(): Claim[] {
      return (open.all() as ClaimRow[]).map(toClaim);
    },
    /**
     * Counts a failed try to claim `name` from `dir`; returns the tries so far. `seen` records
     * which file it was (size, mtime), for takeFailure's callers to tell a new upload apart.
     */
    takeFailed(ws: string, dir: string, name: string, error: string, seen?: FileSeen): number {
      const n = (takeFailed.get(ws, dir, name, error) as { attempts: number }).attempts;
      if (seen) takeSeen.run(seen.size, seen.mtimeMs, ws, dir, name);
      return n;
    },
    /** The failed tries counted for `name` in `dir` so far, if any. */
    takeFailure(ws: string, dir: string, name: string): TakeFailure | undefined {
      return takeFailure.get(ws, dir, name) as TakeFailure | undefined;
    },
    /** Names in `dir` with failed tries counted. */
    takeFailureNames(ws: string, dir: string): string[] {
      return takeFailureNames.pluck(true).all(ws, dir) as string[];
    },
    /** Forgets the failed tries of a file once it was claimed or failed. */
    takeCleared(ws: string, dir: string, name: string): void {
      takeCleared.run(ws, dir, name);
    },
    log(now: number, level: LogLevel, message: string, ws?: string, file?: string): void {
      const id = Number(addLog.run(now, level, ws ?? null, file ?? null, message).lastInsertRowid);
      // Keep the log bounded: the newest 10,000 lines.
      if (id % 1000 === 0) trimLog.run(id - 10_000);
    },
    readLog(limit: number, offset: number): LogEntry[] {
      return readLog.all(limit, offset) as LogEntry[];
    },
  };
}
