/**
 * Which protocol a server speaks, for an address pasted without one (issue 11): an SSH greeting
 * (`SSH-2.0-…`), implicit TLS (a TLS handshake from the first byte), or an FTP greeting (`220`)
 * that accepts `AUTH TLS` (explicit TLS). Sends no user name and no password; each candidate has
 * a short time limit. node.
 */
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { TransportProtocol } from '../port.ts';

export type ProbeCandidate = { protocol: TransportProtocol; port: number };

export type ProbeFinding = ProbeCandidate & {
  speaks: boolean;
  /** Plain words: what was heard (or not) on that port. */
  words: string;
};

export type ProbeResult = {
  /** The first candidate that speaks its protocol, if any. */
  found?: ProbeCandidate;
  findings: ProbeFinding[];
};

/** The usual order: SFTP on 22, implicit FTPS on 990, explicit FTPS on 21. */
export const defaultProbeOrder: readonly ProbeCandidate[] = [
  { protocol: 'sftp', port: 22 },
  { protocol: 'ftps', port: 990 },
  { protocol: 'ftpes', port: 21 },
];

/** SPOTIO publishes FTPS: implicit first, then explicit (then SFTP). */
export const spotioProbeOrder: readonly ProbeCandidate[] = [
  { protocol: 'ftps', port: 990 },
  { protocol: 'ftpes', port: 21 },
  { protocol: 'sftp', port: 22 },
];

/** Tries each candidate in order and stops at the first that speaks. Never throws. */
export async function probeServer(
  host: string,
  candidates: readonly ProbeCandidate[] = defaultProbeOrder,
  timeoutMs = 4000,
): Promise<ProbeResult> {
  const findings: ProbeFinding[] = [];
  for (const c of candidates) {
    const f = await probeOne(host, c, timeoutMs);
    findings.push(f);
    if (f.speaks) return { found: { protocol: c.protocol, port: c.port }, findings };
  }
  return { findings };
}

async function probeOne(host: string, c: ProbeCandidate, ms: number): Promise<ProbeFinding> {
  const where = `${host}:${c.port}`;
  const sock = await dial(host, c.port, ms);
  if (typeof sock === 'string') return { ...c, speaks: false, words: `${where}: ${sock}` };
  try {
    if (c.protocol === 'ftps') {
      const tls = await new Promise<string | undefined>((resolve) => {
        const t = tlsConnect({
          socket: sock,
          rejectUnauthorized: false,
          minVersion: 'TLSv1.2',
          ...(isIP(host) ? {} : { servername: host }),
        });
        const timer = setTimeout(() => resolve(undefined), ms);
        t.once('secureConnect', () => {
          clearTimeout(timer);
          resolve(t.getProtocol() ?? 'TLS');
          t.destroy();
        });
        t.once('error', () => {
          clearTimeout(timer);
          resolve(undefined);
        });
      });
      return tls
        ? { ...c, speaks: true, words: `${where} speaks FTPS with implicit TLS (${tls}).` }
        : { ...c, speaks: false, words: `${where} did not start TLS (not implicit FTPS).` };
    }
    const first = await firstLine(sock, ms);
    if (c.protocol === 'sftp') {
      return /^SSH-2\.0-/.test(first)
        ? { ...c, speaks: true, words: `${where} speaks SSH (SFTP): ${first.slice(0, 60)}` }
        : { ...c, speaks: false, words: `${where} did not greet like an SSH server.` };
    }
    if (!/^220/.test(first)) {
      return { ...c, speaks: false, words: `${where} did not greet like an FTP server.` };
    }
    sock.write('AUTH TLS\r\n');
    const auth = await firstLine(sock, ms);
    return /^234/.test(auth)
      ? { ...c, speaks: true, words: `${where} speaks FTP and offers explicit TLS (AUTH TLS).` }
      : {
          ...c,
          speaks: false,
          words: `${where} speaks plain FTP but refused AUTH TLS: this server does not offer encryption, so no password will be sent to it.`,
        };
  } finally {
    sock.destroy();
  }
}

function dial(host: string, port: number, ms: number): Promise<Socket | string> {
  return new Promise((resolve) => {
    const s = netConnect({ host, port });
    const timer = setTimeout(() => {
      s.destroy();
      resolve(`no answer within ${ms / 1000} s`);
    }, ms);
    s.once('connect', () => {
      clearTimeout(timer);
      s.removeAllListeners('error');
      s.on('error', () => undefined);
      resolve(s);
    });
    s.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(e.code === 'ECONNREFUSED' ? 'nothing listens on that port' : (e.code ?? e.message));
    });
  });
}

/** The first complete line the server sends (the last line of a multi-line FTP reply). */
function firstLine(sock: Socket, ms: number): Promise<string> {
  return new Promise((resolve) => {
    let buf = '';
    const done = (v: string): void => {
      clearTimeout(timer);
      sock.off('data', onData);
      resolve(v);
    };
    const onData = (d: Buffer): void => {
      buf += d.toString('latin1');
      const lines = buf.split(/\r?\n/);
      for (const l of lines.slice(0, -1)) {
        // SSH: the version line; FTP: the final line of a reply (`220 `, not `220-`).
        if (/^SSH-/.test(l) || /^\d{3} /.test(l)) return done(l);
      }
      if (buf.length > 8192) done(buf.slice(0, 200));
    };
    const timer = setTimeout(() => done(buf.slice(0, 200)), ms);
    sock.on('data', onData);
  });
}
