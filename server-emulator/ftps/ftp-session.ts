/**
 * One FTPS control connection (contract §12): the FTP command layer, on node:tls, the only module
 * that knows FTP's vocabulary. Login only over TLS; data connections passive (EPSV, PASV),
 * protected (PBSZ 0 + PROT P) and — by default — resuming the control connection's TLS session.
 * Every file rule comes from the workspace file system shared with SFTP (vfs/workspace-fs.ts).
 * node.
 */
import * as fs from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { TLSSocket, type SecureContext, type Server as TlsServer } from 'node:tls';
import type { EmulatorEmitter } from '../events.ts';
import type { Jail } from '../vfs/jail.ts';
import type { OpenWrites } from '../vfs/uploads.ts';
import { createWorkspaceFs, type WorkspaceFs } from '../vfs/workspace-fs.ts';
import type { WorkspaceRuntime } from '../config/workspace.ts';
import { ftpTime, listText, mlsdText, mlsxFacts, nlstText, quotePath } from './ftp-listing.ts';
import { replyOf, type Reply } from './ftp-replies.ts';

/** A logged-in user's workspace. */
export type FtpAccount = { workspace: WorkspaceRuntime; jail: Jail; username: string };

/** Checks a login (password, ban, profile); the refusal message is sent with 530. */
export type FtpLogin = (
  username: string,
  password: string,
  address: string,
) => { ok: true; account: FtpAccount } | { ok: false; message: string };

export type FtpSessionContext = {
  /** The accepted TCP socket of the control connection. */
  socket: Socket;
  /** true: TLS from the first byte (ftps://); false: plain until AUTH TLS (ftpes://). */
  implicit: boolean;
  /**
   * This connection's own TLS context and session store (TLS 1.2 session ids, which curl uses
   * instead of tickets): a data connection can only resume a session this connection began.
   */
  tls: { secureContext: SecureContext; server: TlsServer };
  /** Address the passive listeners bind to (the control listener's). */
  host: string;
  /** Passive port range; undefined = any free port. */
  passivePorts?: { min: number; max: number };
  requireSessionReuse: boolean;
  login: FtpLogin;
  openWrites: OpenWrites;
  events: EmulatorEmitter;
  clock: () => number;
  idleTimeoutMs: number;
  /**
   * A connection not logged in within `ms` gets `421 <message>` and is closed (issue 14: the
   * client is told which limit, as the SSH side's disconnect reason); `onExpired` logs it.
   */
  loginDeadline: { ms: number; message: string; onExpired?: () => void };
  /** How long a transfer command waits for the client's data connection and its TLS handshake. */
  dataTimeoutMs?: number;
  onClosed: (account: FtpAccount | undefined) => void;
};

const maxLine = 8192;
/** Bytes of an upload gathered before one write to disk. */
const writeBatch = 1024 * 1024;
/** Commands allowed before login. */
const beforeLogin = new Set([
  'USER',
  'PASS',
  'AUTH',
  'PBSZ',
  'PROT',
  'FEAT',
  'SYST',
  'NOOP',
  'QUIT',
  'OPTS',
  'HELP',
]);

const features = [
  'AUTH TLS',
  'PBSZ',
  'PROT',
  'EPSV',
  'PASV',
  'MLST type*;size*;modify*;perm*;',
  'MLSD',
  'SIZE',
  'MDTM',
  'REST STREAM',
  'UTF8',
  'TVFS',
];

/** A data connection: its socket and whether its TLS handshake succeeded (watched from accept). */
type DataConn = { socket: Socket; secured: Promise<boolean> };
type Passive = { server: Server; accepted: Promise<DataConn | undefined> };
type Transfer = { socket: Socket; done: Promise<void> };

