/**
 * Following an uploaded file to the platform's verdict (contract §5.7, §9) with the engine's
 * watcher: records it in the ledger, keeps the error rows for History, pushes `outcome:update`
 * and, when enabled, a desktop notification. node.
 */
import type { RemoteSession } from '../engine/transport/port.ts';
import { awaitVerdict } from '../engine/send-file.ts';
import { toIpcError } from '../core/ipc/result.ts';
import type { Profile } from '../core/profiles/profiles.ts';
import type { HostDeps } from './host-deps.ts';
import { writeErrorRows } from './reports.ts';

/** Watches in progress by ledger entry id (abort to stop waiting). */
export type Watches = Map<string, AbortController>;

export type FollowJob = {
  entryId: string;
  session: RemoteSession;
  profile: Profile;
  remotePath: string;
  sinceMs: number;
  fileName: string;
};

/** Waits for the platform's verdict, records it, pushes it and (if enabled) notifies. */
export async function follow(deps: HostDeps, watches: Watches, job: FollowJob): Promise<void> {
  const controller = new AbortController();
  watches.set(job.entryId, controller);
  try {
    const watched = await awaitVerdict(deps.ledger, job.entryId, {
      session: job.session,
      profile: job.profile,
      remotePath: job.remotePath,
      clock: deps.clock,
      sleep: deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
      sinceMs: job.sinceMs,
      signal: controller.signal,
      ...(deps.watchPollMs ? { pollMs: deps.watchPollMs } : {}),
      ...(deps.watchExpectedWaitMs ? { expectedWaitMs: deps.watchExpectedWaitMs } : {}),
      onUpdate: (u) => {
        if (u.phase !== 'done') {
          deps.emit('outcome:update', {
            entryId: job.entryId,
            outcome: 'waiting',
            message: u.message,
          });
        }
      },
    });
    if (!watched.ok) {
      if (watched.error.code === 'cancelled') return;
      deps.emit('outcome:update', {
        entryId: job.entryId,
        outcome: 'error',
        message: watched.error.message,
        error: toIpcError(watched.error),
      });
      return;
    }
    const o = watched.value;
    if (o.errors && o.errors.length > 0) {
      await writeErrorRows(deps.dataDir, job.entryId, o.errors, o.errorCount);
    }
    deps.emit('outcome:update', {
      entryId: job.entryId,
      outcome: o.status,
      message: o.message,
      ...(o.where ? { where: o.where } : {}),
      ...counts(o.result),
    });
    if (o.status !== 'timeout' && deps.settings.get().notify) {
      deps.notify?.(
        o.status === 'failed' ? 'Import failed' : 'Import done',
        `${job.fileName}: ${o.message}`,
      );
    }
  } finally {
    watches.delete(job.entryId);
  }
}

/** The row counts of a result.json, for the event and the history. */
export function counts(
  result: { rowsTotal?: unknown; rowsImported?: unknown; rowsFailed?: unknown } | undefined,
): {
  rowsTotal?: number;
  rowsImported?: number;
  rowsFailed?: number;
} {
  const out: { rowsTotal?: number; rowsImported?: number; rowsFailed?: number } = {};
  if (typeof result?.rowsTotal === 'number') out.rowsTotal = result.rowsTotal;
  if (typeof result?.rowsImported === 'number') out.rowsImported = result.rowsImported;
  if (typeof result?.rowsFailed === 'number') out.rowsFailed = result.rowsFailed;
  return out;
}
