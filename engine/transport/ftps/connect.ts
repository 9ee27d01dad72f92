/**
 * The transport port's FTPS adapter (contract §12) on basic-ftp: `connectFtps(opts)` dials
 * (dial.ts: TLS, certificate trusted before USER/PASS, PROT P) and wraps the control connection
 * in the same RemoteSession as SFTP, so uploads (`.part` + RNFR/RNTO, resume with APPE after a
 * hash check of the partial read back with RETR), watching (MLSD where offered, LIST otherwise)
 * and the doctor work unchanged. FTP runs one command at a time, so every call is queued. node.
 */
import type { Hash } from 'node:crypto';
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import type { FileHandle } from 'node:fs/promises';
import { parseList, type FileInfo } from 'basic-ftp';
import { fail, ok, type EngineError, type Result } from '../../result.ts';
import type {
  CertificateIdentity,
  ConnectError,
  RemoteEntry,
  RemoteSession,
  RemoteStat,
} from '../port.ts';
import { dialFtps, type FtpsConnectOptions, type FtpsLive } from './dial.ts';
import { ftpCodeOf, ftpError } from './ftp-errors.ts';
import { readData, sendStream } from './transfers.ts';
import { missingFolderError } from '../missing-folder.ts';

export type { FtpsConnectOptions } from './dial.ts';

/** An FTPS session: the RemoteSession plus what the doctor reports about data connections. */
export type FtpsSession = RemoteSession & {
  hostKey: CertificateIdentity;
  /** The negotiated TLS version of the control connection (`TLSv1.3`). */
  readonly tlsProtocol: string;
  /** Data connections opened and how many resumed the control connection's TLS session. */
  readonly dataConnections: { opened: number; resumed: number };
  /** Whether the server offers MLSD/MLST (else LIST/SIZE/MDTM are used). */
  readonly mlsd: boolean;
};

const lost = (): { ok: false; error: EngineError } =>
  fail('interrupted', 'The connection to the server was lost. Try again.');

/** The default limit of a read (listing, report, partial check) without progress. */
const readIdleMs = 8000;

