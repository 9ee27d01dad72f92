/**
 * Effects of the History screen: list past uploads, open one's error report, and build the
 * "fix and resubmit" preset. Each takes the bridge. std.
 */
import type { Bridge } from '../../../core/ipc/bridge.ts';
import type { HistoryEntry, InvokeResponse } from '../../../core/ipc/contract.ts';
import { plural } from '../../../core/util/text.ts';
import { describeError } from '../../lib/ipc-errors.ts';
import type { ImportTarget } from '../import-wizard/import-wizard-machine.ts';
import type { Resubmit } from '../import-wizard/import-controller.ts';

export async function loadHistory(
  bridge: Bridge,
): Promise<{ ok: true; entries: HistoryEntry[] } | { ok: false; message: string }> {
  const r = await bridge.invoke('history:list', { limit: 500 });
  return r.ok
    ? { ok: true, entries: r.value.entries }
    : { ok: false, message: describeError(r.error) };
}

export type Report = InvokeResponse<'history:report'>;

export async function loadReport(
  bridge: Bridge,
  entryId: string,
): Promise<{ ok: true; report: Report } | { ok: false; message: string }> {
  const r = await bridge.invoke('history:report', { entryId });
  return r.ok ? { ok: true, report: r.value } : { ok: false, message: describeError(r.error) };
}

/**
 * What to import again, read from where the file went (contract §2): Territories, an object from
 * a flexible name (`Contact_x.csv`), leads, or the Space / contact list root.
 */
export function resubmitFor(
  entry: HistoryEntry,
  profile: string,
  objectFromResult?: string,
): Resubmit {
  return {
    entryId: entry.id,
    siteId: entry.siteId,
    fileName: entry.fileName,
    target: targetOf(entry, profile, objectFromResult),
  };
}

function targetOf(entry: HistoryEntry, profile: string, objectFromResult?: string): ImportTarget {
  if (entry.remotePath.startsWith('/Territories/')) return { kind: 'territories' };
  if (profile === 'space') return { kind: 'space-file' };
  if (profile === 'contact-lists') return { kind: 'contact-list' };
  if (profile === 'flexible') {
    const object =
      objectFromResult ?? /^([A-Za-z][A-Za-z0-9]*)_/.exec(entry.fileName)?.[1] ?? 'Object';
    return { kind: 'records', object, rules: 'server-schema' };
  }
  return { kind: 'records', object: 'Lead', rules: 'server-schema' };
}

/** The outcome in words for the list. */
export function outcomeWords(o: HistoryEntry['outcome']): string {
  const words: Record<HistoryEntry['outcome'], string> = {
    uploading: 'Uploading',
    uploaded: 'Uploaded',
    waiting: 'Waiting for the platform',
    imported: 'Imported',
    failed: 'Failed',
    removed: 'Imported (left the server)',
    'moved-away': 'In the platform’s file list',
    timeout: 'No answer yet',
    error: 'Error',
  };
  return words[o];
}

/**
 * A failed entry whose platform imported some rows and refused others (its result's counts):
 * "partly imported", not a whole failure (issue 13).
 */
export function isPartlyImported(e: HistoryEntry): boolean {
  return e.outcome === 'failed' && (e.rowsImported ?? 0) > 0 && (e.rowsFailed ?? 0) > 0;
}

/** The outcome as the list shows it: "12 imported, 3 failed" for a partly imported file. */
export function entryOutcomeWords(e: HistoryEntry): string {
  if (!isPartlyImported(e)) return outcomeWords(e.outcome);
  const n = (x: number | undefined) => (x ?? 0).toLocaleString('en-US');
  return `${n(e.rowsImported)} imported, ${n(e.rowsFailed)} failed`;
}

/** How the outcome looks: green, amber for partly imported, red for a failure or error. */
export function outcomeTone(e: HistoryEntry): 'ok' | 'partial' | 'failed' | undefined {
  if (isPartlyImported(e)) return 'partial';
  if (e.outcome === 'failed' || e.outcome === 'error') return 'failed';
  return e.outcome === 'imported' ? 'ok' : undefined;
}

/**
 * The entry's line under its outcome. A territory file's counts are territories, not rows (the
 * ledger's message speaks of rows for every file).
 */
export function entryMessage(e: HistoryEntry): string | undefined {
  if (!/\.kml$/i.test(e.fileName) || e.rowsTotal === undefined) return e.message;
  const imported = plural(e.rowsImported ?? 0, 'territory', 'territories');
  if ((e.rowsFailed ?? 0) === 0) return `${imported} imported.`;
  return `${imported} imported, ${plural(e.rowsFailed ?? 0, 'territory', 'territories')} failed.`;
}

/**
 * result.json's status in plain words and its look: `success` → Imported; `failed` with rows
 * imported → "Partly imported: 12 imported, 3 failed" (amber); `failed` → Failed (red); an
 * unknown status as it is.
 */
export function resultHeadline(res: {
  status: string;
  rowsImported?: number | undefined;
  rowsFailed?: number | undefined;
}): { words: string; tone?: 'status-partial' | 'status-failed'; partly: boolean } {
  const n = (x: number | undefined) => (x ?? 0).toLocaleString('en-US');
  if (res.status === 'failed' && (res.rowsImported ?? 0) > 0 && (res.rowsFailed ?? 0) > 0) {
    return {
      words: `Partly imported: ${n(res.rowsImported)} imported, ${n(res.rowsFailed)} failed`,
      tone: 'status-partial',
      partly: true,
    };
  }
  if (res.status === 'failed') return { words: 'Failed', tone: 'status-failed', partly: false };
  return { words: res.status === 'success' ? 'Imported' : res.status, partly: false };
}
