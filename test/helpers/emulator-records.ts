/**
 * What the emulated platform stored, read from the emulator's own SQLite database (read only):
 * for tests that check each record arrived exactly once, with its values. node, tests only.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';

type WithData = { dataDir: string };

function query<T>(emu: WithData, read: (db: Database.Database) => T): T {
  const db = new Database(join(emu.dataDir, 'emulator.sqlite'), { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Each lead the platform stored for `company`, with its values. */
export function storedLeads(emu: WithData, company: string): Record<string, string>[] {
  return query(emu, (db) => {
    const rows = db
      .prepare(
        "SELECT fields FROM records WHERE object = 'Lead' AND json_extract(fields, '$.Company') = ?",
      )
      .pluck(true)
      .all(company) as string[];
    return rows.map((r) => JSON.parse(r) as Record<string, string>);
  });
}

/** The first lead stored for `company` (undefined if none). */
export function storedLead(emu: WithData, company: string): Record<string, string> | undefined {
  return storedLeads(emu, company)[0];
}

/** How many leads the platform stores per company. */
export function leadsByCompany(emu: WithData): Record<string, number> {
  return query(emu, (db) => {
    const rows = db
      .prepare(
        "SELECT json_extract(fields, '$.Company') AS c, COUNT(*) AS n FROM records WHERE object = 'Lead' GROUP BY c",
      )
      .all() as { c: string; n: number }[];
    return Object.fromEntries(rows.map((r) => [r.c, r.n]));
  });
}
