/**
 * Writing records, pins and relations (contract §5.5, §5.6), with prepared statements reused
 * for every row. A package of rows is written by the caller inside one transaction. node.
 */
import type { Db } from './db.ts';
import { addressFields, addressKey, parseRecordId } from './ids.ts';

/** One row to store, already validated. */
export type RecordInput = {
  object: string;
  /** The row's values by field name; stored as JSON text. */
  values: Record<string, string>;
  externalId: string;
  externalPinId: string;
  /** Where the row came from, so redoing a file updates instead of inserting (contract §5.9). */
  srcClaim: number;
  srcRow: number;
  pullSource?: string;
};

/** Prepared statements for one workspace's writes. */
export type RecordsWriter = {
  /** Stores one row; returns its numeric record id. */
  upsert(input: RecordInput): number;
  /** Whether `recordId` (a RecordID string) names an existing record of `object`; returns its id. */
  findRecord(recordId: string, object: string): number | undefined;
  /** Links a child record to its parent (one parent per child); `undefined` removes the link. */
  relate(child: number, parent: number | undefined): void;
  /** Removes the records a pull source imported earlier (its file is re-imported whole). */
  deletePulled(sourceId: string): number;
};

/** Builds the writer for workspace id `ws`; `clock` stamps created/updated times. */
export function createRecordsWriter(db: Db, ws: number, clock: () => number): RecordsWriter {
  const byExt = db.prepare(
    `INSERT INTO records (ws, object, ext_id, pin_id, fields, created_at, updated_at, pull_source)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (ws, object, ext_id) WHERE ext_id IS NOT NULL
     DO UPDATE SET pin_id = excluded.pin_id, fields = excluded.fields, updated_at = excluded.updated_at,
       pull_source = excluded.pull_source
     RETURNING id`,
  );
  const bySrc = db.prepare(
    `INSERT INTO records (ws, object, pin_id, fields, created_at, updated_at, src_claim, src_row, pull_source)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (src_claim, src_row) WHERE src_claim IS NOT NULL
     DO UPDATE SET pin_id = excluded.pin_id, fields = excluded.fields, updated_at = excluded.updated_at
     RETURNING id`,
  );
  const plain = db.prepare(
    `INSERT INTO records (ws, object, pin_id, fields, created_at, updated_at, pull_source)
     VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
  );
  const pinByExt = db.prepare(
    `INSERT INTO pins (ws, ext_pin_id, addr_key, address, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (ws, ext_pin_id) WHERE ext_pin_id IS NOT NULL
     DO UPDATE SET addr_key = excluded.addr_key, address = excluded.address, updated_at = excluded.updated_at
     RETURNING id`,
  );
  const pinByAddr = db.prepare(
    'SELECT id FROM pins WHERE ws = ? AND addr_key = ? ORDER BY id LIMIT 1',
  );
  const insertPin = db.prepare(
    `INSERT INTO pins (ws, addr_key, address, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
  );
  const findRec = db.prepare('SELECT id FROM records WHERE id = ? AND ws = ? AND object = ?');
  const relateStmt = db.prepare(
    'INSERT INTO relations (child, parent) VALUES (?, ?) ON CONFLICT (child) DO UPDATE SET parent = excluded.parent',
  );
  const unrelate = db.prepare('DELETE FROM relations WHERE child = ?');
  const deletePulledStmt = db.prepare('DELETE FROM records WHERE ws = ? AND pull_source = ?');
  for (const s of [byExt, bySrc, plain, pinByExt, insertPin]) s.pluck(true);
  pinByAddr.pluck(true);
  findRec.pluck(true);

  function pinFor(values: Record<string, string>, externalPinId: string, now: number): number | null {
    const key = addressKey(values);
    if (externalPinId !== '') {
      return pinByExt.get(ws, externalPinId, key || null, addressJson(values), now, now) as number;
    }
    if (key === '') return null;
    const found = pinByAddr.get(ws, key) as number | undefined;
    if (found !== undefined) return found;
    return insertPin.get(ws, key, addressJson(values), now, now) as number;
  }

  return {
    upsert(input) {
      const now = clock();
      const pin = pinFor(input.values, input.externalPinId, now);
      const fields = JSON.stringify(input.values);
      const pull = input.pullSource ?? null;
      if (input.externalId !== '') {
        return byExt.get(ws, input.object, input.externalId, pin, fields, now, now, pull) as number;
      }
      if (input.srcClaim > 0) {
        return bySrc.get(ws, input.object, pin, fields, now, now, input.srcClaim, input.srcRow, pull) as number;
      }
      return plain.get(ws, input.object, pin, fields, now, now, pull) as number;
    },
    findRecord(recordId, object) {
      const id = parseRecordId(recordId);
      if (id === undefined) return undefined;
      return findRec.get(id, ws, object) as number | undefined;
    },
    relate(child, parent) {
      if (parent === undefined) unrelate.run(child);
      else relateStmt.run(child, parent);
    },
    deletePulled(sourceId) {
      return deletePulledStmt.run(ws, sourceId).changes;
    },
  };
}

function addressJson(values: Record<string, string>): string {
  const out: Record<string, string> = {};
  for (const f of addressFields) out[f] = values[f] ?? '';
  return JSON.stringify(out);
}
