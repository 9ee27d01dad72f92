/**
 * Uploading one file safely (contract §4, §9, §11): checks the profile's size limit before
 * sending, writes `.<name>.part` with pipelined WRITEs, verifies the remote size, then renames to
 * the final name, so the platform never sees a half file. A cut or stalled link fails within
 * seconds and is retried by resuming (after the partial's bytes hash-match the local prefix) or
 * restarting. Progress is throttled; an AbortSignal cancels and removes the partial. node.
 */
import { createHash, type Hash } from 'node:crypto';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { posix } from 'node:path';
import { checkSafeName, isInProgressName, partNameFor } from '../core/naming/index.ts';
import type { Profile } from '../core/profiles/profiles.ts';
import type { RemoteSession } from './transport/port.ts';
import { errorText, fail, ok, type EngineError, type Result } from './result.ts';

/** Progress of one upload: bytes acknowledged by the server, rate and time left. */
export type UploadProgress = {
  bytes: number;
  total: number;
  rateBps: number;
  /** Time left; -1 while unknown (no rate measured yet). Always finite (contract: a number). */
  etaMs: number;
  attempt: number;
};

export type UploadOptions = {
  session: RemoteSession;
  localPath: string;
  /** Workspace folder, e.g. `/Leads/Import/New` or `/`. */
  remoteDir: string;
  /** Final file name (no slashes, not starting with `.`, not ending in `.part`). */
  remoteName: string;
  profile: Profile;
  onProgress?: (p: UploadProgress) => void;
  signal?: AbortSignal;
  /**
   * No WRITE acknowledged at all for this long → the link is treated as cut. Default 8 s. The
   * WRITEs are paced to the acknowledgement rate (sftp-transfer.ts: ~2 s of data in flight,
   * WRITEs of a quarter of that, 8 KiB at least), so a slow link still acknowledges every ~0.5-2 s
   * down to a few KB/s; the keepalive (6 s without a byte from the server, connect.ts) usually
   * fires first on a dead link.
   */
  inactivityTimeoutMs?: number;
  /** Extra attempts after the first fails on a dropped link. Default 3. */
  retries?: number;
  /** Replace a file of the same name that is still waiting in the folder. Default true. */
  overwrite?: boolean;
  /** Tuning: the largest WRITE (default 255 KiB) and most WRITEs outstanding (default 8, ~2 MiB); the pacer stays within them. */
  chunkBytes?: number;
  maxInFlight?: number;
  /** Progress events at most this often (ms). Default 100 (≤ 10 events/s). */
  progressIntervalMs?: number;
  /** Injected for tests: time and waiting between attempts. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

export type UploadResult = {
  remotePath: string;
  bytes: number;
  sha256: string;
  attempts: number;
  /** Offset the last attempt resumed from (0 = sent from the start). */
  resumedFrom: number;
};

export { partNameFor } from '../core/naming/index.ts';

/** Why a remote file name is not acceptable (core/naming's rules + contract §4), or undefined. */
export function checkRemoteName(name: string): string | undefined {
  const safe = checkSafeName(name);
  if (!safe.ok) return safe.message;
  if (isInProgressName(name)) {
    return `The file name "${name}" starts with a dot or ends in .part; the platform treats such names as uploads in progress and never processes them. Rename it.`;
  }
  if (Buffer.byteLength(name) > 200) {
    return 'The file name is too long (over 200 bytes); shorten it.';
  }
  return undefined;
}

/** SHA-256 (hex) of a local file, streamed. */
export async function sha256OfFile(path: string): Promise<Result<string>> {
  try {
    const fh = await open(path, 'r');
    try {
      const h = createHash('sha256');
      const buf = Buffer.allocUnsafe(1024 * 1024);
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, null);
        if (bytesRead === 0) break;
        h.update(buf.subarray(0, bytesRead));
      }
      return ok(h.digest('hex'));
    } finally {
      await fh.close();
    }
  } catch (e) {
    return fail('not-found', `The file ${path} could not be read.`, errorText(e));
  }
}

/** The shipped inactivity limit of an upload (see `UploadOptions.inactivityTimeoutMs`). */
export const defaultInactivityMs = 8000;

const retryable = new Set(['interrupted', 'timeout']);

