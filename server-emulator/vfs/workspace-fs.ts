/**
 * One workspace's file system as a user sees it, shared by every front end (SFTP and FTPS): the
 * jail (jail.ts), the profile's write rules (write-rules.ts), the name rules and limits, and the
 * upload-completion rule (uploads.ts, contract §4: a real name is written to a hidden temp and
 * renamed onto its name on completion; dot names and `*.part` are written in place, resumable).
 * The protocol layers only translate requests and refusals. The idea is SFTPGo's VFS. node.
 */
import { constants as fsc } from 'node:fs';
import * as fs from 'node:fs';
import { copyFile, lstat, readdir, rename, rm, unlink, utimes } from 'node:fs/promises';
import { posix, sep } from 'node:path';
import { getProfile, type ProfileId } from '../../core/profiles/profiles.ts';
import type { EmulatorEmitter } from '../events.ts';
import type { DiskUsage } from './disk-usage.ts';
import { checkNewName, type Jail } from './jail.ts';
import { formatLimit, limitsOf, type WorkspaceLimits } from './limits.ts';
import { isInProgressName, isUploadTemp, uploadTempName, type OpenWrites } from './uploads.ts';
import { checkFileWrite, folderChangeMessage } from './write-rules.ts';

/** What kind of refusal: each front end maps these onto its own codes (SFTP status, FTP reply). */
export type FsRefusalKind = 'not-found' | 'permission-denied' | 'failure' | 'unsupported';

/** A refusal decided by the rules, with a message written for users (no disk path in it). */
export class FsRefusal extends Error {
  readonly kind: FsRefusalKind;
  /** Set when an upload passed the profile's size limit (contract §9). */
  readonly limit: boolean;
  constructor(kind: FsRefusalKind, message: string, opts: { limit?: boolean } = {}) {
    super(message);
    this.kind = kind;
    this.limit = opts.limit ?? false;
    this.name = 'FsRefusal';
  }
}

/** A file or folder as listed: its stat and whether the rules let the user write it. */
export type FsEntry = { name: string; virtual: string; stats: fs.Stats; writable: boolean };

/** How a write is opened (SFTP's open flags; FTP: STOR = truncate, APPE = append, REST = keep). */
export type WriteMode = {
  /** Also readable through the same descriptor. */
  read?: boolean;
  /** Every write lands at the end (the client's offsets do not count). */
  append?: boolean;
  /** Start from an empty file. */
  truncate?: boolean;
  /** Refuse when the name exists. */
  exclusive?: boolean;
};

/** An upload in progress. `write` is synchronous and positional, as OpenSSH's sftp-server. */
export type Upload = {
  readonly fd: number;
  readonly virtual: string;
  /** Set once a write failed for good (limit, disk full); later writes and complete() throw it. */
  readonly failed: Error | undefined;
  readonly closed: boolean;
  /** Writes `data` at `offset` (or the end for append mode); throws FsRefusal or an errno error. */
  write(data: Buffer, offset: number): void;
  /** Closes; a temp is renamed onto its name and `upload-completed` emitted. Returns the size. */
  complete(): Promise<number>;
  /** Drops an unfinished upload: a temp is removed; an in-place file is kept unless it failed. */
  abort(): Promise<void>;
};

export type WorkspaceFs = {
  readonly profile: ProfileId;
  /** Whether a file at `virtual` may be written. */
  isWritablePath(virtual: string): boolean;
  /** Whether files may be created in the folder `virtual`. */
  isWritableDir(virtual: string): boolean;
  /** Jail-resolves a path, hiding the emulator's upload temps. */
  resolve(path: string, opts?: { mustExist?: boolean }): Promise<{ virtual: string; disk: string }>;
  stat(path: string): Promise<FsEntry>;
  /** A folder's visible names, sorted (no upload temps); `entry` stats one of them lazily. */
  readFolder(path: string): Promise<{ virtual: string; disk: string; names: string[] }>;
  /** The entry of `name` in a folder read by readFolder; undefined if gone or a symlink. */
  entry(folder: { virtual: string; disk: string }, name: string): Promise<FsEntry | undefined>;
  /** Every visible entry of a folder, sorted by name. */
  list(path: string): Promise<FsEntry[]>;
  /** Opens a file for reading (a raw fd: the caller closes it). */
  openRead(path: string): Promise<{ fd: number; virtual: string; size: number }>;
  openWrite(path: string, mode: WriteMode): Promise<Upload>;
  rename(from: string, to: string): Promise<void>;
  remove(path: string): Promise<void>;
  /** Checks the path may be written; sets its times when given (owners and modes are not). */
  setTimes(path: string, times?: { atime: number; mtime: number }): Promise<void>;
  /** Folders belong to the platform: always refused, with where uploads go. */
  changeFolder(): never;
};

