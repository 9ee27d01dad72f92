/**
 * The FTPS commands that move bytes over a data connection (contract §12): passive mode (PASV,
 * EPSV; PORT and EPRT refused), REST, the listings (LIST, NLST, MLSD), RETR, and the uploads
 * (STOR, APPE): a real name is complete only when its data connection ended cleanly (`226`); a cut
 * keeps nothing, except for a `.part` or dot name, which a client resumes with REST or APPE. node.
 */
import * as fs from 'node:fs';
import { posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Socket } from 'node:net';
import type { Upload, WorkspaceFs } from '../vfs/workspace-fs.ts';
import { openData, openPassive, track } from './data-connections.ts';
import { listText, mlsdText, nlstText } from './ftp-listing.ts';
import { resolvePath, type FtpFileCommand, type FtpSession } from './ftp-session-state.ts';

/** Bytes of an upload gathered before one write to disk. */
const writeBatch = 1024 * 1024;

async function listing(s: FtpSession, fsys: WorkspaceFs, verb: string, arg: string) {
  // LIST's arguments may carry ls options (`-la`), which are ignored.
  const pathArg = arg
    .split(' ')
    .filter((p) => !p.startsWith('-'))
    .join(' ');
  const target = resolvePath(s, pathArg);
  const user = s.account?.username ?? 'user';
  let text: string;
  const st = await fsys.stat(target);
  if (st.stats.isDirectory()) {
    const entries = await fsys.list(target);
    text =
      verb === 'MLSD'
        ? mlsdText(entries)
        : verb === 'NLST'
          ? nlstText(entries)
          : listText(entries, user, s.ctx.clock());
  } else {
    if (verb === 'MLSD') return s.reply(501, `${st.virtual} is a file; MLSD lists folders`);
    text = verb === 'NLST' ? nlstText([st]) : listText([st], user, s.ctx.clock());
  }
  const data = await openData(s);
  if (!data) return;
  await track(s, data, async () => {
    try {
      await new Promise<void>((resolve, reject) => {
        data.once('error', reject);
        data.end(text, () => resolve());
      });
      s.reply(226, 'listing sent');
    } catch {
      s.reply(426, 'the data connection was closed during the listing');
    }
  });
}

const retrieve: FtpFileCommand = async (s, fsys, arg, rest) => {
  const file = await fsys.openRead(resolvePath(s, arg));
  const data = await openData(s);
  if (!data) {
    fs.close(file.fd, () => undefined);
    return;
  }
  await track(s, data, async () => {
    const rs = fs.createReadStream('', { fd: file.fd, start: rest, autoClose: true });
    try {
      await pipeline(rs, data);
      s.reply(226, `transfer complete (${Math.max(0, file.size - rest)} bytes)`);
    } catch {
      rs.destroy();
      s.reply(426, 'the data connection was closed before the file was sent');
    }
  });
};

async function store(
  s: FtpSession,
  fsys: WorkspaceFs,
  path: string,
  append: boolean,
  rest: number,
): Promise<void> {
  const upload = await fsys.openWrite(path, { append, truncate: !append && rest === 0 });
  // REST + STOR resumes at the offset: whatever lay beyond it is dropped (as vsftpd does).
  if (!append && rest > 0) fs.ftruncateSync(upload.fd, rest);
  const data = await openData(s);
  if (!data) return upload.abort();
  await track(s, data, () => receive(s, upload, data, rest));
}

/** Receives an upload's bytes and answers 226, 426 (cut) or the refusal. */
async function receive(s: FtpSession, upload: Upload, data: Socket, rest: number): Promise<void> {
  const name = posix.basename(upload.virtual);
  let offset = rest;
  let failure: unknown;
  // TLS hands over ≤16 KiB records: batched into 1 MiB positional writes (fewer syscalls).
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = (): void => {
    if (pendingBytes === 0 || failure !== undefined) return;
    const chunk = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    try {
      upload.write(chunk, offset);
      offset += chunk.length;
    } catch (err) {
      failure = err;
      data.destroy();
    }
  };
  const outcome = await new Promise<'end' | 'cut'>((resolve) => {
    data.on('data', (chunk: Buffer) => {
      if (failure !== undefined) return;
      pending.push(chunk);
      pendingBytes += chunk.length;
      s.touch();
      if (pendingBytes >= writeBatch) flush();
    });
    // contract §12: complete only when the data connection ended cleanly; reset = cut. What
    // arrived before a cut is written too (a `.part` keeps it; a temp is removed anyway).
    data.once('end', () => {
      flush();
      resolve('end');
    });
    data.once('close', () => {
      flush();
      resolve('cut');
    });
  });
  if (failure !== undefined) {
    await upload.abort();
    return s.replyError(failure);
  }
  if (outcome === 'cut') {
    await upload.abort();
    const kept = upload.virtual.endsWith('.part') || name.startsWith('.');
    return s.reply(
      426,
      kept
        ? `the data connection was cut; what arrived is kept in ${name}: resume with REST and STOR, or APPE`
        : `the data connection was cut; nothing was kept under ${name}: upload it again`,
    );
  }
  data.end();
  try {
    const size = await upload.complete();
    s.reply(226, `transfer complete (${size} bytes)`);
  } catch (err) {
    s.replyError(err);
  }
}

const activeMode: FtpFileCommand = (s) =>
  s.reply(502, 'active mode is not supported here; use passive mode (PASV or EPSV)');

/** The data-connection commands of a logged-in user, by verb. */
export const transferCommands: Readonly<Record<string, FtpFileCommand>> = {
  PASV: (s) => openPassive(s, 'PASV'),
  EPSV: (s, _fsys, arg) =>
    arg.trim().toUpperCase() === 'ALL' ? s.reply(200, 'EPSV ALL ok') : openPassive(s, 'EPSV'),
  PORT: activeMode,
  EPRT: activeMode,
  REST(s, _fsys, arg) {
    const n = Number(arg.trim());
    if (!/^\d+$/.test(arg.trim()) || !Number.isSafeInteger(n)) {
      return s.reply(501, 'REST needs a byte offset');
    }
    s.restOffset = n;
    s.reply(350, `restarting at ${n}; send STOR or RETR`);
  },
  LIST: (s, fsys, arg) => listing(s, fsys, 'LIST', arg),
  NLST: (s, fsys, arg) => listing(s, fsys, 'NLST', arg),
  MLSD: (s, fsys, arg) => listing(s, fsys, 'MLSD', arg),
  RETR: retrieve,
  STOR: (s, fsys, arg, rest) => store(s, fsys, resolvePath(s, arg), false, rest),
  APPE: (s, fsys, arg, rest) => store(s, fsys, resolvePath(s, arg), true, rest),
};