/** Dials, checks the certificate, logs in and protects data connections. Never throws. */
export async function connectFtps(
  opts: FtpsConnectOptions,
): Promise<Result<FtpsSession, ConnectError>> {
  const first = await dialFtps(opts);
  if (!first.ok) return first;
  let live: FtpsLive = first.value;
  let destroyed = false;
  const identity = live.identity;
  const root = opts.root ? posix.resolve('/', opts.root) : '';
  const full = (p: string): string => {
    const clean = posix.resolve('/', p);
    return root ? posix.join(root, clean) : clean;
  };
  const isClosed = (): boolean => destroyed || live.client.closed;

  // One command at a time (FTP has one control channel); a failed call does not block the next.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(what: string, fn: () => Promise<Result<T>>): Promise<Result<T>> => {
    const run = async (): Promise<Result<T>> => {
      if (isClosed()) return lost();
      try {
        return await fn();
      } catch (e) {
        return { ok: false, error: ftpError(e, what) };
      }
    };
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  };
  const command = async (line: string): Promise<string> => {
    if (/[\r\n]/.test(line)) throw new Error('A path may not contain line breaks.');
    const res = await live.client.ftp.request(line);
    return res.message;
  };

  const statNow = async (path: string): Promise<Result<RemoteStat>> => {
    const p = full(path);
    if (live.mlst) {
      try {
        const reply = await command(`MLST ${p}`);
        const facts = parseMlstFacts(reply);
        if (facts) return ok(facts);
      } catch (e) {
        const code = ftpCodeOf(e);
        if (code === undefined) throw e;
        return { ok: false, error: ftpError(e, `checking ${path}`) };
      }
    }
    try {
      const sizeReply = await command(`SIZE ${p}`);
      const size = Number.parseInt(sizeReply.slice(4), 10);
      let mtimeMs = 0;
      try {
        mtimeMs = parseMdtm((await command(`MDTM ${p}`)).slice(4).trim()) ?? 0;
      } catch (e) {
        if (ftpCodeOf(e) === undefined) throw e;
      }
      return ok({ size: Number.isNaN(size) ? 0 : size, mtimeMs, isDirectory: false });
    } catch (e) {
      if (ftpCodeOf(e) === undefined) throw e;
    }
    // SIZE fails for folders and missing files alike: a folder is one we can change into.
    try {
      await command(`CWD ${p}`);
      return ok({ size: 0, mtimeMs: 0, isDirectory: true });
    } catch (e) {
      if (ftpCodeOf(e) === undefined) throw e;
      const err = ftpError(e, `checking ${path}`);
      return {
        ok: false,
        error:
          err.code === 'permission-denied'
            ? err
            : {
                ...err,
                code: 'not-found',
                message: 'The file or folder does not exist on the server.',
              },
      };
    }
  };

  // vsftpd answers LIST of a missing folder with an empty listing, and STOR into one with 553
  // (as for a refusal): a CWD tells a missing folder apart. Paths are absolute, so CWD is harmless.
  const folderMissing = async (dir: string): Promise<boolean> => {
    try {
      await command(`CWD ${full(dir)}`);
      return false;
    } catch (e) {
      if (ftpCodeOf(e) === undefined) throw e;
      return true;
    }
  };
  /** An upload's refusal: `folder-missing` when its folder is not there (as over SFTP), else as replied. */
  const writeError = async (e: unknown, path: string): Promise<EngineError> => {
    const err = ftpError(e, `uploading ${path}`);
    const code = ftpCodeOf(e);
    if ((code === 550 || code === 553) && (await folderMissing(posix.dirname(path)))) {
      return missingFolderError(posix.dirname(path), 'the file cannot be written', err.detail);
    }
    return err;
  };

  const retr = async (
    path: string,
    sink: (chunk: Buffer) => 'more' | 'enough',
    idleMs: number,
  ): Promise<void> => {
    await readData(live.link, `RETR ${full(path)}`, sink, { inactivityMs: idleMs });
  };

  const session: FtpsSession = {
    protocol: opts.protocol,
    hostKey: identity,
    hostKeyTrust: live.trust,
    get closed() {
      return isClosed();
    },
    get tlsProtocol() {
      return live.tlsProtocol;
    },
    get dataConnections() {
      return { opened: live.link.stats.opened, resumed: live.link.stats.resumed };
    },
    get mlsd() {
      return live.mlst;
    },
    list: (dir) =>
      serial(`listing ${dir}`, async () => {
        const p = full(dir);
        const chunks: Buffer[] = [];
        let size = 0;
        const sink = (c: Buffer): 'more' | 'enough' => {
          size += c.length;
          if (size > 64 * 1024 * 1024) throw new Error('The folder listing is too long.');
          chunks.push(c);
          return 'more';
        };
        try {
          await readData(live.link, `${live.mlst ? 'MLSD' : 'LIST'} ${p}`, sink, {
            inactivityMs: readIdleMs,
          });
        } catch (e) {
          const err = ftpError(e, `listing ${dir}`);
          return { ok: false, error: err.code === 'not-found' ? missingDir(dir, err.detail) : err };
        }
        const text = Buffer.concat(chunks).toString('utf8');
        const entries = entriesOf(text.trim() === '' ? [] : parseList(text));
        if (entries.length === 0 && (await folderMissing(dir))) {
          return { ok: false, error: missingDir(dir) };
        }
        return ok(entries);
      }),
    stat: (path) => serial(`checking ${path}`, () => statNow(path)),
    exists: async (path) => {
      const st = await session.stat(path);
      if (st.ok) return ok(true);
      return st.error.code === 'not-found' ? ok(false) : st;
    },
    readFile: (path, maxBytes = 16 * 1024 * 1024) =>
      serial(`reading ${path}`, async () => {
        const st = await statNow(path);
        if (!st.ok) return st;
        if (st.value.size > maxBytes) {
          return fail(
            'too-large',
            `The file ${path} is ${st.value.size} bytes, more than the ${maxBytes} this screen reads.`,
          );
        }
        const chunks: Buffer[] = [];
        let got = 0;
        await retr(
          path,
          (c) => {
            got += c.length;
            if (got > maxBytes) {
              throw new Error(`The file ${path} grew past ${maxBytes} bytes while being read.`);
            }
            chunks.push(c);
            return 'more';
          },
          readIdleMs,
        );
        return ok(Buffer.concat(chunks));
      }),
    readHead: (path, maxBytes) =>
      serial(`reading ${path}`, async () => {
        const chunks: Buffer[] = [];
        let got = 0;
        await retr(
          path,
          (c) => {
            const take = c.subarray(0, Math.max(0, maxBytes - got));
            chunks.push(take);
            got += take.length;
            return got >= maxBytes ? 'enough' : 'more';
          },
          readIdleMs,
        );
        return ok(Buffer.concat(chunks));
      }),
    writeSmall: (path, data) =>
      serial(`writing ${path}`, async () => {
        const buf = typeof data === 'string' ? Buffer.from(data) : data;
        try {
          await sendStream(live.link, 'STOR', full(path), Readable.from([buf]), {
            inactivityMs: readIdleMs,
            sourceBytes: () => buf.length,
          });
        } catch (e) {
          return { ok: false, error: await writeError(e, path) };
        }
        return ok(undefined);
      }),
    writeFromFile: (w) =>
      serial(`uploading ${w.remotePath}`, async () => {
        // A resume continues the partial with APPE (uploads.ts checked its bytes first).
        const src = fileRange(w.file, w.start, w.end, w.hasher, w.chunkBytes);
        try {
          await sendStream(
            live.link,
            w.start > 0 ? 'APPE' : 'STOR',
            full(w.remotePath),
            src.stream,
            {
              inactivityMs: w.inactivityTimeoutMs,
              ...(w.signal ? { signal: w.signal } : {}),
              sourceBytes: () => w.start + src.bytes(),
              ...(w.onAcked ? { onSent: (b: number) => w.onAcked?.(Math.max(w.start, b)) } : {}),
            },
          );
        } catch (e) {
          src.stream.destroy();
          if (w.signal?.aborted) return fail('cancelled', 'The upload was cancelled.');
          return { ok: false, error: await writeError(e, w.remotePath) };
        }
        w.onAcked?.(w.end);
        return ok({ acked: w.end });
      }),
    hashPrefix: (path, length, hasher, inactivityTimeoutMs) =>
      serial(`checking ${path}`, async () => {
        let got = 0;
        if (length === 0) return ok(undefined);
        await retr(
          path,
          (c) => {
            const take = c.subarray(0, Math.max(0, length - got));
            hasher.update(take);
            got += take.length;
            return got >= length ? 'enough' : 'more';
          },
          inactivityTimeoutMs,
        );
        if (got < length) {
          return fail(
            'interrupted',
            `The partial file ${path} is shorter than expected (${got} of ${length} bytes).`,
          );
        }
        return ok(undefined);
      }),
    rename: (from, to, o) =>
      serial(`renaming ${from}`, async () => {
        const once = async (): Promise<void> => {
          await command(`RNFR ${full(from)}`);
          await command(`RNTO ${full(to)}`);
        };
        try {
          await once();
          return ok(undefined);
        } catch (e) {
          if (ftpCodeOf(e) === undefined || !o?.overwrite) throw e;
          // Some servers refuse to replace: remove the target, then rename (not atomic there).
          const there = await statNow(to);
          if (!there.ok || there.value.isDirectory) throw e;
          await command(`DELE ${full(to)}`);
          await once();
          return ok(undefined);
        }
      }),
    remove: (path) =>
      serial(`removing ${path}`, async () => {
        await command(`DELE ${full(path)}`);
        return ok(undefined);
      }),
    mkdir: (path) =>
      serial(`creating ${path}`, async () => {
        await command(`MKD ${full(path)}`);
        return ok(undefined);
      }),
    reconnect: async () => {
      live.client.close();
      const again = await dialFtps({
        ...opts,
        knownHost: { fingerprint: identity.fingerprint },
        onUnknownHostKey: undefined,
        onStage: undefined,
      });
      if (!again.ok) {
        const { stage: _s, hostKey: _h, ftpsProblem: _p, ...error } = again.error;
        return { ok: false, error };
      }
      live = again.value;
      destroyed = false;
      return ok(undefined);
    },
    destroy: () => {
      destroyed = true;
      live.client.ftp.closeWithError(new Error('The connection was dropped.'));
    },
    close: async () => {
      if (isClosed()) return;
      await queue;
      destroyed = true;
      try {
        await Promise.race([
          live.client.ftp.request('QUIT'),
          new Promise((r) => setTimeout(r, 2000).unref()),
        ]);
      } catch {
        /* already gone */
      }
      live.client.close();
    },
  };
  return ok(session);
}

