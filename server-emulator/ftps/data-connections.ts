/**
 * FTPS data connections (contract §12): passive only (PASV, EPSV) on the control listener's
 * address, accepted only from the control connection's own address, protected (PROT P) and — by
 * default — resuming the control connection's TLS session. Also the transfer in progress that
 * ABOR ends. node.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { normalizeAddress, type DataConn, type FtpSession } from './ftp-session-state.ts';

/** Opens a passive listener and tells the client where (227 or 229). */
export async function openPassive(s: FtpSession, kind: 'PASV' | 'EPSV'): Promise<void> {
  closePassive(s);
  const { ctx } = s;
  const localHost =
    ctx.host === '0.0.0.0' || ctx.host === '::' ? ctx.socket.localAddress : ctx.host;
  const bindHost = normalizeAddress(localHost ?? '127.0.0.1');
  if (kind === 'PASV' && !/^\d+\.\d+\.\d+\.\d+$/.test(bindHost)) {
    return s.reply(501, 'PASV needs IPv4; use EPSV');
  }
  const server = createServer();
  server.maxConnections = 1;
  const port = await listenPassive(server, bindHost, ctx.passivePorts);
  if (port === undefined) {
    return s.reply(425, 'no passive port is free now; try again shortly');
  }
  const accepted = new Promise<DataConn | undefined>((resolve) => {
    server.on('connection', (sock: Socket) => {
      // Only the control connection's own address may attach (as vsftpd's pasv_promiscuous=NO).
      if (normalizeAddress(sock.remoteAddress ?? '') !== s.address) {
        sock.destroy();
        return;
      }
      server.close();
      sock.on('error', () => undefined);
      if (!s.protectData) return resolve({ socket: sock, secured: Promise.resolve(false) });
      // Clients handshake as soon as they connect (curl) or after 150 (vsftpd's order): watch
      // from the start so neither is missed.
      const t = s.serverTls(sock);
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
  s.passive = { server, accepted };
  if (kind === 'EPSV') return s.reply(229, `Entering Extended Passive Mode (|||${port}|)`);
  const h = bindHost.split('.').join(',');
  s.reply(227, `Entering Passive Mode (${h},${port >> 8},${port & 255})`);
}

/** Drops an unused passive port, and a data connection made to it but never used. */
export function closePassive(s: FtpSession): void {
  const p = s.passive;
  if (!p) return;
  p.server.close();
  void p.accepted.then((conn) => conn?.socket.destroy());
  s.passive = undefined;
}

/** The data connection of a transfer command, after `150`; undefined once refused. */
export async function openData(s: FtpSession): Promise<Socket | undefined> {
  const p = s.passive;
  s.passive = undefined;
  if (!p) {
    s.reply(425, 'open a data connection first: send EPSV or PASV');
    return undefined;
  }
  if (!s.protectData) {
    p.server.close();
    s.reply(521, 'data connections must be encrypted here: send PBSZ 0 and PROT P first');
    return undefined;
  }
  const conn = await withTimeout(p.accepted, s.dataTimeoutMs);
  if (!conn) {
    p.server.close();
    s.reply(
      425,
      `no data connection was made within ${s.dataTimeoutMs / 1000} s; check that passive ports are not blocked by a firewall`,
    );
    return undefined;
  }
  s.reply(150, 'data connection open');
  const tls = conn.socket as TLSSocket;
  const handshake = await withTimeout(conn.secured, s.dataTimeoutMs);
  if (!handshake) {
    tls.destroy();
    s.reply(425, 'the TLS handshake on the data connection failed');
    return undefined;
  }
  // Per-connection context: a resumed session can only be one this control connection began.
  if (s.ctx.requireSessionReuse && !tls.isSessionReused()) {
    tls.destroy();
    s.reply(
      522,
      'TLS session reuse is required: the data connection must resume the TLS session of the control connection (turn on session reuse in your FTP client)',
    );
    return undefined;
  }
  return tls;
}

/** Runs a transfer on `socket` as the session's transfer in progress (for ABOR). */
export function track(s: FtpSession, socket: Socket, run: () => Promise<void>): Promise<void> {
  const done = run().finally(() => {
    if (s.transfer?.socket === socket) s.transfer = undefined;
  });
  s.transfer = { socket, done };
  return done;
}

/** ABOR while a transfer runs: its data connection is closed, then `226`. */
export async function abortTransfer(s: FtpSession): Promise<void> {
  const t = s.transfer;
  if (!t) return s.reply(225, 'no transfer to abort');
  t.socket.destroy();
  await t.done.catch(() => undefined);
  s.reply(226, 'ABOR: the transfer was aborted');
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