/** Uploads one file to `remoteDir/remoteName` through a `.part` file. Never throws. */
export async function uploadFile(o: UploadOptions): Promise<Result<UploadResult>> {
  const checked = await checkLocal(o);
  if (!checked.ok) return checked;
  const context = attemptContext(o, checked.value);
  const partPath = context.partPath;
  const retries = o.retries ?? 3;
  let lastError: EngineError | undefined;
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    if (attempt > 1) {
      const back = await readyToRetry(o, attempt);
      if (back === 'cancelled') return cancelled(o.session, partPath);
      if (back !== 'ok') {
        lastError = back;
        if (!retryable.has(back.code) && back.code !== 'refused') break;
        continue;
      }
    } else if (o.signal?.aborted) return cancelled(o.session, partPath);
    const r = await attemptUpload(o, { ...context, attempt });
    if (r.ok) return r;
    lastError = r.error;
    if (r.error.code === 'cancelled') return cancelled(o.session, partPath);
    if (!retryable.has(r.error.code)) {
      // Not a network problem: clean up the partial if the server still talks to us.
      if (!o.session.closed) await o.session.remove(partPath);
      return r;
    }
  }
  return gaveUp(lastError, retries);
}

/** What every attempt shares: the local file's state, the `.part` and final paths, the clock. */
function attemptContext(
  o: UploadOptions,
  local: { size: number; mtimeMs: number },
): Omit<AttemptContext, 'attempt'> {
  const dir = posix.resolve('/', o.remoteDir);
  return {
    local,
    partPath: posix.join(dir, partNameFor(o.remoteName)),
    finalPath: posix.join(dir, o.remoteName),
    now: o.now ?? Date.now,
    progressEvery: o.progressIntervalMs ?? 100,
  };
}

/** Waits before a retry (0.5 s, 1 s, 2 s, then 4 s), then checks the session is back. */
async function readyToRetry(
  o: UploadOptions,
  attempt: number,
): Promise<'ok' | 'cancelled' | EngineError> {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  await sleep(Math.min(4000, 500 * 2 ** (attempt - 2)));
  return backOnline(o.session, o.signal);
}

/** The last error, saying the retries are spent and that a later retry resumes. */
function gaveUp(lastError: EngineError | undefined, retries: number): Result<UploadResult> {
  const e = lastError ?? { code: 'interrupted' as const, message: 'The upload did not complete.' };
  return fail(
    e.code,
    `${e.message} Gave up after ${retries + 1} attempts; the platform did not receive a partial file under the final name. Retry later to resume.`,
    e.detail,
  );
}

/** The checks before anything is sent: the name, the local file, the platform's size limit. */
async function checkLocal(o: UploadOptions): Promise<Result<{ size: number; mtimeMs: number }>> {
  const badName = checkRemoteName(o.remoteName);
  if (badName) return fail('bad-input', badName);
  let local: { size: number; mtimeMs: number };
  try {
    const st = await stat(o.localPath);
    if (!st.isFile()) return fail('bad-input', `${o.localPath} is not a file.`);
    local = { size: st.size, mtimeMs: st.mtimeMs };
  } catch (e) {
    return fail(
      'not-found',
      `The file ${o.localPath} does not exist or cannot be read.`,
      errorText(e),
    );
  }
  // contract §9: the space profile accepts at most 100 MB; say so before sending anything.
  const max = o.profile.maxFileBytes;
  if (max !== undefined && local.size > max) {
    return fail(
      'too-large',
      `The file is ${mb(local.size)}, more than the ${mb(max)} ${o.profile.platform} accepts. Split it into smaller files, or ask ${o.profile.platform} support to raise the limit.`,
    );
  }
  return ok(local);
}

/** Before a retry: cancelled, or the session usable again (reconnected if it dropped), or why not. */
async function backOnline(
  session: RemoteSession,
  signal: AbortSignal | undefined,
): Promise<'ok' | 'cancelled' | EngineError> {
  if (signal?.aborted) return 'cancelled';
  if (!session.closed) return 'ok';
  const again = await session.reconnect();
  return again.ok ? 'ok' : again.error;
}

type AttemptContext = {
  attempt: number;
  local: { size: number; mtimeMs: number };
  partPath: string;
  finalPath: string;
  now: () => number;
  progressEvery: number;
};

