/**
 * One SFTP session: the only module that knows ssh2's request vocabulary (style §B6). One small
 * handler per request, each answering exactly once; paths go through the jail (vfs.ts), writes
 * through the profile's write rules (write-rules.ts) and the upload-completion rule (uploads.ts,
 * contract §4); errors become statuses in one table (sftp-status.ts). node.
 */
import { constants as fsc } from 'node:fs';
import * as fs from 'node:fs';
import { copyFile, lstat, readdir, rename, rm, unlink, utimes } from 'node:fs/promises';
import { posix, sep } from 'node:path';
import type { Attributes, SFTPWrapper } from 'ssh2';
import { getProfile } from '../../core/profiles/profiles.ts';
import type { EmulatorEmitter } from '../events.ts';
import { attrsOf, longnameOf } from './longname.ts';
import { announceExtensions, limitsReply, sftpLimits } from './sftp-extensions.ts';
import { SftpRefusal, Status, statusOf, type StatusCode } from './sftp-status.ts';
import { isInProgressName, isUploadTemp, uploadTempName, type OpenWrites } from '../vfs/uploads.ts';
import { checkNewName, type Jail } from '../vfs/jail.ts';
import type { WorkspaceRuntime } from '../config/workspace.ts';
import { checkFileWrite, folderChangeMessage } from '../vfs/write-rules.ts';

/** SFTP v3 open flags (ssh2's OPEN_MODE). */
const OPEN = {
  READ: 0x01,
  WRITE: 0x02,
  APPEND: 0x04,
  CREAT: 0x08,
  TRUNC: 0x10,
  EXCL: 0x20,
} as const;
/** Largest READ answered at once (OpenSSH's own sftp-server limit is 256 KiB per packet). */
const maxReadLen = sftpLimits.maxReadLength;
/** Entries per READDIR answer. */
const readdirBatch = 200;

/** What a session needs from the emulator. */
export type SessionContext = {
  workspace: WorkspaceRuntime;
  jail: Jail;
  username: string;
  openWrites: OpenWrites;
  events: EmulatorEmitter;
  clock: () => number;
  /** Called on every request (idle timeout bookkeeping). */
  touch: () => void;
};

type FileHandle = {
  kind: 'file';
  fd: number;
  virtual: string;
  /** Where the file ends up (its real name). */
  disk: string;
  /** The hidden temp written instead of `disk`, for complete-at-CLOSE uploads. */
  temp?: string;
  writing: boolean;
  /** Set once a write failed for good (limit, disk full); later writes and CLOSE report it. */
  failed?: { status: StatusCode; message: string };
  /** For O_APPEND handles: where the next write lands (the client's offsets do not count). */
  appendEnd?: number;
  closed: boolean;
};
/** `pending`: names not yet sent (undefined until the first READDIR reads the folder). */
type DirHandle = { kind: 'dir'; virtual: string; disk: string; pending?: string[] };
type Handle = FileHandle | DirHandle;