/**
 * A listed folder that is not there: `not-found` (as SFTP's readdir says; a missing `/Templates`
 * is normal), in the words of a missing folder.
 */
function missingDir(dir: string, detail?: string): EngineError {
  return { ...missingFolderError(dir, '', detail), code: 'not-found' };
}

/** File reads per chunk (and two chunks read ahead); the TLS socket cuts them into 16 KiB records. */
const defaultChunkBytes = 512 * 1024;

/** A byte range of a local file as a stream, hashing every byte in order. */
function fileRange(
  file: FileHandle,
  start: number,
  end: number,
  hasher: Hash | undefined,
  chunkBytes = defaultChunkBytes,
): { stream: Readable; bytes: () => number } {
  let read = 0;
  const chunk = Math.max(16 * 1024, chunkBytes);
  async function* gen(): AsyncGenerator<Buffer> {
    let pos = start;
    while (pos < end) {
      const buf = Buffer.allocUnsafe(Math.min(chunk, end - pos));
      const { bytesRead } = await file.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) throw new Error('The local file is shorter than expected.');
      const part = bytesRead === buf.length ? buf : buf.subarray(0, bytesRead);
      hasher?.update(part);
      pos += bytesRead;
      read += bytesRead;
      yield part;
    }
  }
  return {
    stream: Readable.from(gen(), { objectMode: false, highWaterMark: 2 * chunk }),
    bytes: () => read,
  };
}

