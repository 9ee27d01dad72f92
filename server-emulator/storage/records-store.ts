/**
 * Writing records, pins and relations (contract §5.5, §5.6), with prepared statements reused
 * for every row. A package of rows is written by the caller inside one transaction. node.
 */
import type { Db } from './db.ts';
import { addressKeyOf, parseRecordId } from './ids.ts';

/** One row to store, already validated. */
export type RecordInput = {
  object: string;
  /** The row's values by field name as JSON text (an object of strings), stored as is. */
  fields: string;
  /** Address, City, State, Zip, Country ('' for a part the row lacks): the pin (§5.5). */
  address: readonly string[];
  externalId: string;
  externalPinId: string;
  /** Where the row came from, so redoing a file updates instead of inserting (contract §5.9). */
  srcClaim: number;
  srcRow: number;
  pullSource?: string;
};

/** Prepared statements for one workspace's writes. */
export type RecordsWriter = {
  /** Stores one row; returns its numeric record id when `needId` (else 0, which is cheaper). */
  upsert(input: RecordInput, needId?: boolean): number;
  /** Whether `recordId` (a RecordID string) names an existing record of `object`; returns its id. */
  findRecord(recordId: string, object: string): number | undefined;
  /** Links a child record to its parent (one parent per child); `undefined` removes the link. */
  relate(child: number, parent: number | undefined): void;
  /** Removes the records a pull source imported earlier (its file is re-imported whole). */
  deletePulled(sourceId: string): number;
};

/** Builds the writer for workspace id `ws`; `clock` stamps created/updated times. */
export function createRecordsWriter(db: Db, ws: number, clock: () => number): RecordsWriter {
  const cols =
    'ws, object, ext_id, pin_key, fields, created_at, updated_at, src_claim, src_row, pull_source';
  const vals = '?, ?, ?, ?, ?, ?, ?, ?, ?, ?';
  const set =
    'pin_key = excluded.pin_key, fields = excluded.fields, updated_at = excluded.updated_at, pull_source = excluded.pull_source';
  const byExtSql = `INSERT INTO records (${cols}) VALUES (${vals})
     ON CONFLICT (ws, object, ext_id) WHERE ext_id IS NOT NULL DO UPDATE SET ${set}`;
  const bySrcSql = `INSERT INTO records (${cols}) VALUES (${vals})
     ON CONFLICT (src_claim, src_row) WHERE src_claim IS NOT NULL DO UPDATE SET ${set}`;
  const plainSql = `INSERT INTO records (${cols}) VALUES (${vals})`;
  // The id is only read back (RETURNING) when the caller needs it (relations): it costs.
  const byExt = db.prepare(byExtSql);
  const byExtId = db.prepare(byExtSql + ' RETURNING id').pluck(true);
  const bySrc = db.prepare(bySrcSql);
  const bySrcId = db.prepare(bySrcSql + ' RETURNING id').pluck(true);
  const plain = db.prepare(plainSql);
  const extPin = db.prepare(
    `INSERT INTO pins (ws, key, address, addr_key, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (ws, key) DO UPDATE SET address = excluded.address, addr_key = excluded.addr_key
     WHERE address <> excluded.address OR addr_key IS NOT excluded.addr_key`,
  );
  const addrPin = db.prepare(
    'INSERT OR IGNORE INTO pins (ws, key, address, created_at) VALUES (?, ?, ?, ?)',
  );
  const hasAddrPin = db.prepare('SELECT 1 FROM pins WHERE ws = ? AND key = ?').pluck(true);
  const extPinAt = db
    .prepare('SELECT key FROM pins WHERE ws = ? AND addr_key = ? ORDER BY created_at, key LIMIT 1')
    .pluck(true);
  // Whether any ExternalPinId pin of this workspace has an address: when none has, a row without
  // an ExternalPinId needs no second lookup (the common case, and the bulk-import path).
  let extPinsWithAddress =
    db.prepare('SELECT 1 FROM pins WHERE ws = ? AND addr_key IS NOT NULL LIMIT 1').get(ws) !==
    undefined;
  const findRec = db
    .prepare('SELECT id FROM records WHERE id = ? AND ws = ? AND object = ?')
    .pluck(true);
  const relateStmt = db.prepare(
    'INSERT INTO relations (child, parent) VALUES (?, ?) ON CONFLICT (child) DO UPDATE SET parent = excluded.parent',
  );
  const unrelate = db.prepare('DELETE FROM relations WHERE child = ?');
  const deletePulledStmt = db.prepare('DELETE FROM records WHERE ws = ? AND pull_source = ?');

  /** The row's pin key (creating the pin when new), or null when it names no place. */
  /**
   * The row's pin key (creating the pin when new), or null when it names no place (§5.5): its
   * ExternalPinId when given; else the pin of its normalised address — the address pin rows
   * without ids already share, else the first ExternalPinId pin at that address, else a new
   * address pin.
   */
  function pinFor(address: readonly string[], externalPinId: string, now: number): string | null {
    const addr = addressKeyOf(address[0]!, address[1]!, address[2]!, address[3]!, address[4]!);
    if (externalPinId !== '') {
      const key = 'e:' + externalPinId;
      extPin.run(ws, key, addressText(address), addr === '' ? null : addr, now);
      if (addr !== '') extPinsWithAddress = true;
      return key;
    }
    if (addr === '') return null;
    const key = 'a:' + addr;
    if (extPinsWithAddress && hasAddrPin.get(ws, key) === undefined) {
      const ext = extPinAt.get(ws, addr) as string | undefined;
      if (ext !== undefined) return ext;
    }
    // The key is the normalised address itself; the text is kept for ExternalPinId pins only.
    addrPin.run(ws, key, '', now);
    return key;
  }

  return {
    upsert(input, needId = false) {
      const now = clock();
      const pin = pinFor(input.address, input.externalPinId, now);
      const fields = input.fields;
      const pull = input.pullSource ?? null;
      if (input.externalId !== '') {
        const args = [ws, input.object, input.externalId, pin, fields, now, now, null, null, pull];
        if (needId) return byExtId.get(...args) as number;
        byExt.run(...args);
        return 0;
      }
      if (input.srcClaim > 0) {
        const args = [
          ws,
          input.object,
          null,
          pin,
          fields,
          now,
          now,
          input.srcClaim,
          input.srcRow,
          pull,
        ];
        if (needId) return bySrcId.get(...args) as number;
        bySrc.run(...args);
        return 0;
      }
      return Number(
        plain.run(ws, input.object, null, pin, fields, now, now, null, null, pull).lastInsertRowid,
      );
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

/** The address as one line of text (`1 Main St, Springfield, IL, 62701, USA`). */
function addressText(address: readonly string[]): string {
  let out = '';
  for (const v of address) if (v) out += out === '' ? v : ', ' + v;
  return out;
}
