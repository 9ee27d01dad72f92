/**
 * One SFTP session: the only module that knows ssh2's request vocabulary (style §B6). One small
 * handler per request, each answering exactly once; every file rule (jail, write rules, names,
 * limits, upload completion; contract §2, §4, §9) lives in the workspace file system shared with
 * FTPS (vfs/workspace-fs.ts); errors become statuses in one table (sftp-status.ts). node.
 */
import * as fs from 'node:fs';
import { posix } from 'node:path';
import type { Attributes, SFTPWrapper } from 'ssh2';
import type { EmulatorEmitter } from '../events.ts';
import { attrsOf, longnameOf } from './longname.ts';
import { announceExtensions, limitsReply, sftpLimits } from './sftp-extensions.ts';
import { SftpRefusal, Status, statusOf, type StatusCode } from './sftp-status.ts';
import type { OpenWrites } from '../vfs/uploads.ts';
import type { Jail } from '../vfs/jail.ts';
import type { WorkspaceRuntime } from '../config/workspace.ts';
import type { DiskUsage } from '../vfs/disk-usage.ts';
import { createWorkspaceFs, FsRefusal, type Upload } from '../vfs/workspace-fs.ts';
import { limitsOf } from '../vfs/limits.ts';

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
  /** The running byte totals for the quota, shared by every session (vfs/disk-usage.ts). */
  usage: DiskUsage;
  events: EmulatorEmitter;
  clock: () => number;
  /** Called on every request (idle timeout bookkeeping). */
  touch: () => void;
};

/** `upload` is set for handles opened for writing (the fd is then the upload's). */
type FileHandle = { kind: 'file'; fd: number; virtual: string; upload?: Upload; closed: boolean };
/** `pending`: names not yet sent (undefined until the first READDIR reads the folder). */
type DirHandle = { kind: 'dir'; virtual: string; disk: string; pending?: string[] };
type Handle = FileHandle | DirHandle;

