/**
 * Sending a file, the one use-case behind `sftp-import upload` and the app's `upload:start`
 * (contract §4, §5.7, §11): the drop folder's name rules → SHA-256 → the ledger's duplicate check
 * → a ledger entry → the upload (`.part` + rename, engine/uploads.ts) → the ledger updated →
 * the platform's verdict watched and recorded. In three steps, because the app answers the page
 * between the first (no network) and the second (in the background), and the CLI may skip the
 * third. Callers phrase messages in their own words; the ledger is kept here. node.
 */
import type { DropTarget, Profile } from '../core/profiles/profiles.ts';
import type { Ledger, LedgerEntry } from './ledger.ts';
import { fail, ok, type EngineError, type Result } from './result.ts';
import type { RemoteSession } from './transport/port.ts';
import {
  checkRemoteName,
  sha256OfFile,
  uploadFile,
  type UploadProgress,
  type UploadResult,
} from './uploads.ts';
import { watchOutcome, type PlatformVerdict, type WatchOptions } from './watcher.ts';

/** What is sent where. */
export type SendPlan = {
  siteId: string;
  profile: Profile;
  drop: DropTarget;
  localPath: string;
  /** The name the file gets in the drop folder. */
  remoteName: string;
  /** Flexible mode: the data object the name must start with (`Account_…`). */
  object?: string;
};

/** A refusal before anything was sent; `duplicate` is the earlier upload of the same content. */
export type SendRefusal = EngineError & { duplicate?: LedgerEntry };

/** The drop folder's own rules on a name: extension, and `<Object>_…` in flexible mode (§4). */
export function checkDropName(plan: SendPlan): string | undefined {
  const generic = checkRemoteName(plan.remoteName);
  if (generic) return generic;
  const { profile, drop, remoteName, object } = plan;
  const name = remoteName.toLowerCase();
  if (!drop.extensions.some((ext) => name.endsWith(ext))) {
    return `${profile.platform} takes ${drop.extensions.join(', ')} files here; "${remoteName}" is not one.`;
  }
  if (drop.kind === 'records' && profile.objectFromFileName && object) {
    if (!name.startsWith(`${object.toLowerCase()}_`)) {
      return `In ${profile.platform} flexible mode the file name must start with the object: ${object}_<anything>${drop.extensions[0] ?? ''}.`;
    }
  }
  return undefined;
}

/**
 * Step 1, no network: the name rules, the file's SHA-256, the duplicate check (unless
 * `allowDuplicate`) and a ledger entry in `uploading`.
 */
export async function beginSend(
  ledger: Ledger,
  plan: SendPlan,
  o: { allowDuplicate: boolean; now: () => number },
): Promise<Result<{ entry: LedgerEntry; sha256: string }, SendRefusal>> {
  const badName = checkDropName(plan);
  if (badName) return fail('bad-input', badName);
  const sha = await sha256OfFile(plan.localPath);
  if (!sha.ok) return sha;
  const duplicate = ledger.findDuplicate(plan.siteId, plan.drop.newDir, sha.value);
  if (duplicate && !o.allowDuplicate) {
    return {
      ok: false,
      error: {
        code: 'duplicate',
        message: `This file has the same content as ${duplicate.fileName}, sent on ${duplicate.startedAt.slice(0, 10)}.`,
        duplicate,
      },
    };
  }
  const entry = ledger.add({
    siteId: plan.siteId,
    fileName: plan.remoteName,
    localPath: plan.localPath,
    remotePath: `${plan.drop.newDir.replace(/\/$/, '')}/${plan.remoteName}`,
    sha256: sha.value,
    bytes: 0,
    startedAt: new Date(o.now()).toISOString(),
    outcome: 'uploading',
  });
  return ok({ entry, sha256: sha.value });
}

/** Records a send that ended before the platform had the file (cancelled, refused, cut). */
export function recordSendFailure(
  ledger: Ledger,
  entryId: string,
  error: { code: string; message: string },
  now: () => number,
): void {
  ledger.update(entryId, {
    outcome: 'error',
    finishedAt: new Date(now()).toISOString(),
    note: error.code === 'cancelled' ? 'Cancelled; nothing was left on the server.' : error.message,
  });
}

/** Step 2: the upload itself, recorded in the ledger either way. */
export async function transferFile(
  ledger: Ledger,
  entryId: string,
  session: RemoteSession,
  plan: SendPlan,
  o: { now: () => number; signal?: AbortSignal; onProgress?: (p: UploadProgress) => void },
): Promise<Result<UploadResult>> {
  const sent = await uploadFile({
    session,
    localPath: plan.localPath,
    remoteDir: plan.drop.newDir,
    remoteName: plan.remoteName,
    profile: plan.profile,
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
  if (!sent.ok) {
    recordSendFailure(ledger, entryId, sent.error, o.now);
    return sent;
  }
  ledger.update(entryId, {
    outcome: 'uploaded',
    remotePath: sent.value.remotePath,
    bytes: sent.value.bytes,
    sha256: sent.value.sha256,
  });
  return sent;
}

/** Step 3: waits for the platform's verdict on an uploaded file and records it in the ledger. */
export async function awaitVerdict(
  ledger: Ledger,
  entryId: string,
  o: WatchOptions,
): Promise<Result<PlatformVerdict>> {
  ledger.update(entryId, { outcome: 'waiting' });
  const watched = await watchOutcome(o);
  if (!watched.ok) {
    if (watched.error.code !== 'cancelled') {
      ledger.update(entryId, { outcome: 'error', note: watched.error.message });
    }
    return watched;
  }
  const v = watched.value;
  ledger.update(entryId, {
    outcome: v.status,
    note: v.message,
    ...(v.status === 'timeout' ? {} : { finishedAt: new Date(o.clock()).toISOString() }),
    ...(v.result ? { result: v.result } : {}),
    ...(v.where && v.status === 'failed' ? { errorsCsvPath: `${v.where}.errors.csv` } : {}),
  });
  return watched;
}