/** Serves one control connection until it closes. */
export function serveFtp(ctx: FtpSessionContext): void {
  const address = normalizeAddress(ctx.socket.remoteAddress ?? '');
  const dataTimeoutMs = ctx.dataTimeoutMs ?? 15_000;
  let control: Socket = ctx.socket;
  let secure = false;
  let pbsz = false;
  let protectData = false;
  let pendingUser: string | undefined;
  let account: FtpAccount | undefined;
  let vfs: WorkspaceFs | undefined;
  let cwd = '/';
  let restOffset = 0;
  let renameFrom: string | undefined;
  let passive: Passive | undefined;
  let transfer: Transfer | undefined;
  let chain: Promise<void> = Promise.resolve();
  let buffered = '';
  let closed = false;
  let lastActivity = ctx.clock();

  const serverTls = (raw: Socket): TLSSocket => new TLSSocket(raw, { isServer: true, ...ctx.tls });

  const reply = (code: number, text: string): void => {
    if (closed || control.destroyed) return;
    const lines = text.split('\n');
    const last = lines.pop() ?? '';
    control.write(lines.map((l) => `${code}-${l}\r\n`).join('') + `${code} ${last}\r\n`);
  };
  const replyError = (err: unknown): void => {
    const r: Reply = replyOf(err);
    reply(r.code, r.message);
  };
  const touch = (): void => {
    lastActivity = ctx.clock();
  };

  // --- the control connection's bytes ---------------------------------------------------
  const onData = (chunk: Buffer): void => {
    touch();
    buffered += chunk.toString('utf8');
    if (buffered.length > maxLine && !buffered.includes('\n')) {
      reply(500, 'command line too long');
      return shutdown();
    }
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl).replace(/\r$/, '');
      buffered = buffered.slice(nl + 1);
      const handled = dispatch(line);
      if (handled === 'upgraded') return;
    }
  };

  const attach = (s: Socket): void => {
    control = s;
    s.on('data', onData);
    s.on('error', () => shutdown());
    s.on('close', () => shutdown());
  };

  /** Upgrades the control connection to TLS right after `234` (AUTH TLS). */
  const upgrade = (): void => {
    const raw = control;
    raw.off('data', onData);
    raw.removeAllListeners('error');
    raw.removeAllListeners('close');
    // A client that sent its ClientHello in the same packet: give those bytes back to TLS.
    if (buffered.length > 0) raw.unshift(Buffer.from(buffered, 'utf8'));
    buffered = '';
    // Wrapped in the same tick as the reply is queued: no byte can be read as plain text after it.
    attach(serverTls(raw));
    secure = true;
  };

  const dispatch = (line: string): 'upgraded' | undefined => {
    const sp = line.indexOf(' ');
    const verb = (sp < 0 ? line : line.slice(0, sp)).toUpperCase();
    const arg = sp < 0 ? '' : line.slice(sp + 1);
    if (verb === 'AUTH') {
      // Handled at once (not queued): the TLS handshake must start before any further byte.
      if (secure) {
        reply(503, 'TLS is already on');
        return undefined;
      }
      const mech = arg.trim().toUpperCase();
      if (mech !== 'TLS' && mech !== 'SSL' && mech !== 'TLS-C') {
        reply(504, `AUTH ${arg} is not supported; use AUTH TLS`);
        return undefined;
      }
      reply(234, 'AUTH TLS successful');
      upgrade();
      return 'upgraded';
    }
    if (verb === 'ABOR' && transfer) {
      void abortTransfer();
      return undefined;
    }
    chain = chain.then(() => runCommand(verb, arg)).catch((err: unknown) => replyError(err));
    return undefined;
  };

  // --- commands ---------------------------------------------------------------------------
  const resolvePath = (arg: string): string => posix.resolve(cwd, arg === '' ? '.' : arg);

  async function runCommand(verb: string, arg: string): Promise<void> {
    if (closed) return;
    touch();
    if (!account && !beforeLogin.has(verb)) {
      reply(530, 'log in first (USER and PASS)');
      return;
    }
    if (verb !== 'RNTO') renameFrom = verb === 'RNFR' ? renameFrom : undefined;
    const restHere = restOffset;
    if (verb !== 'REST') restOffset = 0;
    const fsys = vfs;
    switch (verb) {
      case 'USER':
        return onUser(arg);
      case 'PASS':
        return onPass(arg);
      case 'PBSZ':
        if (!secure) return reply(503, 'PBSZ needs TLS first: send AUTH TLS');
        pbsz = true;
        return reply(200, 'PBSZ=0');
      case 'PROT':
        return onProt(arg);
      case 'FEAT':
        return reply(211, ['Features:', ...features.map((f) => ` ${f}`), 'End'].join('\n'));
      case 'SYST':
        return reply(215, 'UNIX Type: L8');
      case 'NOOP':
        return reply(200, 'NOOP ok');
      case 'HELP':
        return reply(214, 'see RFC 959 and RFC 4217; FEAT lists the extensions');
      case 'OPTS':
        return onOpts(arg);
      case 'QUIT':
        reply(221, 'goodbye');
        control.end();
        return;
      case 'ABOR':
        return reply(225, 'no transfer to abort');
    }
    if (!fsys) return reply(530, 'log in first (USER and PASS)');
    return runFileCommand(fsys, verb, arg, restHere);
  }

  async function runFileCommand(
    fsys: WorkspaceFs,
    verb: string,
    arg: string,
    rest: number,
  ): Promise<void> {
    switch (verb) {
      case 'PWD':
      case 'XPWD':
        return reply(257, `${quotePath(cwd)} is the current folder`);
      case 'CWD':
      case 'XCWD':
        return changeDir(fsys, resolvePath(arg));
      case 'CDUP':
      case 'XCUP':
        return changeDir(fsys, posix.dirname(cwd));
      case 'TYPE': {
        const t = arg.trim().toUpperCase();
        if (t === 'I' || t === 'L 8' || t === 'A' || t === 'A N') {
          return reply(200, `type set to ${t[0] === 'A' ? 'A' : 'I'}`);
        }
        return reply(504, `TYPE ${arg} is not supported; use TYPE I`);
      }
      case 'MODE':
        return arg.trim().toUpperCase() === 'S'
          ? reply(200, 'mode S')
          : reply(504, 'only MODE S (stream) is supported');
      case 'STRU':
        return arg.trim().toUpperCase() === 'F'
          ? reply(200, 'structure F')
          : reply(504, 'only STRU F (file) is supported');
      case 'PASV':
        return openPassive('PASV');
      case 'EPSV':
        if (arg.trim().toUpperCase() === 'ALL') return reply(200, 'EPSV ALL ok');
        return openPassive('EPSV');
      case 'PORT':
      case 'EPRT':
        return reply(502, 'active mode is not supported here; use passive mode (PASV or EPSV)');
      case 'REST': {
        const n = Number(arg.trim());
        if (!/^\d+$/.test(arg.trim()) || !Number.isSafeInteger(n)) {
          return reply(501, 'REST needs a byte offset');
        }
        restOffset = n;
        return reply(350, `restarting at ${n}; send STOR or RETR`);
      }
      case 'SIZE': {
        const e = await fsys.stat(resolvePath(arg));
        if (e.stats.isDirectory()) return reply(550, `${e.virtual} is a folder, not a file`);
        return reply(213, String(e.stats.size));
      }
      case 'MDTM': {
        const e = await fsys.stat(resolvePath(arg));
        return reply(213, ftpTime(e.stats.mtimeMs));
      }
      case 'MLST': {
        const e = await fsys.stat(resolvePath(arg));
        return reply(
          250,
          [`facts of ${e.virtual}:`, ` ${mlsxFacts(e)} ${e.virtual}`, 'End'].join('\n'),
        );
      }
      case 'DELE':
        await fsys.remove(resolvePath(arg));
        return reply(250, 'deleted');
      case 'MKD':
      case 'XMKD':
      case 'RMD':
      case 'XRMD':
        return fsys.changeFolder();
      case 'RNFR': {
        const e = await fsys.stat(resolvePath(arg));
        renameFrom = e.virtual;
        return reply(350, 'ready for RNTO');
      }
      case 'RNTO': {
        const from = renameFrom;
        renameFrom = undefined;
        if (from === undefined) return reply(503, 'send RNFR first');
        await fsys.rename(from, resolvePath(arg));
        return reply(250, 'renamed');
      }
      case 'LIST':
      case 'NLST':
      case 'MLSD':
        return listing(fsys, verb, arg);
      case 'RETR':
        return retrieve(fsys, resolvePath(arg), rest);
      case 'STOR':
      case 'APPE':
        return store(fsys, resolvePath(arg), verb === 'APPE', rest);
      case 'STAT':
        return reply(211, 'connected over TLS; no transfer in progress');
      default:
        return reply(502, `${verb} is not implemented here`);
    }
  }

  function onUser(arg: string): void {
    if (!secure) {
      return reply(
        530,
        'TLS is required before logging in: send AUTH TLS first (ftpes://), or connect with implicit TLS (ftps://)',
      );
    }
    if (account) return reply(503, 'already logged in');
    pendingUser = arg;
    reply(331, `password required for ${arg}`);
  }

  function onPass(password: string): void {
    if (!secure) {
      return reply(530, 'TLS is required before logging in: send AUTH TLS first');
    }
    if (account) return reply(503, 'already logged in');
    const username = pendingUser;
    pendingUser = undefined;
    if (username === undefined) return reply(503, 'send USER first');
    const r = ctx.login(username, password, address);
    if (!r.ok) return reply(530, r.message);
    account = r.account;
    clearTimeout(loginTimer);
    vfs = createWorkspaceFs({
      workspace: account.workspace,
      jail: account.jail,
      openWrites: ctx.openWrites,
      events: ctx.events,
    });
    ctx.events.emit('session-opened', { workspace: account.workspace.name, username, address });
    reply(230, `logged in to ${account.workspace.name}`);
  }

  function onProt(arg: string): void {
    if (!secure) return reply(503, 'PROT needs TLS first: send AUTH TLS');
    if (!pbsz) return reply(503, 'send PBSZ 0 before PROT');
    const level = arg.trim().toUpperCase();
    if (level === 'P') {
      protectData = true;
      return reply(200, 'PROT P: data connections are protected');
    }
    if (level === 'C') {
      return reply(534, 'data connections must be protected here; use PROT P');
    }
    reply(504, `PROT ${arg} is not supported; use PROT P`);
  }

  function onOpts(arg: string): void {
    const a = arg.trim().toUpperCase();
    if (a === 'UTF8 ON' || a === 'UTF8' || a === 'UTF-8 ON') return reply(200, 'UTF8 is always on');
    if (a.startsWith('MLST')) return reply(200, 'MLST OPTS type;size;modify;perm;');
    reply(501, `OPTS ${arg} is not supported`);
  }

  async function changeDir(fsys: WorkspaceFs, path: string): Promise<void> {
    const e = await fsys.stat(path);
    if (!e.stats.isDirectory()) return reply(550, `${e.virtual} is a file, not a folder`);
    cwd = e.virtual;
    reply(250, `the current folder is ${cwd}`);
  }

  // --- passive data connections -------------------------------------------------------------
  async function openPassive(kind: 'PASV' | 'EPSV'): Promise<void> {
    closePassive();
    const localHost =
      ctx.host === '0.0.0.0' || ctx.host === '::' ? ctx.socket.localAddress : ctx.host;
    const bindHost = normalizeAddress(localHost ?? '127.0.0.1');
    if (kind === 'PASV' && !/^\d+\.\d+\.\d+\.\d+$/.test(bindHost)) {
      return reply(501, 'PASV needs IPv4; use EPSV');
    }
    const server = createServer();
    server.maxConnections = 1;
    const port = await listenPassive(server, bindHost, ctx.passivePorts);
    if (port === undefined) {
      return reply(425, 'no passive port is free now; try again shortly');
    }
    const accepted = new Promise<DataConn | undefined>((resolve) => {
      server.on('connection', (sock: Socket) => {
        // Only the control connection's own address may attach (as vsftpd's pasv_promiscuous=NO).
        if (normalizeAddress(sock.remoteAddress ?? '') !== address) {
          sock.destroy();
          return;
        }
        server.close();
        sock.on('error', () => undefined);
        if (!protectData) return resolve({ socket: sock, secured: Promise.resolve(false) });
        // Clients handshake as soon as they connect (curl) or after 150 (vsftpd's order): watch
        // from the start so neither is missed.
        const t = serverTls(sock);
        t.on('error', () => undefined);
        const secured = new Promise<boolean>((done) => {
          t.once('secure', () => done(true));
          t.once('error', () => done(false));
          t.once('close', () => done(false));
        });
        resolve({ socket: t, secured });
      });
      server.on('close', () => resolve(undefined));
    });
    passive = { server, accepted };
    if (kind === 'EPSV') return reply(229, `Entering Extended Passive Mode (|||${port}|)`);
    const h = bindHost.split('.').join(',');
    reply(227, `Entering Passive Mode (${h},${port >> 8},${port & 255})`);
  }

  /** Drops an unused passive port, and a data connection made to it but never used. */
  function closePassive(): void {
    if (!passive) return;
    passive.server.close();
    void passive.accepted.then((conn) => conn?.socket.destroy());
    passive = undefined;
  }

  /** The data connection of a transfer command, after `150`; undefined once refused. */
  async function openData(): Promise<Socket | undefined> {
    const p = passive;
    passive = undefined;
    if (!p) {
      reply(425, 'open a data connection first: send EPSV or PASV');
      return undefined;
    }
    if (!protectData) {
      p.server.close();
      reply(521, 'data connections must be encrypted here: send PBSZ 0 and PROT P first');
      return undefined;
    }
    const conn = await withTimeout(p.accepted, dataTimeoutMs);
    if (!conn) {
      p.server.close();
      reply(
        425,
        `no data connection was made within ${dataTimeoutMs / 1000} s; check that passive ports are not blocked by a firewall`,
      );
      return undefined;
    }
    reply(150, 'data connection open');
    const tls = conn.socket as TLSSocket;
    const handshake = await withTimeout(conn.secured, dataTimeoutMs);
    if (!handshake) {
      tls.destroy();
      reply(425, 'the TLS handshake on the data connection failed');
      return undefined;
    }
    // Per-connection context: a resumed session can only be one this control connection began.
    if (ctx.requireSessionReuse && !tls.isSessionReused()) {
      tls.destroy();
      reply(
        522,
        'TLS session reuse is required: the data connection must resume the TLS session of the control connection (turn on session reuse in your FTP client)',
      );
      return undefined;
    }
    return tls;
  }

  function track(socket: Socket, run: () => Promise<void>): Promise<void> {
    const done = run().finally(() => {
      if (transfer?.socket === socket) transfer = undefined;
    });
    transfer = { socket, done };
    return done;
  }

  async function abortTransfer(): Promise<void> {
    const t = transfer;
    if (!t) return reply(225, 'no transfer to abort');
    t.socket.destroy();
    await t.done.catch(() => undefined);
    reply(226, 'ABOR: the transfer was aborted');
  }

  async function listing(fsys: WorkspaceFs, verb: string, arg: string): Promise<void> {
    // LIST's arguments may carry ls options (`-la`), which are ignored.
    const pathArg = arg
      .split(' ')
      .filter((p) => !p.startsWith('-'))
      .join(' ');
    const target = resolvePath(pathArg);
    let text: string;
    const st = await fsys.stat(target);
    if (st.stats.isDirectory()) {
      const entries = await fsys.list(target);
      text =
        verb === 'MLSD'
          ? mlsdText(entries)
          : verb === 'NLST'
            ? nlstText(entries)
            : listText(entries, account?.username ?? 'user', ctx.clock());
    } else {
      if (verb === 'MLSD') return reply(501, `${st.virtual} is a file; MLSD lists folders`);
      text =
        verb === 'NLST' ? nlstText([st]) : listText([st], account?.username ?? 'user', ctx.clock());
    }
    const data = await openData();
    if (!data) return;
    await track(data, async () => {
      try {
        await new Promise<void>((resolve, reject) => {
          data.once('error', reject);
          data.end(text, () => resolve());
        });
        reply(226, 'listing sent');
      } catch {
        reply(426, 'the data connection was closed during the listing');
      }
    });
  }

  async function retrieve(fsys: WorkspaceFs, path: string, rest: number): Promise<void> {
    const file = await fsys.openRead(path);
    const data = await openData();
    if (!data) {
      fs.close(file.fd, () => undefined);
      return;
    }
    await track(data, async () => {
      const rs = fs.createReadStream('', { fd: file.fd, start: rest, autoClose: true });
      try {
        await pipeline(rs, data);
        reply(226, `transfer complete (${Math.max(0, file.size - rest)} bytes)`);
      } catch {
        rs.destroy();
        reply(426, 'the data connection was closed before the file was sent');
      }
    });
  }

  async function store(
    fsys: WorkspaceFs,
    path: string,
    append: boolean,
    rest: number,
  ): Promise<void> {
    const upload = await fsys.openWrite(path, { append, truncate: !append && rest === 0 });
    // REST + STOR resumes at the offset: whatever lay beyond it is dropped (as vsftpd does).
    if (!append && rest > 0) fs.ftruncateSync(upload.fd, rest);
    const data = await openData();
    if (!data) return upload.abort();
    const name = posix.basename(upload.virtual);
    await track(data, async () => {
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
          touch();
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
        return replyError(failure);
      }
      if (outcome === 'cut') {
        await upload.abort();
        const kept = upload.virtual.endsWith('.part') || name.startsWith('.');
        return reply(
          426,
          kept
            ? `the data connection was cut; what arrived is kept in ${name}: resume with REST and STOR, or APPE`
            : `the data connection was cut; nothing was kept under ${name}: upload it again`,
        );
      }
      data.end();
      try {
        const size = await upload.complete();
        reply(226, `transfer complete (${size} bytes)`);
      } catch (err) {
        replyError(err);
      }
    });
  }

  // --- life cycle ----------------------------------------------------------------------------
  function shutdown(): void {
    if (closed) return;
    closed = true;
    clearInterval(idleCheck);
    clearTimeout(loginTimer);
    closePassive();
    transfer?.socket.destroy();
    control.destroy();
    if (account) {
      ctx.events.emit('session-closed', {
        workspace: account.workspace.name,
        username: account.username,
        address,
      });
    }
    ctx.onClosed(account);
  }

  const idleCheck = setInterval(
    () => {
      if (transfer) return touch();
      if (ctx.clock() - lastActivity >= ctx.idleTimeoutMs) {
        reply(421, 'closing an idle connection');
        control.end();
        setTimeout(shutdown, 1000).unref();
      }
    },
    Math.max(50, Math.min(30_000, Math.floor(ctx.idleTimeoutMs / 4))),
  );
  idleCheck.unref();

  // Login deadline (issue 14): told with 421 naming the limit, then closed. On an implicit-TLS
  // connection that never finished its handshake the reply cannot be read; it is closed anyway.
  const loginTimer = setTimeout(() => {
    if (account || closed) return;
    ctx.loginDeadline.onExpired?.();
    reply(421, ctx.loginDeadline.message);
    control.end();
    setTimeout(shutdown, 1000).unref();
  }, ctx.loginDeadline.ms);
  loginTimer.unref();

  if (ctx.implicit) {
    secure = true;
    attach(serverTls(ctx.socket));
  } else {
    attach(ctx.socket);
  }
  reply(220, 'SFTP Import Emulator FTPS ready');
}

/** `::ffff:127.0.0.1` → `127.0.0.1`. */
export function normalizeAddress(a: string): string {
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(undefined), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      () => {
        clearTimeout(t);
        resolve(undefined);
      },
    );
  });
}

/** Listens on a free port of the range (or any free port); undefined if none is free. */
async function listenPassive(
  server: Server,
  host: string,
  range: { min: number; max: number } | undefined,
): Promise<number | undefined> {
  const tryPort = (port: number): Promise<number | undefined> =>
    new Promise((resolve) => {
      const onError = (): void => resolve(undefined);
      server.once('error', onError);
      server.listen(port, host, () => {
        server.off('error', onError);
        resolve((server.address() as AddressInfo).port);
      });
    });
  if (!range) return tryPort(0);
  const span = range.max - range.min + 1;
  const start = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i++) {
    const port = await tryPort(range.min + ((start + i) % span));
    if (port !== undefined) return port;
  }
  return undefined;
}