export type WorkspaceFsContext = {
  workspace: { name: string; profile: ProfileId; limits?: Partial<WorkspaceLimits> | undefined };
  jail: Jail;
  openWrites: OpenWrites;
  /** The running byte totals of the workspaces, shared by every session and front end. */
  usage: DiskUsage;
  events: EmulatorEmitter;
};

/** The file system of one workspace for one session. */
export function createWorkspaceFs(ctx: WorkspaceFsContext): WorkspaceFs {
  const profile = ctx.workspace.profile;
  const limits = limitsOf(ctx.workspace);
  const maxFileBytes = limits.maxFileBytes;
  // Who sets the file size limit: the workspace's config, the platform (Flatfile), or the server.
  const sizeSetBy =
    ctx.workspace.limits?.maxFileBytes !== undefined
      ? 'This workspace'
      : getProfile(profile)?.maxFileBytes !== undefined
        ? (getProfile(profile)?.platform ?? 'This platform')
        : 'This server';
  const root = ctx.jail.root;
  const quota = quotaOf(root);

  const writableCheck = (virtual: string): void => {
    const r = checkFileWrite(profile, virtual);
    if (!r.ok) throw new FsRefusal('permission-denied', r.message);
  };
  const hiddenCheck = (virtual: string): void => {
    if (isUploadTemp(posix.basename(virtual))) {
      throw new FsRefusal('not-found', `no such file: ${virtual}`);
    }
  };
  const nameCheck = (virtual: string): void => {
    const ok = checkNewName(posix.basename(virtual));
    if (!ok.ok) throw new FsRefusal('failure', ok.message);
  };
  const isWritablePath = (virtual: string): boolean => checkFileWrite(profile, virtual).ok;
  const isWritableDir = (virtual: string): boolean => isWritablePath(posix.join(virtual, 'x'));
  const writableOf = (virtual: string, st: fs.Stats): boolean =>
    st.isDirectory() ? isWritableDir(virtual) : isWritablePath(virtual);

  const resolve: WorkspaceFs['resolve'] = async (path, opts = {}) => {
    const r = await ctx.jail.resolve(path, opts);
    hiddenCheck(r.virtual);
    return r;
  };

  const readFolder: WorkspaceFs['readFolder'] = async (path) => {
    const { virtual, disk } = await ctx.jail.resolve(path, { mustExist: true });
    const st = await lstat(disk);
    if (!st.isDirectory()) throw new FsRefusal('failure', `${virtual} is a file, not a folder`);
    const names = (await readdir(disk)).filter((n) => !isUploadTemp(n)).sort();
    return { virtual, disk, names };
  };

  const entry: WorkspaceFs['entry'] = async (folder, name) => {
    const st = await lstat(folder.disk + sep + name).catch(() => undefined);
    if (!st || st.isSymbolicLink()) return undefined;
    const v = posix.join(folder.virtual, name);
    return { name, virtual: v, stats: st, writable: writableOf(v, st) };
  };

  async function openWrite(path: string, mode: WriteMode): Promise<Upload> {
    const { virtual, disk } = await resolve(path);
    const existing = await lstat(disk).catch(() => undefined);
    if (existing?.isDirectory()) throw new FsRefusal('failure', 'that is a folder, not a file');
    writableCheck(virtual);
    nameCheck(virtual);
    const name = posix.basename(virtual);
    if (existing && mode.exclusive) throw new FsRefusal('failure', `${name} already exists`);
    // The file being replaced does not count: the upload's own bytes do, as they are written.
    // Files open for writing are counted by their uploads (quota.others), not in the total.
    const base = await ctx.usage.bytesAtRest(root, disk);
    if (base + quota.others(undefined) >= limits.quotaBytes) {
      throw quotaRefusal(limits.quotaBytes, 'this upload');
    }
    return openUpload(virtual, disk, existing?.size, mode, base);
  }

  async function openUpload(
    virtual: string,
    disk: string,
    existingSize: number | undefined,
    mode: WriteMode,
    base: number,
  ): Promise<Upload> {
    const name = posix.basename(virtual);
    const rw = mode.read ? fsc.O_RDWR : fsc.O_WRONLY;
    const append = mode.append ? fsc.O_APPEND : 0;
    const trunc = mode.truncate === true;
    const appendEnd = mode.append ? (trunc ? 0 : (existingSize ?? 0)) : undefined;
    if (isInProgressName(name)) {
      // Written in place so a client can resume it; never processed (contract §4).
      const excl = mode.exclusive ? fsc.O_EXCL : 0;
      const fd = await openFd(
        disk,
        rw | fsc.O_CREAT | fsc.O_NOFOLLOW | (trunc ? fsc.O_TRUNC : 0) | append | excl,
      );
      ctx.openWrites.add(disk);
      await ctx.usage.hold(root, [disk]);
      return makeUpload({ fd, virtual, disk, appendEnd, base });
    }
    // A real name: write a hidden temp beside it, renamed onto the name on completion.
    const temp = disk.slice(0, disk.lastIndexOf(sep) + 1) + uploadTempName(name);
    const keep = existingSize !== undefined && !trunc;
    if (keep) await copyFile(disk, temp, fsc.COPYFILE_EXCL);
    const fd = await openFd(
      temp,
      rw | fsc.O_CREAT | fsc.O_NOFOLLOW | append | (keep ? 0 : fsc.O_EXCL),
    );
    ctx.openWrites.add(disk);
    ctx.openWrites.add(temp);
    await ctx.usage.hold(root, [disk, temp]);
    return makeUpload({ fd, virtual, disk, temp, appendEnd, base });
  }

  function makeUpload(h: {
    fd: number;
    virtual: string;
    disk: string;
    temp?: string;
    appendEnd: number | undefined;
    /** Bytes the workspace held when the upload opened (this file and other uploads aside). */
    base: number;
  }): Upload {
    let failed: Error | undefined;
    let closed = false;
    let appendEnd = h.appendEnd;
    const me = Symbol(h.virtual);
    quota.set(me, 0);
    const paths = h.temp ? [h.disk, h.temp] : [h.disk];
    const close = async (): Promise<boolean> => {
      if (closed) return false;
      closed = true;
      await new Promise<void>((r) => fs.close(h.fd, () => r()));
      ctx.openWrites.delete(h.disk);
      if (h.temp) ctx.openWrites.delete(h.temp);
      return true;
    };
    // Once the file is in its final place (or removed): its bytes move from the upload's count
    // to the running total, with no moment where they are in neither.
    const settle = async (): Promise<void> => {
      await ctx.usage.release(root, paths);
      quota.delete(me);
    };
    // One discard, shared: a later abort() waits for the removal a failed write started.
    let discarding: Promise<void> | undefined;
    const discard = (): Promise<void> => (discarding ??= removeUnfinished());
    const removeUnfinished = async (): Promise<void> => {
      if (!(await close())) return;
      try {
        if (h.temp) await rm(h.temp, { force: true });
        // An in-place upload is removed only when it failed for good (limit, disk full); a
        // dropped connection leaves a `.part` for the client to resume.
        else if (failed !== undefined) await rm(h.disk, { force: true });
      } finally {
        await settle();
      }
    };
    return {
      fd: h.fd,
      virtual: h.virtual,
      get failed() {
        return failed;
      },
      get closed() {
        return closed;
      },
      write(data, offset) {
        if (failed !== undefined) throw failed;
        const start = appendEnd ?? offset;
        if (appendEnd !== undefined) appendEnd += data.length;
        const end = start + data.length;
        if (end > maxFileBytes) {
          // contract §9: fail at the crossing offset, naming the limit, and remove the partial.
          failed = new FsRefusal(
            'failure',
            `${sizeSetBy} accepts files up to ${formatLimit(maxFileBytes)}; this upload passed that limit at byte ${maxFileBytes}, so it was removed`,
            { limit: true },
          );
          void discard();
          throw failed;
        }
        const mine = Math.max(quota.get(me), end);
        if (h.base + quota.others(me) + mine > limits.quotaBytes) {
          failed = quotaRefusal(limits.quotaBytes, 'this upload');
          void discard();
          throw failed;
        }
        quota.set(me, mine);
        try {
          fs.writeSync(h.fd, data, 0, data.length, start);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'ENOSPC' || code === 'EDQUOT') {
            failed = err as Error;
            void discard();
          }
          throw err;
        }
      },
      async complete() {
        if (failed !== undefined) {
          await discard();
          throw failed;
        }
        if (!(await close())) throw new FsRefusal('failure', 'the upload was already closed');
        try {
          if (h.temp) await finishTemp(h.temp, h.disk);
        } finally {
          await settle();
        }
        const size = (await lstat(h.disk)).size;
        if (h.temp) {
          ctx.events.emit('upload-completed', {
            workspace: ctx.workspace.name,
            path: h.virtual,
            size,
          });
        }
        return size;
      },
      abort: discard,
    };
  }

  return {
    profile,
    isWritablePath,
    isWritableDir,
    resolve,
    async stat(path) {
      const { virtual, disk } = await resolve(path, { mustExist: true });
      const st = await lstat(disk);
      return {
        name: posix.basename(virtual),
        virtual,
        stats: st,
        writable: writableOf(virtual, st),
      };
    },
    readFolder,
    entry,
    async list(path) {
      const folder = await readFolder(path);
      const out: FsEntry[] = [];
      for (const name of folder.names) {
        const e = await entry(folder, name);
        if (e) out.push(e);
      }
      return out;
    },
    async openRead(path) {
      const { virtual, disk } = await resolve(path, { mustExist: true });
      const st = await lstat(disk);
      if (st.isDirectory()) throw new FsRefusal('failure', 'that is a folder, not a file');
      const fd = await openFd(disk, fsc.O_RDONLY | fsc.O_NOFOLLOW);
      return { fd, virtual, size: st.size };
    },
    openWrite,
    async rename(from, to) {
      const src = await resolve(from, { mustExist: true });
      const dst = await resolve(to);
      writableCheck(src.virtual);
      writableCheck(dst.virtual);
      nameCheck(dst.virtual);
      const st = await lstat(src.disk);
      if (!st.isFile()) throw new FsRefusal('failure', 'only files can be renamed');
      const target = await lstat(dst.disk).catch(() => undefined);
      if (target?.isDirectory()) throw new FsRefusal('failure', 'a folder of that name exists');
      // POSIX semantics (like posix-rename@openssh.com): an existing file of that name is replaced.
      try {
        await rename(src.disk, dst.disk);
      } finally {
        await ctx.usage.changed(root, [src.disk, dst.disk]);
      }
      const fromName = posix.basename(src.virtual);
      if (isInProgressName(fromName) && !isInProgressName(posix.basename(dst.virtual))) {
        ctx.events.emit('upload-completed', {
          workspace: ctx.workspace.name,
          path: dst.virtual,
          size: st.size,
        });
      }
    },
    async remove(path) {
      const { virtual, disk } = await resolve(path, { mustExist: true });
      writableCheck(virtual);
      const st = await lstat(disk);
      if (st.isDirectory()) {
        throw new FsRefusal('failure', `${virtual} is a folder; ${folderChangeMessage(profile)}`);
      }
      try {
        await unlink(disk);
      } finally {
        await ctx.usage.changed(root, [disk]);
      }
    },
    async setTimes(path, times) {
      const { virtual, disk } = await resolve(path, { mustExist: true });
      writableCheck(virtual);
      if (times) await utimes(disk, times.atime, times.mtime);
    },
    changeFolder() {
      throw new FsRefusal('permission-denied', folderChangeMessage(profile));
    },
  };
}

