/**
 * The attempt limit for the profiles without a Failed/ folder (space, contact-lists; issue 14).
 * Their only signal is the file leaving `/`, which means "taken", so a file that cannot be taken
 * must not leave: after maxAttempts cycles it stays where it is, a report is written beside it
 * (`.<name>.result.json`, a dot name, so it is never taken itself) and it is not tried again
 * until a new upload replaces it. The count lives in SQLite, so a restart does not reset it. node.
 */
import { readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Journal } from '../storage/journal.ts';
import { checkNewName } from '../vfs/jail.ts';
import { buildImportResult } from './core-adapters.ts';
import { fitName, maxAttempts } from './drops.ts';

/** Drops of `/` are counted under this folder name in the journal's take failures. */
const rootDir = '/';

export type ServerFileTry =
  | { status: 'taken' }
  /**
   * Not taken this cycle: tried again next cycle (attempt of maxAttempts). `reason` is for users
   * (no path); `detail`, the error's own text, is for the server log only.
   */
  | { status: 'retry'; attempt: number; reason: string; detail?: string }
  /** Given up this cycle: left in `/` with its report (workspace-relative path). */
  | { status: 'given-up'; attempts: number; reason: string; detail?: string; report: string }
  /** Given up in an earlier cycle (or run) and unchanged since: not tried. */
  | { status: 'left' };

export type ServerFileAttemptsContext = {
  journal: Journal;
  clock: () => number;
};

/**
 * Tries to take `name` of the workspace root with `take` (import or move it), counting a failure;
 * a file given up earlier and not replaced since is left alone.
 */
export async function tryServerFile(
  ctx: ServerFileAttemptsContext,
  ws: { name: string; root: string },
  name: string,
  take: () => Promise<void>,
): Promise<ServerFileTry> {
  const seen = await stat(join(ws.root, name)).catch(() => undefined);
  if (!seen) return { status: 'taken' }; // gone since the scan (removed by its owner)
  const file = { size: seen.size, mtimeMs: seen.mtimeMs };
  const before = ctx.journal.takeFailure(ws.name, rootDir, name);
  if (before && (before.size !== file.size || before.mtimeMs !== file.mtimeMs)) {
    // A new upload under the same name: judged afresh, and the report of the file given up
    // (if it came to that) goes, so it is never read as this file's.
    ctx.journal.takeCleared(ws.name, rootDir, name);
    await rm(join(ws.root, reportNameFor(name)), { force: true });
  } else if (before && before.attempts >= maxAttempts) {
    return { status: 'left' };
  }
  const named = checkNewName(name);
  let why: { reason: string; detail?: string };
  if (named.ok) {
    try {
      await take();
      ctx.journal.takeCleared(ws.name, rootDir, name);
      return { status: 'taken' };
    } catch (e) {
      why = reasonOf(e);
    }
  } else why = { reason: named.message };
  const { reason } = why;
  const n = ctx.journal.takeFailed(ws.name, rootDir, name, reason, file);
  if (n < maxAttempts) return { status: 'retry', attempt: n, ...why };
  const report = await writeReport(ws.root, name, n, reason, ctx.clock());
  return { status: 'given-up', attempts: n, ...why, report };
}

/** Forgets the counts of files no longer in the root (removed or replaced by their owner). */
export async function forgetGoneServerFiles(
  journal: Journal,
  ws: { name: string; root: string },
): Promise<void> {
  const counted = journal.takeFailureNames(ws.name, rootDir);
  if (counted.length === 0) return;
  const present = new Set(await readdir(ws.root).catch(() => []));
  for (const name of counted) if (!present.has(name)) journal.takeCleared(ws.name, rootDir, name);
}

/** The report's name beside the file: hidden and never taken (contract §4: a dot name). */
export function reportNameFor(name: string): string {
  return `.${fitName(name)}.result.json`;
}

/**
 * A reason for users: an errno code instead of the error's text, which names disk paths; any
 * other error (SQLite, a bug) in general words, its text kept as `detail` for the server log.
 */
export function reasonOf(e: unknown): { reason: string; detail?: string } {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && /^E[A-Z0-9]+$/.test(code)) {
    return { reason: `the file could not be moved off the server (${code})` };
  }
  const detail = e instanceof Error ? e.message : String(e);
  return { reason: 'the platform had an internal error while taking it', detail };
}

async function writeReport(
  root: string,
  name: string,
  attempts: number,
  reason: string,
  now: number,
): Promise<string> {
  const message = `The platform could not take this file after ${attempts} attempts: ${reason}. Nothing in it was imported, and it is not tried again; fix that and upload the file again (a new upload under this name is tried afresh).`;
  const result = buildImportResult({
    file: fitName(name),
    object: '',
    rowsTotal: 0,
    rowsImported: 0,
    packages: 0,
    problems: [{ row: 0, column: '', value: '', message }],
    fileError: { code: 'processing-failed', message },
    startedAt: new Date(now),
    finishedAt: new Date(now),
  });
  const reportName = reportNameFor(name);
  const tmp = join(root, `${reportName}.tmp`);
  await writeFile(tmp, JSON.stringify(result, null, 2) + '\n');
  await rename(tmp, join(root, reportName));
  return `/${reportName}`;
}