/** Serves SFTP requests on an accepted ssh2 SFTP stream until it ends. */
export function serveSftp(sftp: SFTPWrapper, ctx: SessionContext): void {
  const raw = announceExtensions(sftp);
  const handles = new Map<string, Handle>();
  let nextHandle = 1;
  const vfs = createWorkspaceFs(ctx);
  const { maxOpenHandles } = limitsOf(ctx.workspace);
  /** OPEN/OPENDIR requests being served (pipelined ones count before their handle exists). */
  let opening = 0;

  /** Runs an open under the per-session handle cap (issue 14): one user cannot hold every fd. */
  const withHandleRoom = async (open: () => Promise<void>): Promise<void> => {
    if (handles.size + opening >= maxOpenHandles) {
      throw new SftpRefusal(
        Status.FAILURE,
        `this session already has ${maxOpenHandles} files and folders open, the most allowed (open handle limit); close some and try again`,
      );
    }
    opening++;
    try {
      await open();
    } finally {
      opening--;
    }
  };

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
  const writingHandle = (buf: Buffer): FileHandle & { upload: Upload } => {
    const h = fileHandle(buf);
    if (!h.upload) {
      throw new SftpRefusal(Status.PERMISSION_DENIED, 'the file was opened for reading');
    }
    return h as FileHandle & { upload: Upload };
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

  // --- files -------------------------------------------------------------------------------
  async function onOpen(a: Answer, filename: string, flags: number): Promise<void> {
    const wantsWrite = (flags & (OPEN.WRITE | OPEN.APPEND | OPEN.CREAT | OPEN.TRUNC)) !== 0;
    if (!wantsWrite) {
      const r = await vfs.openRead(filename);
      a.handle(newHandle({ kind: 'file', fd: r.fd, virtual: r.virtual, closed: false }));
      return;
    }
    const upload = await vfs.openWrite(filename, {
      read: (flags & OPEN.READ) !== 0,
      append: (flags & OPEN.APPEND) !== 0,
      truncate: (flags & OPEN.TRUNC) !== 0,
      exclusive: (flags & OPEN.EXCL) !== 0,
    });
    const { fd, virtual } = upload;
    a.handle(newHandle({ kind: 'file', fd, virtual, upload, closed: false }));
  }

  function onWrite(a: Answer, hbuf: Buffer, offset: number, data: Buffer): void {
    const h = writingHandle(hbuf);
    // A synchronous positional write, as OpenSSH's sftp-server does: a 32 KiB write into the page
    // cache takes microseconds, less than a thread-pool round trip, and the reply leaves at once,
    // so the client's pipelined WRITEs keep flowing (no await chain, no fsync).
    try {
      h.upload.write(data, offset);
    } catch (err) {
      const s = statusOf(err);
      a.status(s.status, s.message);
      // OpenSSH's sftp shows a refused WRITE only as "Failure"; its stderr carries the reason.
      if (err instanceof FsRefusal && err.limit) raw.sendStderr(`${err.message}.`);
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
    if (h.upload) {
      h.closed = true;
      await h.upload.complete();
      return a.ok();
    }
    await closeFd(h);
    a.ok();
  }

  async function onFstat(a: Answer, hbuf: Buffer): Promise<void> {
    const h = fileHandle(hbuf);
    const st = await new Promise<fs.Stats>((resolve, reject) =>
      fs.fstat(h.fd, (err, s) => (err ? reject(err) : resolve(s))),
    );
    a.attrs(attrsOf(st, vfs.isWritablePath(h.virtual)));
  }

  async function onStat(a: Answer, path: string): Promise<void> {
    const e = await vfs.stat(path);
    a.attrs(attrsOf(e.stats, e.writable));
  }

  async function onSetstat(a: Answer, path: string, attrs: Attributes): Promise<void> {
    // Accepted; only the modification time is applied (owners and modes belong to the platform).
    const times =
      typeof attrs.mtime === 'number'
        ? { atime: attrs.atime ?? attrs.mtime, mtime: attrs.mtime }
        : undefined;
    await vfs.setTimes(path, times);
    a.ok();
  }

  function onFsetstat(a: Answer, hbuf: Buffer, attrs: Attributes): void {
    const h = writingHandle(hbuf);
    if (typeof attrs.mtime !== 'number') return a.ok();
    fs.futimes(h.fd, attrs.atime ?? attrs.mtime, attrs.mtime, (err) =>
      err ? a.error(err) : a.ok(),
    );
  }

  // --- folders -----------------------------------------------------------------------------
  async function onOpendir(a: Answer, path: string): Promise<void> {
    const folder = await vfs.readFolder(path);
    a.handle(
      newHandle({ kind: 'dir', virtual: folder.virtual, disk: folder.disk, pending: folder.names }),
    );
  }

  async function onReaddir(a: Answer, hbuf: Buffer): Promise<void> {
    const h = dirHandle(hbuf);
    const pending = h.pending ?? [];
    const now = ctx.clock();
    const names = [];
    // Batches keep each NAME packet far below the 256 KiB packet limit of SFTP clients.
    while (names.length < readdirBatch && pending.length > 0) {
      const e = await vfs.entry(h, pending.shift() ?? '');
      if (!e) continue;
      const attrs = attrsOf(e.stats, e.writable);
      names.push({
        filename: e.name,
        longname: longnameOf(e.name, attrs, ctx.username, now),
        attrs,
      });
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
    await vfs.rename(from, to);
    a.ok();
  }

  async function onRemove(a: Answer, path: string): Promise<void> {
    await vfs.remove(path);
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

  let ended = false;
  const endSession = (): void => {
    if (ended) return;
    ended = true;
    for (const h of handles.values()) {
      if (h.kind !== 'file') continue;
      // An unfinished upload is dropped (a temp removed, a `.part` kept for resuming).
      if (h.upload) void h.upload.abort();
      else void closeFd(h);
    }
    handles.clear();
  };

  const folderRefused = (a: Answer): void => {
    try {
      vfs.changeFolder();
    } catch (err) {
      a.error(err);
    }
  };

  sftp.on('OPEN', (id, filename, flags) =>
    serve(id, (a) => withHandleRoom(() => onOpen(a, filename, flags))),
  );
  sftp.on('WRITE', (id, h, offset, data) => serve(id, (a) => onWrite(a, h, offset, data)));
  sftp.on('READ', (id, h, offset, len) => serve(id, (a) => onRead(a, h, offset, len)));
  sftp.on('CLOSE', (id, h) => serve(id, (a) => onClose(a, h)));
  sftp.on('FSTAT', (id, h) => serve(id, (a) => onFstat(a, h)));
  sftp.on('STAT', (id, path) => serve(id, (a) => onStat(a, path)));
  sftp.on('LSTAT', (id, path) => serve(id, (a) => onStat(a, path)));
  sftp.on('SETSTAT', (id, path, attrs) => serve(id, (a) => onSetstat(a, path, attrs)));
  sftp.on('FSETSTAT', (id, h, attrs) => serve(id, (a) => onFsetstat(a, h, attrs)));
  sftp.on('OPENDIR', (id, path) => serve(id, (a) => withHandleRoom(() => onOpendir(a, path))));
  sftp.on('READDIR', (id, h) => serve(id, (a) => onReaddir(a, h)));
  sftp.on('REALPATH', (id, path) => serve(id, (a) => onRealpath(a, path)));
  sftp.on('RENAME', (id, from, to) => serve(id, (a) => onRename(a, from, to)));
  sftp.on('REMOVE', (id, path) => serve(id, (a) => onRemove(a, path)));
  sftp.on('MKDIR', (id) => serve(id, folderRefused));
  sftp.on('RMDIR', (id) => serve(id, folderRefused));
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

function readSshString(buf: Buffer, at: number): { value: string; next: number } | undefined {
  if (at + 4 > buf.length) return undefined;
  const len = buf.readUInt32BE(at);
  if (at + 4 + len > buf.length) return undefined;
  return { value: buf.toString('utf8', at + 4, at + 4 + len), next: at + 4 + len };
}