/** The quota refusal: names the limit and its value, and what to do. */
function quotaRefusal(quotaBytes: number, what: string): FsRefusal {
  return new FsRefusal(
    'failure',
    `the workspace's storage quota is ${formatLimit(quotaBytes)} and ${what} would pass it, so it was not kept; remove files you no longer need or ask the administrator to raise the quota`,
    { limit: true },
  );
}

/**
 * The bytes of uploads in progress per workspace root, shared by every session of it (SFTP and
 * FTPS), so that parallel uploads cannot pass the quota together.
 */
const inflight = new Map<string, Map<symbol, number>>();

function quotaOf(root: string) {
  return {
    set(id: symbol, bytes: number): void {
      let m = inflight.get(root);
      if (!m) inflight.set(root, (m = new Map<symbol, number>()));
      m.set(id, bytes);
    },
    get(id: symbol): number {
      return inflight.get(root)?.get(id) ?? 0;
    },
    delete(id: symbol): void {
      const m = inflight.get(root);
      m?.delete(id);
      if (m?.size === 0) inflight.delete(root);
    },
    /** Bytes written by the other uploads in progress in this workspace. */
    others(id: symbol | undefined): number {
      let n = 0;
      for (const [k, v] of inflight.get(root) ?? []) if (k !== id) n += v;
      return n;
    },
  };
}

/** Renames a finished upload's temp onto its name (replacing a file); removes the temp if not. */
async function finishTemp(temp: string, disk: string): Promise<void> {
  try {
    const target = await lstat(disk).catch(() => undefined);
    if (target?.isDirectory()) {
      throw new FsRefusal('failure', 'a folder of that name exists');
    }
    // If the name exists, this upload replaces it (rename is atomic: readers see old or new).
    await rename(temp, disk);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** A raw fd (not a FileHandle, which closes itself on GC): positional fs.write/read are cheapest. */
function openFd(path: string, flags: number): Promise<number> {
  return new Promise((resolve, reject) =>
    fs.open(path, flags, 0o644, (err, fd) => (err ? reject(err) : resolve(fd))),
  );
}
