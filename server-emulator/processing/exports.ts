/**
 * Exports (contract §7): `<exportDir>/<Object>_<YYYY-MM-DD>.csv` with `RecordID` first, then the
 * schema's fields, values neutralised like reports. Streamed from the database row by row and
 * written under a dot name, renamed when complete, so a user never downloads half a file;
 * never overwrites (` (2)` suffix). Scheduling (daily/weekly by the injected clock) too. node.
 */
import { closeSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ObjectSchema } from '../../core/schema/object-schema.ts';
import type { Db } from '../storage/db.ts';
import { workspaceId } from '../storage/db.ts';
import { formatRecordId } from '../storage/ids.ts';
import { csvLine, freeNameIn } from './core-adapters.ts';

/** `YYYY-MM-DD` of a time, in UTC. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Writes one object's export into `dirAbs`; returns the file name. */
export function exportObject(
  db: Db,
  wsName: string,
  schema: ObjectSchema,
  dirAbs: string,
  now: number,
): string {
  mkdirSync(dirAbs, { recursive: true });
  const ws = workspaceId(db, wsName);
  const name = freeNameIn(dirAbs, `${schema.object}_${isoDate(now)}.csv`);
  const tmp = join(dirAbs, `.${name}.part`);
  const fd = openSync(tmp, 'w');
  try {
    const names = schema.fields.map((f) => f.name);
    let buf = csvLine(['RecordID', ...names]);
    const rows = db
      .prepare('SELECT id, fields FROM records WHERE ws = ? AND object = ? ORDER BY id')
      .raw(true)
      .iterate(ws, schema.object) as IterableIterator<[number, string]>;
    const cells: string[] = new Array<string>(names.length + 1);
    for (const [id, fields] of rows) {
      const v = JSON.parse(fields) as Record<string, string | undefined>;
      cells[0] = formatRecordId(id);
      for (let i = 0; i < names.length; i++) cells[i + 1] = v[names[i]!] ?? '';
      buf += csvLine(cells);
      if (buf.length > 1 << 20) {
        writeSync(fd, buf);
        buf = '';
      }
    }
    writeSync(fd, buf);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, join(dirAbs, name));
  return name;
}

/** Whether a scheduled export is due: none yet, or a new UTC day (daily) / 7 days on (weekly). Pure. */
export function exportDue(
  schedule: 'none' | 'daily' | 'weekly',
  last: number | undefined,
  now: number,
): boolean {
  if (schedule === 'none') return false;
  if (last === undefined) return true;
  if (schedule === 'daily') return isoDate(now) !== isoDate(last);
  return now - last >= 7 * 24 * 60 * 60 * 1000;
}

/** The last scheduled export time of a workspace, and recording a new one. */
export function exportState(db: Db) {
  const get = db.prepare('SELECT last_export_at FROM export_state WHERE ws = ?').pluck(true);
  const set = db.prepare(
    'INSERT INTO export_state (ws, last_export_at) VALUES (?, ?) ON CONFLICT (ws) DO UPDATE SET last_export_at = excluded.last_export_at',
  );
  return {
    last: (ws: string) => get.get(ws) as number | undefined,
    record: (ws: string, at: number) => void set.run(ws, at),
  };
}
