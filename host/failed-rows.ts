/**
 * `history:failed-rows` (issue 12 §5): the rows of a failed upload that the platform's report
 * names, read from the bytes that were actually sent. Those are found, in this order, in the file
 * on this computer the ledger recorded (Electron uploads from the picked file itself; the web
 * host's staged copy is gone once sent) and in the platform's `Failed/` copy beside the report
 * (SPOTIO keeps it there) — each used only when its SHA-256 is the ledger's, so an edited file
 * is never taken for the sent one. node.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { InvokeResponse } from '../core/ipc/contract.ts';
import { fail, ok, type IpcResult } from '../core/ipc/result.ts';
import { createFailedRowsPicker, type FailedRows } from '../core/report/failed-rows.ts';
import type { LedgerEntry } from '../engine/ledger.ts';
import type { HostDeps } from './host-deps.ts';
import type { HostKeyPrompts } from './host-key-prompts.ts';
import { formatBytes } from './local-files.ts';
import { readErrorRows } from './reports.ts';
import { connectSite } from './site-access.ts';

type Answer = InvokeResponse<'history:failed-rows'>;
type ReportRow = { row: number; column: string; value: string; message: string };

/** Most failed rows handed to the page at once (the editor is for the rows that failed). */
export const maxFailedRows = 10_000;
/** Largest sent file read back from the platform (it is read whole). */
export const maxServerBytes = 256 * 1024 * 1024;

/** Reads the failed rows of `entryId`; `secret` for an "ask every time" site. */
export async function failedRowsOf(
  deps: HostDeps,
  prompts: HostKeyPrompts,
  request: { entryId: string; secret?: string | undefined },
): Promise<IpcResult<Answer>> {
  const entry = deps.ledger.list().find((e) => e.id === request.entryId);
  if (!entry) return fail('not-found', 'That upload is not in the history.');
  if (!/\.csv$/i.test(entry.fileName)) {
    return fail(
      'bad-request',
      `${entry.fileName} is not a CSV file: its rows cannot be fixed one by one.`,
    );
  }
  if (entry.outcome !== 'failed') {
    return fail('bad-request', `${entry.fileName} has no failed rows (${entry.outcome}).`);
  }
  const report = await reportRows(deps, entry);
  // Rows, not report lines: a row with two bad cells is two lines.
  const truncated =
    new Set(report.rows.filter((r) => r.row > 1).map((r) => r.row)).size > maxFailedRows;
  const wanted = keepFirstRows(report.rows, maxFailedRows);
  if (!wanted.some((r) => r.row > 1)) {
    return fail(
      'not-found',
      'The platform’s report names no row: the whole file failed. Read its message, fix the file, then pick it again.',
    );
  }
  const local = await fromThisComputer(entry, wanted);
  if (local.ok) return ok(answer(entry, 'this-computer', local.value, truncated));
  // The sent bytes themselves are no CSV: the platform's copy is the same bytes.
  if (local.error.code === 'bad-input') return local;
  const server = await fromServer(deps, prompts, entry, wanted, request.secret);
  if (server.ok) return ok(answer(entry, 'server', server.value, truncated));
  if (server.error.code !== 'not-found') return server;
  return fail(
    'not-found',
    `The file that was sent is no longer available: ${lowerFirst(local.error.message)} ${server.error.message} Pick the corrected file instead.`,
  );
}

function answer(
  entry: LedgerEntry,
  source: Answer['source'],
  picked: FailedRows,
  truncated: boolean,
): Answer {
  return { fileName: entry.fileName, source, ...picked, truncated };
}

/** The report's rows: the stored errors.csv rows, else result.json's first 1,000. */
async function reportRows(deps: HostDeps, entry: LedgerEntry): Promise<{ rows: ReportRow[] }> {
  const stored = await readErrorRows(deps.dataDir, entry.id);
  if (stored) return { rows: stored.rows };
  const errors = Array.isArray(entry.result?.errors) ? entry.result.errors : [];
  return {
    rows: errors.flatMap((e): ReportRow[] => {
      const r = (typeof e === 'object' && e !== null ? e : {}) as Record<string, unknown>;
      const text = (v: unknown) => (typeof v === 'string' ? v : '');
      return typeof r.row === 'number'
        ? [
            {
              row: r.row,
              column: text(r.column),
              value: text(r.value),
              message: text(r.message ?? r.error),
            },
          ]
        : [];
    }),
  };
}

/** The report's lines for its first `max` distinct rows (and every whole-file line). */
function keepFirstRows(rows: readonly ReportRow[], max: number): ReportRow[] {
  const seen = new Set<number>();
  return rows.filter((r) => {
    if (r.row <= 1 || seen.has(r.row)) return true;
    if (seen.size >= max) return false;
    seen.add(r.row);
    return true;
  });
}

/** The sent file where the ledger recorded it, if it is still there and unchanged. */
async function fromThisComputer(
  entry: LedgerEntry,
  wanted: readonly ReportRow[],
): Promise<IpcResult<FailedRows>> {
  if (!entry.localPath) return fail('not-found', 'This computer has no copy of it.');
  const hash = createHash('sha256');
  const picker = createFailedRowsPicker(wanted);
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of createReadStream(entry.localPath, { highWaterMark: 1 << 20 })) {
      hash.update(chunk as Buffer);
      picker.write(decoder.decode(chunk as Buffer, { stream: true }));
    }
  } catch {
    return fail('not-found', 'This computer no longer has it.');
  }
  picker.write(decoder.decode());
  if (hash.digest('hex') !== entry.sha256) {
    return fail('not-found', 'The file on this computer has changed since it was sent.');
  }
  return picked(picker);
}

/** The platform's `Failed/` copy beside the error report, if it is there and unchanged. */
async function fromServer(
  deps: HostDeps,
  prompts: HostKeyPrompts,
  entry: LedgerEntry,
  wanted: readonly ReportRow[],
  secret: string | undefined,
): Promise<IpcResult<FailedRows>> {
  const where = entry.errorsCsvPath?.replace(/\.errors\.csv$/, '');
  const site = deps.sites.get(entry.siteId);
  if (!where || !site) {
    return fail('not-found', 'The platform did not say where it kept it.');
  }
  const session = await connectSite(deps, prompts, site, secret);
  if (!session.ok) return session;
  try {
    const read = await session.value.readFile(where, maxServerBytes);
    if (!read.ok) {
      return read.error.code === 'not-found'
        ? fail('not-found', `The platform no longer has it in ${parentOf(where)}.`)
        : read.error.code === 'too-large'
          ? fail(
              'too-large',
              `The file in ${parentOf(where)} is larger than ${formatBytes(maxServerBytes)}, the most the app reads back; pick the corrected file instead.`,
            )
          : { ok: false, error: { code: read.error.code, message: read.error.message } };
    }
    const bytes = read.value;
    if (createHash('sha256').update(bytes).digest('hex') !== entry.sha256) {
      return fail('not-found', `The copy in ${parentOf(where)} is not the file that was sent.`);
    }
    const picker = createFailedRowsPicker(wanted);
    const decoder = new TextDecoder('utf-8');
    for (let at = 0; at < bytes.length; at += 1 << 20) {
      picker.write(decoder.decode(bytes.subarray(at, at + (1 << 20)), { stream: true }));
    }
    picker.write(decoder.decode());
    return picked(picker);
  } finally {
    await session.value.close();
  }
}

function picked(picker: ReturnType<typeof createFailedRowsPicker>): IpcResult<FailedRows> {
  const r = picker.end();
  return r.ok ? ok(r.value) : fail('bad-input', r.message);
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i > 0 ? `${path.slice(0, i)}/` : '/';
}
