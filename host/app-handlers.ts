/**
 * Handlers for the app itself: its info, staged files, the upload history and its error
 * reports (contract §5.7), settings, and the pull profile's "check my server's file" (issue 6).
 * node.
 */
import type { LedgerEntry } from '../engine/ledger.ts';
import { checkPullSource } from '../engine/pull-check.ts';
import type { HistoryEntry, InvokeHandlers } from '../core/ipc/contract.ts';
import { fail, ok } from '../core/ipc/result.ts';
import type { HostDeps } from './host-deps.ts';
import type { HostKeyPrompts } from './host-key-prompts.ts';
import { readErrorRows } from './reports.ts';
import { hostKeyAsker } from './site-access.ts';
import { counts } from './outcome-watch.ts';

type AppChannels =
  | 'app:get-info'
  | 'files:stage-path'
  | 'files:stage-open'
  | 'files:stage-chunk'
  | 'files:stage-close'
  | 'files:discard'
  | 'history:list'
  | 'history:report'
  | 'settings:get'
  | 'settings:set'
  | 'pull:check';

/** Most error rows one `history:report` answer carries. */
const maxRows = 10_000;

/** The app part of the handler map. */
export function createAppHandlers(
  deps: HostDeps,
  prompts: HostKeyPrompts,
): Pick<InvokeHandlers, AppChannels> {
  return {
    'app:get-info': () => Promise.resolve(ok({ ...deps.app, dataDir: deps.dataDir })),
    'files:stage-path': ({ path }) =>
      deps.stagePath
        ? deps.stagePath(path)
        : Promise.resolve(
            fail(
              'forbidden',
              'This window cannot name files on the computer; pick the file instead.',
            ),
          ),
    'files:stage-open': ({ name }) =>
      Promise.resolve(deps.stageBytes ? deps.stageBytes.open(name) : noBytes()),
    'files:stage-chunk': ({ upload, bytes }) =>
      deps.stageBytes ? deps.stageBytes.write(upload, bytes) : Promise.resolve(noBytes()),
    'files:stage-close': ({ upload, abort }) =>
      deps.stageBytes ? deps.stageBytes.close(upload, abort) : Promise.resolve(noBytes()),
    'files:discard': async ({ localRef }) => {
      await deps.discardLocalRef?.(localRef);
      return ok({});
    },
    'history:list': ({ siteId, limit }) => {
      const entries = deps.ledger
        .list()
        .filter((e) => siteId === undefined || e.siteId === siteId)
        .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
        .slice(0, limit ?? 500);
      return Promise.resolve(ok({ entries: entries.map(toHistoryEntry) }));
    },
    'history:report': async ({ entryId }) => {
      const entry = deps.ledger.list().find((e) => e.id === entryId);
      if (!entry) return fail('not-found', 'That upload is not in the history.');
      const stored = await readErrorRows(deps.dataDir, entryId);
      const rows = stored?.rows ?? rowsFromResult(entry.result?.errors);
      const total = stored?.total ?? rows.length;
      return ok({
        entry: toHistoryEntry(entry),
        result: entry.result ? { ...entry.result } : null,
        errors: rows.slice(0, maxRows),
        errorsTruncated: total > Math.min(rows.length, maxRows),
      });
    },
    'settings:get': () => Promise.resolve(ok({ settings: deps.settings.get() })),
    'settings:set': ({ patch }) => Promise.resolve(ok({ settings: deps.settings.set(patch) })),
    'pull:check': async (request) => {
      // Every key pinned for host:port counts (a re-keyed server may have two); a key given with
      // the request is added to them, never put in their place (contract §11, issue 14).
      const pins = deps.knownHosts
        .get(request.host, request.port)
        .map((k) => ({ fingerprint: k.fingerprint }));
      if (request.hostKey && !pins.some((p) => p.fingerprint === request.hostKey?.fingerprint)) {
        pins.push({ fingerprint: request.hostKey.fingerprint });
      }
      const tag = request.testId ? { testId: request.testId } : {};
      const report = await checkPullSource({
        host: request.host,
        port: request.port,
        username: request.username,
        password: request.password,
        path: request.path,
        ...(pins.length > 0 ? { knownHost: pins } : {}),
        onUnknownHostKey: hostKeyAsker(deps, prompts, request.host, request.port),
        // Each step reaches the page as it is decided, as a site test's do.
        onStep: (step) => deps.emit('doctor:step', { ...tag, step }),
        ...(deps.connectTimeoutMs ? { connectTimeoutMs: deps.connectTimeoutMs } : {}),
        ...(deps.readyTimeoutMs ? { readyTimeoutMs: deps.readyTimeoutMs } : {}),
      });
      return ok({
        report: {
          ok: report.ok,
          steps: report.steps,
          ...(report.hostKey ? { hostKey: report.hostKey } : {}),
        },
      });
    },
  };
}

/** The web host's page POSTs a file's bytes instead (host/web-host.ts). */
const noBytes = () =>
  fail('forbidden', 'This window sends files by upload, not by chunks; pick the file again.');

/** A ledger entry as the history list shows it (no local path: it is a staging detail). */
export function toHistoryEntry(e: LedgerEntry): HistoryEntry {
  return {
    id: e.id,
    siteId: e.siteId,
    fileName: e.fileName,
    remotePath: e.remotePath,
    sha256: e.sha256,
    bytes: e.bytes,
    startedAt: e.startedAt,
    ...(e.finishedAt ? { finishedAt: e.finishedAt } : {}),
    outcome: e.outcome,
    ...counts(e.result),
    hasErrorReport: (e.result?.rowsFailed ?? 0) > 0 || (e.result?.errors?.length ?? 0) > 0,
    ...(e.note ? { message: e.note } : {}),
    ...(e.warnings?.length ? { warnings: e.warnings } : {}),
  };
}

/** result.json's `errors[]` (first 1,000) as table rows, when no errors.csv was stored. */
function rowsFromResult(
  errors: unknown[] | undefined,
): { row: number; column: string; value: string; message: string }[] {
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((e) => {
    if (typeof e !== 'object' || e === null) return [];
    const r = e as Record<string, unknown>;
    const text = (v: unknown): string =>
      typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
    return [
      {
        row: typeof r.row === 'number' ? r.row : 0,
        column: text(r.column),
        value: text(r.value),
        message: text(r.message ?? r.error),
      },
    ];
  });
}