/** Directory entries from a parsed MLSD or LIST listing, without `.` and `..`. */
export function entriesOf(list: FileInfo[]): RemoteEntry[] {
  return list
    .filter((f) => f.name !== '.' && f.name !== '..' && f.name !== '')
    .map((f) => ({
      name: f.name,
      size: f.size,
      mtimeMs: f.modifiedAt?.getTime() ?? listDateMs(f.rawModifiedAt),
      isDirectory: f.isDirectory,
    }));
}

/**
 * A Unix LIST date (`Dec 03 13:29` = this year, or the year before when that is in the future;
 * `Dec 03  2025`) or a DOS one (`12-03-26  01:29PM`), read as UTC; 0 when unreadable.
 */
export function listDateMs(raw: string, now: Date = new Date()): number {
  const months = 'janfebmaraprmayjunjulaugsepoctnovdec';
  const unix = /^([A-Za-z]{3})\s+(\d{1,2})\s+(?:(\d{1,2}):(\d{2})|(\d{4}))$/.exec(raw.trim());
  if (unix) {
    const m = months.indexOf((unix[1] ?? '').toLowerCase()) / 3;
    if (m < 0 || !Number.isInteger(m)) return 0;
    const d = Number(unix[2]);
    if (unix[5]) return Date.UTC(Number(unix[5]), m, d);
    let t = Date.UTC(now.getUTCFullYear(), m, d, Number(unix[3]), Number(unix[4]));
    if (t > now.getTime() + 86_400_000) {
      t = Date.UTC(now.getUTCFullYear() - 1, m, d, Number(unix[3]), Number(unix[4]));
    }
    return t;
  }
  const dos = /^(\d{2})-(\d{2})-(\d{2,4})\s+(\d{1,2}):(\d{2})\s*([AP]M)?$/i.exec(raw.trim());
  if (dos) {
    let y = Number(dos[3]);
    if (y < 100) y += y < 70 ? 2000 : 1900;
    let h = Number(dos[4]) % 12;
    if ((dos[6] ?? '').toUpperCase() === 'PM') h += 12;
    else if (!dos[6]) h = Number(dos[4]);
    return Date.UTC(y, Number(dos[1]) - 1, Number(dos[2]), h, Number(dos[5]));
  }
  return 0;
}

/** `YYYYMMDDHHMMSS[.sss]` (MDTM, MLSx `modify`) as ms since epoch (UTC), or undefined. */
export function parseMdtm(s: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{1,3}))?/.exec(s.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, se, ms] = m;
  return Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(se),
    Number((ms ?? '0').padEnd(3, '0')),
  );
}

/** The facts of an `MLST` reply (`250-…\r\n type=file;size=12;modify=…; /path\r\n250 End`). */
export function parseMlstFacts(reply: string): RemoteStat | undefined {
  const line = reply
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => /(^|;)type=/i.test(l) && !/^\d{3}[ -]/.test(l));
  if (!line) return undefined;
  const facts = new Map<string, string>();
  for (const part of line.split(' ')[0]?.split(';') ?? []) {
    const eq = part.indexOf('=');
    if (eq > 0) facts.set(part.slice(0, eq).toLowerCase(), part.slice(eq + 1));
  }
  const type = (facts.get('type') ?? '').toLowerCase();
  return {
    size: Number(facts.get('size') ?? 0) || 0,
    mtimeMs: parseMdtm(facts.get('modify') ?? '') ?? 0,
    isDirectory: type === 'dir' || type === 'cdir' || type === 'pdir',
  };
}
