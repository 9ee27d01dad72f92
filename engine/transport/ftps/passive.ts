/**
 * Passive, protected data connections (contract §12): `EPSV` first (the control connection's
 * host, the port from the reply), `PASV` when EPSV is refused (a private or unroutable address
 * that differs from the control host is a NAT'ed server announcing its inside address: the
 * control host is used instead, as FileZilla does). Every data connection is TLS that resumes the
 * newest session of the control connection: under TLS 1.3 OpenSSL servers (vsftpd
 * `require_ssl_reuse`) issue single-use tickets, so the session offered is always the latest one
 * received, on the control connection or on the previous data connection. A data connection that
 * was not resumed must at least show the control connection's certificate. node.
 */
import { isIP, connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import type { FTPContext, FTPResponse } from 'basic-ftp';
import { fingerprintOfCertificate } from '../../fingerprint.ts';

/** What the data connections of one control connection share. */
export type DataLink = {
  ftp: FTPContext;
  /** TLS options of the control connection (servername/host for session identity, versions). */
  tls: ConnectionOptions;
  /** The certificate fingerprint the control connection showed (and was trusted). */
  fingerprint: string;
  /** Limit for opening a data connection (TCP + TLS). */
  timeoutMs: number;
  /** Offer the control connection's TLS session on data connections (false: only to see a strict server refuse it). */
  reuseSession: boolean;
  /** false once EPSV was refused: PASV from then on. */
  epsv: boolean;
  /** Counters for the doctor and the tests. */
  stats: { opened: number; resumed: number; lastProtocol?: string };
};

/** Where a `PASV` reply tells to connect, or undefined when it cannot be read. */
export function pasvTarget(
  reply: string,
  controlHost: string,
): { host: string; port: number } | undefined {
  const m = /(?<![-\d])(\d{1,3}),(\d{1,3}),(\d{1,3}),(\d{1,3}),(\d{1,3}),(\d{1,3})/.exec(reply);
  if (!m) return undefined;
  const n = m.slice(1).map(Number);
  if (n.some((x) => x > 255)) return undefined;
  const host = n.slice(0, 4).join('.');
  const port = (n[4] ?? 0) * 256 + (n[5] ?? 0);
  if (port === 0) return undefined;
  const control = controlHost.replace(/^::ffff:/i, '');
  if (host !== control && isUnroutable(host)) return { host: control, port };
  return { host, port };
}

/** The port of an `EPSV` reply (`229 Entering Extended Passive Mode (|||6446|)`). */
export function epsvPort(reply: string): number | undefined {
  const m = /\(([!-~])\1\1(\d{1,5})\1\)/.exec(reply);
  const port = m ? Number(m[2]) : NaN;
  return port > 0 && port < 65536 ? port : undefined;
}

/** Reserved IPv4 ranges by first octet, with the second octet's bounds (RFC 1918, 6598, 3927). */
const unroutableRanges: readonly { a: number; bMin: number; bMax: number }[] = [
  { a: 0, bMin: 0, bMax: 255 }, // unspecified
  { a: 10, bMin: 0, bMax: 255 }, // private
  { a: 127, bMin: 0, bMax: 255 }, // loopback
  { a: 172, bMin: 16, bMax: 31 }, // private
  { a: 192, bMin: 168, bMax: 168 }, // private
  { a: 169, bMin: 254, bMax: 254 }, // link-local
  { a: 100, bMin: 64, bMax: 127 }, // CGNAT
];

/** Private, loopback, link-local, CGNAT or unspecified IPv4 (RFC 1918, 6598, 3927). */
export function isUnroutable(ip: string): boolean {
  if (isIP(ip) !== 4) return false;
  const [a = 0, b = 0] = ip.split('.').map(Number);
  return unroutableRanges.some((r) => r.a === a && b >= r.bMin && b <= r.bMax);
}

/** Opens the next data connection and installs it as the context's data socket. Throws on failure (basic-ftp style; callers map it). */
export async function openDataConnection(link: DataLink): Promise<void> {
  const control = link.ftp.socket.remoteAddress;
  if (!control) throw new Error('The control connection is closed.');
  let target: { host: string; port: number } | undefined;
  if (link.epsv) {
    const res = (await link.ftp.handle('EPSV', (r, task) => task.resolve(r))) as
      FTPResponse | Error;
    if (res instanceof Error) {
      if (typeof (res as { code?: unknown }).code !== 'number') throw res;
      link.epsv = false;
    } else {
      const port = epsvPort(res.message);
      if (port) target = { host: control.replace(/^::ffff:/i, ''), port };
      else link.epsv = false;
    }
  }
  if (!target) {
    const res = await link.ftp.request('PASV');
    target = pasvTarget(res.message, control);
    if (!target) throw new Error(`Could not read the passive address in "${res.message}".`);
  }
  link.ftp.dataSocket = await dial(link, target);
}

function dial(link: DataLink, target: { host: string; port: number }): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const raw: Socket = netConnect({ host: target.host, port: target.port });
    const timer = setTimeout(() => {
      raw.destroy();
      reject(
        new Error(
          `Timeout when opening the passive data connection to ${target.host}:${target.port}`,
        ),
      );
    }, link.timeoutMs);
    raw.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`Can't open the passive data connection: ${e.message}`));
    });
    raw.once('connect', () => {
      clearTimeout(timer);
      raw.removeAllListeners('error');
      raw.setNoDelay(true);
      const session = link.reuseSession
        ? (link.ftp.tlsSessionStore ?? (link.ftp.socket as TLSSocket).getSession?.() ?? undefined)
        : undefined;
      const sock = tlsConnect({ ...link.tls, socket: raw, ...(session ? { session } : {}) });
      // The newest ticket wins (TLS 1.3 tickets are single-use on OpenSSL servers).
      sock.on('session', (s: Buffer) => (link.ftp.tlsSessionStore = s));
      sock.once('secureConnect', () => {
        link.stats.opened++;
        link.stats.lastProtocol = sock.getProtocol() ?? undefined;
        if (sock.isSessionReused()) {
          link.stats.resumed++;
          return;
        }
        // Not resumed (the server does not insist): it must be the same server all the same.
        const der = sock.getPeerCertificate()?.raw;
        if (!der || fingerprintOfCertificate(der) !== link.fingerprint) {
          sock.destroy(
            new Error(
              'The data connection showed another certificate than the control connection.',
            ),
          );
        }
      });
      resolve(sock);
    });
  });
}
