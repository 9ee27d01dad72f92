/**
 * The upload ledger: every file sent, with its SHA-256 and what became of it, in one JSON file
 * in the app's data directory (written atomically). It lets the app warn before the same content
 * is sent again to the same site and folder. node.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { z } from 'zod';
import { loadJsonFile, saveJsonFile } from './json-file.ts';
import { join, posix } from 'node:path';
import { fail, ok, type Result } from './result.ts';

/** Where an upload stands (defined once with its runtime schema in the IPC contract). */
export type { LedgerOutcome } from '../core/ipc/contract.ts';
import type { LedgerOutcome } from '../core/ipc/contract.ts';

/** The platform's `<file>.result.json` (contract §5.7), as read. */
export type ResultJson = {
  status: string;
  file: string;
  object?: string;
  rowsTotal?: number;
  rowsImported?: number;
  rowsFailed?: number;
  packages?: number;
  warnings?: string[];
  errors?: unknown[];
  startedAt?: string;
  finishedAt?: string;
  [k: string]: unknown;
};

export type LedgerEntry = {
  id: string;
  siteId: string;
  fileName: string;
  localPath: string;
  remotePath: string;
  sha256: string;
  bytes: number;
  startedAt: string;
  finishedAt?: string;
  outcome: LedgerOutcome;
  result?: ResultJson;
  errorsCsvPath?: string;
  /** Plain-words note for the history view (an error message, say). */
  note?: string;
  /** The app's check warnings when it was sent (issue 12 §6); absent in older entries. */
  warnings?: string[];
};

export type Ledger = {
  add(entry: Omit<LedgerEntry, 'id'> & { id?: string }): LedgerEntry;
  update(id: string, patch: Partial<Omit<LedgerEntry, 'id'>>): Result<LedgerEntry>;
  list(): LedgerEntry[];
  findBySha256(sha256: string): LedgerEntry[];
  /**
   * An earlier upload of the same content to the same site and folder that was not a failure
   * (the caller asks the user before sending it again), or undefined.
   */
  findDuplicate(siteId: string, remoteDir: string, sha256: string): LedgerEntry | undefined;
  warning?: string;
};

/** What a stored ledger must hold; other fields pass through (older and newer versions). */
const storedLedger = z.array(
  z.looseObject({
    id: z.string(),
    siteId: z.string(),
    fileName: z.string(),
    remotePath: z.string(),
    sha256: z.string(),
    startedAt: z.string(),
    outcome: z.string(),
    // Added with issue 12; a malformed list is dropped rather than the whole history set aside.
    warnings: z.array(z.string()).optional().catch(undefined),
  }),
);

/** A ledger in `<dir>/ledger.json`. */
export function createLedger({ dir }: { dir: string }): Ledger {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'ledger.json');
  const loaded = loadJsonFile(
    file,
    storedLedger,
    [],
    (backup) =>
      `The upload history was unreadable; it was kept as ${backup} and a new one started.`,
  );
  const { warning } = loaded;
  let entries = loaded.value as LedgerEntry[];
  const save = (): void => saveJsonFile(file, entries, 1);
  return {
    warning,
    add(entry) {
      const full: LedgerEntry = { ...entry, id: entry.id ?? randomUUID() };
      entries = [...entries, full];
      save();
      return { ...full };
    },
    update(id, patch) {
      const i = entries.findIndex((e) => e.id === id);
      const current = entries[i];
      if (!current) return fail('not-found', 'That upload is not in the history.');
      const next = { ...current, ...patch, id };
      entries = entries.map((e, j) => (j === i ? next : e));
      save();
      return ok({ ...next });
    },
    list: () => entries.map((e) => ({ ...e })),
    findBySha256: (sha) => entries.filter((e) => e.sha256 === sha).map((e) => ({ ...e })),
    findDuplicate(siteId, remoteDir, sha) {
      const dir = posix.resolve('/', remoteDir);
      return entries
        .filter(
          (e) => e.siteId === siteId && e.sha256 === sha && posix.dirname(e.remotePath) === dir,
        )
        .filter((e) => e.outcome !== 'failed' && e.outcome !== 'error' && e.outcome !== 'uploading')
        .map((e) => ({ ...e }))
        .pop();
    },
  };
}