async function attemptUpload(o: UploadOptions, c: AttemptContext): Promise<Result<UploadResult>> {
  const inactivity = o.inactivityTimeoutMs ?? defaultInactivityMs;
  let fh;
  try {
    fh = await open(o.localPath, 'r');
  } catch (e) {
    return fail('not-found', `The file ${o.localPath} could not be opened.`, errorText(e));
  }
  try {
    if (await localChanged(fh, c)) {
      return fail(
        'bad-input',
        'The local file changed while it was being uploaded. Upload it again once it is saved.',
      );
    }
    const resume = await resumePoint(o, c, fh, inactivity);
    if (!resume.ok) return resume;
    const { start, hasher } = resume.value;
    const emit = progressEmitter(o, c, start);
    emit(start, true);
    const sent = await o.session.writeFromFile({
      remotePath: c.partPath,
      file: fh,
      start,
      end: c.local.size,
      chunkBytes: o.chunkBytes,
      maxInFlight: o.maxInFlight,
      hasher,
      onAcked: (offset) => emit(offset, false),
      signal: o.signal,
      inactivityTimeoutMs: inactivity,
    });
    if (!sent.ok) return sent;
    emit(c.local.size, true);
    const verified = await verifyPart(o, c, fh);
    if (!verified.ok) return verified;
    const renamed = await o.session.rename(c.partPath, c.finalPath, {
      overwrite: o.overwrite ?? true,
    });
    if (!renamed.ok) return renamed;
    return ok({
      remotePath: c.finalPath,
      bytes: c.local.size,
      sha256: hasher.digest('hex'),
      attempts: c.attempt,
      resumedFrom: start,
    });
  } finally {
    await fh.close().catch(() => undefined);
  }
}

/** The local file's size or modification time differs from when the upload began. */
async function localChanged(fh: FileHandle, c: AttemptContext): Promise<boolean> {
  const st = await fh.stat();
  return st.size !== c.local.size || st.mtimeMs !== c.local.mtimeMs;
}

/**
 * Where to start: a partial whose bytes match the local prefix is continued (with the hash of
 * that prefix); anything else restarts at 0. A network failure while reading it is returned.
 */
async function resumePoint(
  o: UploadOptions,
  c: AttemptContext,
  fh: FileHandle,
  inactivity: number,
): Promise<Result<{ start: number; hasher: Hash }>> {
  const fresh = { start: 0, hasher: createHash('sha256') };
  const existing = await o.session.stat(c.partPath);
  if (!existing.ok || existing.value.size <= 0 || existing.value.size > c.local.size) {
    return ok(fresh);
  }
  const size = existing.value.size;
  const remoteHash = createHash('sha256');
  const read = await o.session.hashPrefix(c.partPath, size, remoteHash, inactivity);
  if (!read.ok) return retryable.has(read.error.code) ? read : ok(fresh);
  const localHash = createHash('sha256');
  const prefix = await hashLocalRange(fh, size, localHash);
  if (prefix.ok && remoteHash.digest('hex') === localHash.copy().digest('hex')) {
    return ok({ start: size, hasher: localHash });
  }
  return ok(fresh);
}

/** Reports progress at most every `progressEvery` ms (or when forced), with rate and time left. */
function progressEmitter(
  o: UploadOptions,
  c: AttemptContext,
  start: number,
): (bytes: number, force: boolean) => void {
  const t0 = c.now();
  let lastEmit = 0;
  return (bytes, force) => {
    if (!o.onProgress) return;
    const t = c.now();
    if (!force && t - lastEmit < c.progressEvery) return;
    lastEmit = t;
    const elapsed = Math.max(1, t - t0);
    const rateBps = ((bytes - start) * 1000) / elapsed;
    const etaMs = rateBps > 0 ? ((c.local.size - bytes) / rateBps) * 1000 : -1;
    o.onProgress({ bytes, total: c.local.size, rateBps, etaMs, attempt: c.attempt });
  };
}

/** Before the rename: the final name must only ever hold the complete file of this version. */
async function verifyPart(
  o: UploadOptions,
  c: AttemptContext,
  fh: FileHandle,
): Promise<Result<void>> {
  const remote = await o.session.stat(c.partPath);
  if (!remote.ok) return remote;
  if (remote.value.size !== c.local.size) {
    return fail(
      'interrupted',
      `The server holds ${remote.value.size} bytes of the ${c.local.size} sent; the upload will be retried.`,
    );
  }
  if (await localChanged(fh, c)) {
    await o.session.remove(c.partPath);
    return fail(
      'bad-input',
      'The local file changed while it was being uploaded. Upload it again once it is saved.',
    );
  }
  return ok(undefined);
}

async function hashLocalRange(fh: FileHandle, length: number, h: Hash): Promise<Result<void>> {
  const buf = Buffer.allocUnsafe(1024 * 1024);
  let pos = 0;
  while (pos < length) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, length - pos), pos);
    if (bytesRead === 0) return fail('bad-input', 'The local file is shorter than expected.');
    h.update(buf.subarray(0, bytesRead));
    pos += bytesRead;
  }
  return ok(undefined);
}

async function cancelled(session: RemoteSession, partPath: string): Promise<Result<UploadResult>> {
  if (!session.closed) await session.remove(partPath);
  else if ((await session.reconnect()).ok) {
    await session.remove(partPath);
  }
  return fail('cancelled', 'The upload was cancelled; nothing was left on the server.');
}

function mb(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(bytes < 10_000_000 ? 1 : 0)} MB`;
}