/** Serves SFTP requests on an accepted ssh2 SFTP stream until it ends. */
export function serveSftp(sftp: SFTPWrapper, ctx: SessionContext): void {
  const raw = announceExtensions(sftp);
  const handles = new Map<string, Handle>();
  let nextHandle = 1;
  const profile = ctx.workspace.profile;
  const maxFileBytes = getProfile(profile)?.maxFileBytes;

  const newHandle = (h: Handle): Buffer => {
    const buf = Buffer.alloc(4);
    buf.writeUInt32BE(nextHandle++ >>> 0);
    handles.set(buf.toString('hex'), h);
    return buf;
  };
  const fileHandle = (buf: Buffer): FileHandle => {
    const h = handles.get(buf.toString('hex'));
    if (!h || h.kind !== 'file') throw new SftpRefusal(Status.FAILURE, 'invalid file handle');
    return h;
  };
  const dirHandle = (buf: Buffer): DirHandle => {
    const h = handles.get(buf.toString('hex'));
    if (!h || h.kind !== 'dir') throw new SftpRefusal(Status.FAILURE, 'invalid folder handle');
    return h;
  };

  /** Runs a handler; any throw or rejection becomes exactly one status reply. */
  const serve = (reqid: number, work: (answer: Answer) => Promise<void> | void): void => {
    ctx.touch();
    const answer = once(sftp, reqid, (packet) => raw.sendRaw(packet));
    try {
      const r = work(answer);
      if (r) r.catch((err: unknown) => answer.error(err));
    } catch (err) {
      answer.error(err);
    }
  };

  const writableCheck = (virtual: string): void => {
    const r = checkFileWrite(profile, virtual);
    if (!r.ok) throw new SftpRefusal(Status.PERMISSION_DENIED, r.message);
  };
  const hiddenCheck = (virtual: string): void => {
    if (isUploadTemp(posix.basename(virtual))) {
      throw new SftpRefusal(Status.NO_SUCH_FILE, `no such file: ${virtual}`);
    }
  };
  const isWritablePath = (virtual: string): boolean => checkFileWrite(profile, virtual).ok;
  const isWritableDir = (virtual: string): boolean => isWritablePath(posix.join(virtual, 'x'));

  // --- files -------------------------------------------------------------------------------
  async function onOpen(a: Answer, filename: string, flags: number): Promise<void> {
    const wantsWrite = (flags & (OPEN.WRITE | OPEN.APPEND | OPEN.CREAT | OPEN.TRUNC)) !== 0;
    const { virtual, disk } = await ctx.jail.resolve(filename, { mustExist: !wantsWrite });
    hiddenCheck(virtual);
    const existing = await lstat(disk).catch(() => undefined);
    if (existing?.isDirectory()) {
      throw new SftpRefusal(Status.FAILURE, 'that is a folder, not a file');
    }
    if (!wantsWrite) {
      const fd = await openFd(disk, fsc.O_RDONLY | fsc.O_NOFOLLOW);
      a.handle(newHandle({ kind: 'file', fd, virtual, disk, writing: false, closed: false }));
      return;
    }
    a.handle(newHandle(await openForWrite(virtual, disk, existing?.size, flags)));
  }

  /** Opens an upload: in place for in-progress names, else a hidden temp (contract §4). */
  async function openForWrite(
    virtual: string,
    disk: string,
    existingSize: number | undefined,
    flags: number,
  ): Promise<FileHandle> {
    const exists = existingSize !== undefined;
    writableCheck(virtual);
    const name = posix.basename(virtual);
    const nameOk = checkNewName(name);
    if (!nameOk.ok) throw new SftpRefusal(Status.FAILURE, nameOk.message);
    if (exists && (flags & OPEN.EXCL) !== 0) {
      throw new SftpRefusal(Status.FAILURE, `${name} already exists`);
    }
    const rw = (flags & OPEN.READ) !== 0 ? fsc.O_RDWR : fsc.O_WRONLY;
    const append = (flags & OPEN.APPEND) !== 0 ? fsc.O_APPEND : 0;
    const base = { kind: 'file' as const, virtual, disk, writing: true, closed: false };
    const trunc = (flags & OPEN.TRUNC) !== 0;
    if (append) Object.assign(base, { appendEnd: trunc ? 0 : (existingSize ?? 0) });
    if (isInProgressName(name)) {
      // Written in place so a client can resume it; never processed (contract §4).
      const excl = (flags & OPEN.EXCL) !== 0 ? fsc.O_EXCL : 0;
      const fd = await openFd(
        disk,
        rw | fsc.O_CREAT | fsc.O_NOFOLLOW | (trunc ? fsc.O_TRUNC : 0) | append | excl,
      );
      ctx.openWrites.add(disk);
      return { ...base, fd };
    }
    // A real name: write a hidden temp beside it, renamed onto the name at CLOSE.
    const temp = disk.slice(0, disk.lastIndexOf(sep) + 1) + uploadTempName(name);
    const keep = exists && !trunc;
    if (keep) await copyFile(disk, temp, fsc.COPYFILE_EXCL);
    const fd = await openFd(
      temp,
      rw | fsc.O_CREAT | fsc.O_NOFOLLOW | append | (keep ? 0 : fsc.O_EXCL),
    );
    ctx.openWrites.add(disk);
    ctx.openWrites.add(temp);
    return { ...base, fd, temp };
  }

  function onWrite(a: Answer, hbuf: Buffer, offset: number, data: Buffer): void {
    const h = fileHandle(hbuf);
    if (!h.writing) {
      throw new SftpRefusal(Status.PERMISSION_DENIED, 'the file was opened for reading');
    }
    if (h.failed) throw new SftpRefusal(h.failed.status, h.failed.message);
    const start = h.appendEnd ?? offset;
    if (h.appendEnd !== undefined) h.appendEnd += data.length;
    if (maxFileBytes !== undefined && start + data.length > maxFileBytes) {
      // contract §9: fail at the crossing offset, naming the limit, and remove the partial.
      const mb = Math.round(maxFileBytes / 1_000_000);
      const message = `Flatfile accepts files up to ${mb} MB; this upload passed that limit at byte ${maxFileBytes}, so it was removed`;
      h.failed = { status: Status.FAILURE, message };
      a.status(Status.FAILURE, message);
      // OpenSSH's sftp shows a refused WRITE only as "Failure"; its stderr carries the reason.
      raw.sendStderr(`${message}.`);
      void discard(h);
      return;
    }
    // A synchronous positional write, as OpenSSH's sftp-server does: a 32 KiB write into the page
    // cache takes microseconds, less than a thread-pool round trip, and the reply leaves at once,
    // so the client's pipelined WRITEs keep flowing (no await chain, no fsync).
    try {
      fs.writeSync(h.fd, data, 0, data.length, offset);
    } catch (err) {
      const s = statusOf(err);
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOSPC' || code === 'EDQUOT') {
        h.failed = s;
        void discard(h);
      }
      a.status(s.status, s.message);
      return;
    }
    a.ok();
  }

  function onRead(a: Answer, hbuf: Buffer, offset: number, len: number): void {
    const h = fileHandle(hbuf);
    const buf = Buffer.allocUnsafe(Math.min(len, maxReadLen));
    fs.read(h.fd, buf, 0, buf.length, offset, (err, n) => {
      if (err) return a.error(err);
      if (n === 0) return a.status(Status.EOF);
      a.data(n === buf.length ? buf : buf.subarray(0, n));
    });
  }

  async function onClose(a: Answer, hbuf: Buffer): Promise<void> {
    const key = hbuf.toString('hex');
    const h = handles.get(key);
    if (!h) throw new SftpRefusal(Status.FAILURE, 'invalid handle');
    handles.delete(key);
    if (h.kind === 'dir') return a.ok();
    if (h.failed) {
      await discard(h);
      return a.status(h.failed.status, h.failed.message);
    }
    await closeFd(h);
    if (!h.writing) return a.ok();
    ctx.openWrites.delete(h.disk);
    if (!h.temp) return a.ok();
    ctx.openWrites.delete(h.temp);
    try {
      const target = await lstat(h.disk).catch(() => undefined);
      if (target?.isDirectory()) {
        throw new SftpRefusal(Status.FAILURE, 'a folder of that name exists');
      }
      // If the name exists, this upload replaces it (rename is atomic: readers see old or new).
      await rename(h.temp, h.disk);
    } catch (err) {
      await rm(h.temp, { force: true });
      throw err;
    }
    const size = (await lstat(h.disk)).size;
    a.ok();
    ctx.events.emit('upload-completed', { workspace: ctx.workspace.name, path: h.virtual, size });
  }

  async function onFstat(a: Answer, hbuf: Buffer): Promise<void> {
    const h = fileHandle(hbuf);
    const st = await new Promise<fs.Stats>((resolve, reject) =>
      fs.fstat(h.fd, (err, s) => (err ? reject(err) : resolve(s))),
    );
    a.attrs(attrsOf(st, isWritablePath(h.virtual)));
  }

  async function onStat(a: Answer, path: string): Promise<void> {
    const { virtual, disk } = await ctx.jail.resolve(path, { mustExist: true });
    hiddenCheck(virtual);
    const st = await lstat(disk);
    a.attrs(attrsOf(st, st.isDirectory() ? isWritableDir(virtual) : isWritablePath(virtual)));
  }

  async function onSetstat(a: Answer, path: string, attrs: Attributes): Promise<void> {
    const { virtual, disk } = await ctx.jail.resolve(path, { mustExist: true });
    hiddenCheck(virtual);
    writableCheck(virtual);
    // Accepted; only the modification time is applied (owners and modes belong to the platform).
    if (typeof attrs.mtime === 'number') {
      await utimes(disk, attrs.atime ?? attrs.mtime, attrs.mtime);
    }
    a.ok();
  }

  function onFsetstat(a: Answer, hbuf: Buffer, attrs: Attributes): void {
    const h = fileHandle(hbuf);
    if (!h.writing) {
      throw new SftpRefusal(Status.PERMISSION_DENIED, 'the file was opened for reading');
    }
    if (typeof attrs.mtime !== 'number') return a.ok();
    fs.futimes(h.fd, attrs.atime ?? attrs.mtime, attrs.mtime, (err) =>
      err ? a.error(err) : a.ok(),
    );
  }

  // --- folders -----------------------------------------------------------------------------
  async function onOpendir(a: Answer, path: string): Promise<void> {
    const { virtual, disk } = await ctx.jail.resolve(path, { mustExist: true });
    const st = await lstat(disk);
    if (!st.isDirectory()) {
      throw new SftpRefusal(Status.FAILURE, `${virtual} is a file, not a folder`);
    }
    a.handle(newHandle({ kind: 'dir', virtual, disk }));
  }

  async function onReaddir(a: Answer, hbuf: Buffer): Promise<void> {
    const h = dirHandle(hbuf);
    h.pending ??= (await readdir(h.disk)).filter((n) => !isUploadTemp(n)).sort();
    const now = ctx.clock();
    const names = [];
    // Batches keep each NAME packet far below the 256 KiB packet limit of SFTP clients.
    while (names.length < readdirBatch && h.pending.length > 0) {
      const name = h.pending.shift() ?? '';
      const st = await lstat(h.disk + sep + name).catch(() => undefined);
      if (!st || st.isSymbolicLink()) continue;
      const v = posix.join(h.virtual, name);
      const attrs = attrsOf(st, st.isDirectory() ? isWritableDir(v) : isWritablePath(v));
      names.push({ filename: name, longname: longnameOf(name, attrs, ctx.username, now), attrs });
    }
    if (names.length === 0) return a.status(Status.EOF);
    a.name(names);
  }

  function onRealpath(a: Answer, path: string): void {
    const norm = path.includes('\0') ? undefined : posix.resolve('/', path === '' ? '.' : path);
    if (norm === undefined) {
      throw new SftpRefusal(Status.FAILURE, 'a path cannot contain a NUL byte');
    }
    a.name([{ filename: norm, longname: norm, attrs: {} as Attributes }]);
  }

  async function onRename(a: Answer, from: string, to: string): Promise<void> {
    const src = await ctx.jail.resolve(from, { mustExist: true });
    const dst = await ctx.jail.resolve(to);
    hiddenCheck(src.virtual);
    hiddenCheck(dst.virtual);
    writableCheck(src.virtual);
    writableCheck(dst.virtual);
    const newName = posix.basename(dst.virtual);
    const nameOk = checkNewName(newName);
    if (!nameOk.ok) throw new SftpRefusal(Status.FAILURE, nameOk.message);
    const st = await lstat(src.disk);
    if (!st.isFile()) throw new SftpRefusal(Status.FAILURE, 'only files can be renamed');
    const target = await lstat(dst.disk).catch(() => undefined);
    if (target?.isDirectory()) {
      throw new SftpRefusal(Status.FAILURE, 'a folder of that name exists');
    }
    // POSIX semantics (like posix-rename@openssh.com): an existing file of that name is replaced.
    await rename(src.disk, dst.disk);
    a.ok();
    const fromName = posix.basename(src.virtual);
    if (isInProgressName(fromName) && !isInProgressName(newName)) {
      ctx.events.emit('upload-completed', {
        workspace: ctx.workspace.name,
        path: dst.virtual,
        size: st.size,
      });
    }
  }

  async function onRemove(a: Answer, path: string): Promise<void> {
    const { virtual, disk } = await ctx.jail.resolve(path, { mustExist: true });
    hiddenCheck(virtual);
    writableCheck(virtual);
    const st = await lstat(disk);
    if (st.isDirectory()) {
      throw new SftpRefusal(
        Status.FAILURE,
        `${virtual} is a folder; ${folderChangeMessage(profile)}`,
      );
    }
    await unlink(disk);
    a.ok();
  }

  function onExtended(a: Answer, name: string, data: Buffer | undefined): Promise<void> | void {
    if (name === 'posix-rename@openssh.com' && data) {
      const from = readSshString(data, 0);
      const to = from ? readSshString(data, from.next) : undefined;
      if (!from || !to) throw new SftpRefusal(Status.FAILURE, 'malformed posix-rename request');
      return onRename(a, from.value, to.value);
    }
    if (name === 'limits@openssh.com' && a.raw(limitsReply)) return;
    a.status(Status.OP_UNSUPPORTED, `${name} is not supported by this server`);
  }

  // --- plumbing ----------------------------------------------------------------------------

  async function closeFd(h: FileHandle): Promise<void> {
    if (h.closed) return;
    h.closed = true;
    await new Promise<void>((resolve) => fs.close(h.fd, () => resolve()));
  }

  /** Drops an unfinished or failed upload: closes it and removes its bytes. */
  async function discard(h: FileHandle): Promise<void> {
    const wasOpen = !h.closed;
    await closeFd(h);
    if (!h.writing || !wasOpen) return;
    ctx.openWrites.delete(h.disk);
    if (h.temp) {
      ctx.openWrites.delete(h.temp);
      await rm(h.temp, { force: true });
    } else if (h.failed) {
      // An in-place upload is removed only when it failed for good (limit, disk full); a dropped
      // connection leaves a `.part` for the client to resume.
      await rm(h.disk, { force: true });
    }
  }

  let ended = false;
  const endSession = (): void => {
    if (ended) return;
    ended = true;
    for (const h of handles.values()) if (h.kind === 'file') void discard(h);
    handles.clear();
  };

  sftp.on('OPEN', (id, filename, flags) => serve(id, (a) => onOpen(a, filename, flags)));
  sftp.on('WRITE', (id, h, offset, data) => serve(id, (a) => onWrite(a, h, offset, data)));
  sftp.on('READ', (id, h, offset, len) => serve(id, (a) => onRead(a, h, offset, len)));
  sftp.on('CLOSE', (id, h) => serve(id, (a) => onClose(a, h)));
  sftp.on('FSTAT', (id, h) => serve(id, (a) => onFstat(a, h)));
  sftp.on('STAT', (id, path) => serve(id, (a) => onStat(a, path)));
  sftp.on('LSTAT', (id, path) => serve(id, (a) => onStat(a, path)));
  sftp.on('SETSTAT', (id, path, attrs) => serve(id, (a) => onSetstat(a, path, attrs)));
  sftp.on('FSETSTAT', (id, h, attrs) => serve(id, (a) => onFsetstat(a, h, attrs)));
  sftp.on('OPENDIR', (id, path) => serve(id, (a) => onOpendir(a, path)));
  sftp.on('READDIR', (id, h) => serve(id, (a) => onReaddir(a, h)));
  sftp.on('REALPATH', (id, path) => serve(id, (a) => onRealpath(a, path)));
  sftp.on('RENAME', (id, from, to) => serve(id, (a) => onRename(a, from, to)));
  sftp.on('REMOVE', (id, path) => serve(id, (a) => onRemove(a, path)));
  sftp.on('MKDIR', (id) =>
    serve(id, (a) => a.status(Status.PERMISSION_DENIED, folderChangeMessage(profile))),
  );
  sftp.on('RMDIR', (id) =>
    serve(id, (a) => a.status(Status.PERMISSION_DENIED, folderChangeMessage(profile))),
  );
  sftp.on('READLINK', (id) =>
    serve(id, (a) => a.status(Status.OP_UNSUPPORTED, 'symbolic links are not supported')),
  );
  sftp.on('SYMLINK', (id) =>
    serve(id, (a) => a.status(Status.OP_UNSUPPORTED, 'symbolic links are not supported')),
  );
  sftp.on('EXTENDED', (id, name, data) => serve(id, (a) => onExtended(a, name, data)));
  // OpenSSH's sftp waits for the channel to close after it sends EOF: end our side too.
  sftp.on('end', () => {
    endSession();
    sftp.end();
  });
  sftp.on('close', endSession);
  sftp.on('error', endSession);
}

