/**
 * The platform's error rows of an upload, kept next to the ledger (`<dataDir>/reports/<id>.json`)
 * so History can show them as a table later without reconnecting. node.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ErrorRow } from '../core/ipc/contract.ts';

type StoredRows = { rows: ErrorRow[]; total: number };

function fileFor(dataDir: string, entryId: string): string {
  // Ledger ids are UUIDs; anything else is refused rather than used in a path.
  if (!/^[A-Za-z0-9-]{1,100}$/.test(entryId)) throw new Error('bad entry id');
  return join(dataDir, 'reports', `${entryId}.json`);
}

/** Stores the rows (row `null` = the whole file, kept as 0). */
export async function writeErrorRows(
  dataDir: string,
  entryId: string,
  rows: readonly { row: number | null; column: string; value: string; message: string }[],
  total?: number,
): Promise<void> {
  const file = fileFor(dataDir, entryId);
  await mkdir(join(dataDir, 'reports'), { recursive: true, mode: 0o700 });
  const body: StoredRows = {
    rows: rows.map((r) => ({
      row: r.row ?? 0,
      column: r.column,
      value: r.value,
      message: r.message,
    })),
    total: Math.max(total ?? rows.length, rows.length),
  };
  const tmp = `${file}.tmp`;
  await writeFile(tmp, JSON.stringify(body), { mode: 0o600 });
  await rename(tmp, file);
}

/** The stored rows, or undefined when none were stored. */
export async function readErrorRows(
  dataDir: string,
  entryId: string,
): Promise<StoredRows | undefined> {
  try {
    const parsed = JSON.parse(await readFile(fileFor(dataDir, entryId), 'utf8')) as StoredRows;
    return Array.isArray(parsed.rows) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