/** Replies to one request, at most once (later calls are ignored). */
type Answer = {
  ok(): void;
  status(code: StatusCode, message?: string): void;
  error(err: unknown): void;
  handle(h: Buffer): void;
  data(d: Buffer): void;
  name(names: { filename: string; longname: string; attrs: Attributes }[]): void;
  attrs(a: Attributes): void;
  /** Sends a packet ssh2 has no method for (an EXTENDED_REPLY); false if it could not. */
  raw(build: (reqid: number) => Buffer): boolean;
};

function once(sftp: SFTPWrapper, reqid: number, sendRaw: (packet: Buffer) => boolean): Answer {
  let done = false;
  const guard = (fn: () => void): void => {
    if (done) return;
    done = true;
    // The channel may be gone (client vanished); nothing to tell then.
    try {
      fn();
    } catch {
      /* channel closed */
    }
  };
  return {
    ok: () => guard(() => sftp.status(reqid, Status.OK)),
    status: (code, message) => guard(() => sftp.status(reqid, code, message)),
    error: (err) => {
      const s = statusOf(err);
      guard(() => sftp.status(reqid, s.status, s.message));
    },
    handle: (h) => guard(() => sftp.handle(reqid, h)),
    data: (d) => guard(() => sftp.data(reqid, d)),
    name: (names) => guard(() => sftp.name(reqid, names)),
    attrs: (a) => guard(() => sftp.attrs(reqid, a)),
    raw: (build) => {
      if (done || !sendRaw(build(reqid))) return false;
      done = true;
      return true;
    },
  };
}

/** A raw fd (not a FileHandle, which closes itself on GC): positional fs.write/read are cheapest. */
function openFd(path: string, flags: number): Promise<number> {
  return new Promise((resolve, reject) =>
    fs.open(path, flags, 0o644, (err, fd) => (err ? reject(err) : resolve(fd))),
  );
}

function readSshString(buf: Buffer, at: number): { value: string; next: number } | undefined {
  if (at + 4 > buf.length) return undefined;
  const len = buf.readUInt32BE(at);
  if (at + 4 + len > buf.length) return undefined;
  return { value: buf.toString('utf8', at + 4, at + 4 + len), next: at + 4 + len };
}
