/**
 * Dialling an FTPS server (contract §12): TCP, then TLS — from the first byte (implicit, `ftps`)
 * or after `220` + `AUTH TLS` (explicit, `ftpes`) — TLS 1.2 or newer, the certificate trusted
 * BEFORE `USER`/`PASS` (certificate.ts), login, then `TYPE I`, `PBSZ 0`, `PROT P`. A server that
 * offers no TLS never receives the user name or password. Each stage has its own time limit, so a
 * dead link fails in seconds; the user's time on the certificate prompt is not counted. node.
 */
import { isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { Client, type FTPResponse } from 'basic-ftp';
import { errorText, ok, type Result } from '../../result.ts';
import type {
  CertificateIdentity,
  ConnectError,
  ConnectStage,
  IdentityTrust,
  TrustDecision,
} from '../port.ts';
import { seenCertificate } from './certificate.ts';
import { dialTcp } from '../tcp-dial.ts';
import { pinsOf, trustOfDecision, trustVerdict } from '../trust.ts';
import { ftpCodeOf } from './ftp-errors.ts';
import type { DataLink } from './passive.ts';

export type FtpsConnectOptions = {
  /** `ftps`: implicit TLS (port 990 by default); `ftpes`: explicit TLS, AUTH TLS (port 21). */
  protocol: 'ftps' | 'ftpes';
  host: string;
  port: number;
  username: string;
  password: string;
  /** Pinned certificate fingerprint(s) (`SHA256:<base64>`, padded or not). */
  knownHost?: { fingerprint: string } | readonly { fingerprint: string }[];
  /** Asked when the system's CAs do not vouch for the certificate and none is pinned. */
  onUnknownHostKey?: (cert: CertificateIdentity) => Promise<TrustDecision>;
  /** TCP connect (and DNS) limit. Default 10 s. */
  connectTimeoutMs?: number;
  /** Limit for each step after that (TLS handshake, greeting, each reply). Default 8 s: a dead link fails well within 10 s. */
  replyTimeoutMs?: number;
  /** TLS versions (tests; the default is TLS 1.2 or newer). */
  minVersion?: 'TLSv1.2' | 'TLSv1.3';
  maxVersion?: 'TLSv1.2' | 'TLSv1.3';
  /**
   * Skip `EPSV` and ask `PASV` straight away (servers behind NAT whose EPSV is broken; tests).
   * Default false: EPSV first, PASV when it is refused.
   */
  pasvOnly?: boolean;
  /**
   * Do NOT resume the TLS session on data connections. Only for showing how a strict server
   * (vsftpd require_ssl_reuse, ProFTPD, FileZilla Server) refuses such a client (tests). Default false.
   */
  noSessionReuse?: boolean;
  /** Remote base directory every workspace path is resolved under (plain servers). */
  root?: string;
  /** Called as each stage is passed: reach, banner (FTP greeting), host-key (TLS + certificate), login, ready. */
  onStage?: (stage: ConnectStage) => void;
};

/** A logged-in control connection. */
export type FtpsLive = {
  client: Client;
  link: DataLink;
  identity: CertificateIdentity;
  trust: IdentityTrust;
  /** FEAT said MLST (so MLSD and MLST work). */
  mlst: boolean;
  tlsProtocol: string;
  greeting: string;
};

type Fail = { ok: false; error: ConnectError };

/** Connects, checks the certificate, logs in and protects data connections. Never throws. */
export async function dialFtps(o: FtpsConnectOptions): Promise<Result<FtpsLive, ConnectError>> {
  const where = `${o.host}:${o.port}`;
  const replyMs = o.replyTimeoutMs ?? 8000;
  const sock = await reach(o);
  if (!sock.ok) return sock;
  const passed = o.onStage ?? ((): void => {});
  passed('reach');
  const raw = sock.value;
  raw.setNoDelay(true);
  raw.setKeepAlive(true, 10_000);
  const client = new Client(replyMs);
  const ftp = client.ftp;
  const failWith = (error: ConnectError): Fail => {
    ftp.closeWithError(new Error(error.message));
    raw.destroy();
    return { ok: false, error };
  };
  const tlsOptions = tlsOptionsFor(o);

  const secured = await secureControl(o, client, raw, tlsOptions, where, replyMs);
  if (!secured.ok) return failWith(secured.error);
  const tls = secured.value;
  let greeting = secured.greeting;

  // contract §11/§12: the certificate is judged before USER/PASS (and for implicit TLS, before
  // the greeting is even read).
  const judged = await judgeCertificate(o, tls, where);
  if (!judged.ok) {
    tls.destroy();
    return failWith(judged.error);
  }
  const { identity, trust } = judged.value;
  if (o.protocol === 'ftpes') passed('host-key');

  ftp.socket = tls;
  ftp.tlsOptions = tlsOptions;
  if (o.protocol === 'ftps') {
    passed('host-key');
    const hello = await greet(client, where, replyMs);
    if (!hello.ok) return failWith({ ...hello.error, hostKey: identity });
    greeting = hello.value;
    passed('banner');
  }

  const loginRefused = await logIn(o, client, where);
  if (loginRefused) return failWith({ ...loginRefused, hostKey: identity });
  passed('login');

  const settings = await protectSession(client, where);
  if (!settings.ok) return failWith({ ...settings.error, hostKey: identity });
  passed('sftp');
  passed('ready');
  return ok({
    client,
    identity,
    trust,
    mlst: settings.value.mlst,
    greeting,
    tlsProtocol: tls.getProtocol() ?? 'TLS',
    link: {
      ftp,
      tls: tlsOptions,
      fingerprint: identity.fingerprint,
      timeoutMs: replyMs,
      epsv: !o.pasvOnly,
      reuseSession: !o.noSessionReuse,
      stats: { opened: 0, resumed: 0 },
    },
  });
}

/** TLS 1.2 or newer, SNI for host names; the certificate is verified by hand (certificate.ts). */
function tlsOptionsFor(o: FtpsConnectOptions): ConnectionOptions {
  return {
    rejectUnauthorized: false, // verified by hand before any credential (certificate.ts)
    minVersion: o.minVersion ?? 'TLSv1.2',
    ...(o.maxVersion ? { maxVersion: o.maxVersion } : {}),
    host: o.host,
    ...(isIP(o.host) ? {} : { servername: o.host }),
  };
}

/**
 * TLS on the control connection: for `ftpes` the `220` greeting, `AUTH TLS` then the handshake;
 * for `ftps` the handshake from the first byte (the greeting is read later, after the certificate).
 */
async function secureControl(
  o: FtpsConnectOptions,
  client: Client,
  raw: Socket,
  tlsOptions: ConnectionOptions,
  where: string,
  replyMs: number,
): Promise<{ ok: true; value: TLSSocket; greeting: string } | Fail> {
  if (o.protocol !== 'ftpes') {
    const up = await handshake(raw, tlsOptions, where, replyMs, 'implicit');
    return up.ok ? { ok: true, value: up.value, greeting: '' } : up;
  }
  client.ftp.socket = raw;
  const hello = await greet(client, where, replyMs);
  if (!hello.ok) return hello;
  o.onStage?.('banner');
  const refused = await askForTls(client, where);
  if (refused) return { ok: false, error: refused };
  const up = await handshake(raw, tlsOptions, where, replyMs, 'explicit');
  return up.ok ? { ok: true, value: up.value, greeting: hello.value } : up;
}

/** Sends `AUTH TLS`; the error when the server refuses it or hangs up. */
async function askForTls(client: Client, where: string): Promise<ConnectError | undefined> {
  let auth: FTPResponse | Error;
  try {
    auth = await client.ftp.request('AUTH TLS');
  } catch (e) {
    auth = e as Error;
  }
  if (!(auth instanceof Error)) return undefined;
  return ftpCodeOf(auth) !== undefined
    ? noTls(where, `It refused AUTH TLS (${errorText(auth)}).`)
    : {
        code: 'interrupted',
        message: `The server at ${where} closed the connection when asked for TLS. Try again.`,
        detail: errorText(auth),
        stage: 'host-key',
      };
}

/** The certificate's identity and how far it is trusted, or why it is not (contract §11/§12). */
async function judgeCertificate(
  o: FtpsConnectOptions,
  tls: TLSSocket,
  where: string,
): Promise<Result<{ identity: CertificateIdentity; trust: IdentityTrust }, ConnectError>> {
  const seen = seenCertificate(tls, o.host);
  if (!seen) {
    return {
      ok: false,
      error: {
        code: 'host-key-rejected',
        message: `The server at ${where} showed no certificate, so it cannot be trusted. Nothing was sent.`,
        stage: 'host-key',
      },
    };
  }
  const verdict = trustVerdict(
    { fingerprint: seen.identity.fingerprint, caTrusted: seen.caTrusted },
    pinsOf(o.knownHost),
    o.onUnknownHostKey !== undefined,
  );
  const identity = seen.identity;
  if (verdict.kind === 'trusted') return ok({ identity, trust: verdict.trust });
  if (verdict.kind === 'changed') {
    return {
      ok: false,
      error: {
        code: 'host-key-changed',
        message:
          `The server's certificate has CHANGED since you last connected to ${where}. ` +
          `Expected ${verdict.expected.join(' or ')}, but the server showed ${identity.fingerprint} (${identity.subject}). ` +
          'This can mean someone is intercepting the connection. Nothing was sent (no user name, no password). Ask the platform whether they changed their certificate before you trust the new one.',
        stage: 'host-key',
        hostKey: identity,
      },
    };
  }
  if (verdict.kind === 'unknown') {
    return {
      ok: false,
      error: {
        code: 'host-key-rejected',
        message: `The server ${where} is not known yet; its certificate ${identity.fingerprint} (${identity.subject}) is not vouched for by a certificate authority. ${identity.reason ?? ''} Confirm this fingerprint with the platform, then accept it.`,
        stage: 'host-key',
        hostKey: identity,
      },
    };
  }
  return askUserToTrust(o, tls, identity, where);
}

/** Asks the user about a certificate nobody vouches for; the link may close meanwhile. */
async function askUserToTrust(
  o: FtpsConnectOptions,
  tls: TLSSocket,
  identity: CertificateIdentity,
  where: string,
): Promise<Result<{ identity: CertificateIdentity; trust: IdentityTrust }, ConnectError>> {
  let answer: TrustDecision;
  try {
    answer = (await o.onUnknownHostKey?.(identity)) ?? 'cancel';
  } catch {
    answer = 'cancel';
  }
  const t = trustOfDecision(answer);
  if (t && !tls.destroyed) return ok({ identity, trust: t });
  return {
    ok: false,
    error: {
      code: 'host-key-rejected',
      message: t
        ? `The server at ${where} closed the connection while you were deciding. Try again.`
        : `You did not trust the certificate of ${where} (${identity.fingerprint}), so nothing was sent.`,
      stage: 'host-key',
      hostKey: identity,
    },
  };
}

/** `USER`/`PASS`; the error when the server refuses them or ends the login. */
async function logIn(
  o: FtpsConnectOptions,
  client: Client,
  where: string,
): Promise<ConnectError | undefined> {
  try {
    await client.login(o.username, o.password);
    return undefined;
  } catch (e) {
    const code = ftpCodeOf(e);
    return {
      code: code === 530 || code === 430 ? 'auth-failed' : code ? 'remote-error' : 'interrupted',
      message:
        code === 530 || code === 430
          ? `Authentication failed: the server did not accept the user name and password for "${o.username}". Check them; if they are right, fetch fresh credentials from the platform (they may have expired).`
          : `The server at ${where} ended the login: ${errorText(e)}`,
      detail: errorText(e),
      stage: 'login',
    };
  }
}

/** Session settings: binary, UTF-8, protected data connections (`PBSZ 0`, `PROT P`). */
async function protectSession(
  client: Client,
  where: string,
): Promise<Result<{ mlst: boolean }, ConnectError>> {
  try {
    const feat = await client.features();
    const mlst = feat.has('MLST');
    await client.send('TYPE I');
    await client.sendIgnoringError('OPTS UTF8 ON');
    if (mlst) await client.sendIgnoringError('OPTS MLST type;size;modify;');
    await client.sendIgnoringError('PBSZ 0');
    await client.send('PROT P');
    return ok({ mlst });
  } catch (e) {
    const code = ftpCodeOf(e);
    return {
      ok: false,
      error: {
        code: code ? 'remote-error' : 'interrupted',
        message: code
          ? `The server at ${where} refused to encrypt file transfers (PROT P), so nothing is sent in the clear. Ask the platform to allow protected data connections.`
          : `The connection to ${where} was lost right after login. Try again.`,
        detail: errorText(e),
        stage: 'sftp',
        ...(code ? { ftpsProblem: 'prot-refused' as const } : {}),
      },
    };
  }
}

function noTls(where: string, why: string): ConnectError {
  return {
    code: 'remote-error',
    message: `This server does not offer encryption: ${where} speaks plain FTP only. ${why} Your user name and password were NOT sent. Ask the platform for its FTPS (ftps://) or SFTP address.`,
    stage: 'host-key',
    ftpsProblem: 'no-tls',
  };
}

/** Waits for the `220` greeting. */
async function greet(
  client: Client,
  where: string,
  replyMs: number,
): Promise<Result<string, ConnectError>> {
  try {
    const res = (await client.ftp.handle(undefined, (r, task) => {
      if (r instanceof Error) task.reject(r);
      else if (r.code >= 200 && r.code < 300) task.resolve(r);
      // 1xx (120: ready in a moment): wait for the real greeting.
      else if (r.code >= 300) task.reject(new Error(r.message));
    })) as FTPResponse;
    return ok(res.message);
  } catch (e) {
    const text = errorText(e);
    const code = ftpCodeOf(e);
    return {
      ok: false,
      error: {
        code: /Timeout/i.test(text) ? 'timeout' : code ? 'remote-error' : 'interrupted',
        message: /Timeout/i.test(text)
          ? `The server at ${where} accepted the connection but did not greet like an FTP server within ${replyMs / 1000} s. Check the host and port (FTPS is usually 990, explicit FTPS 21).`
          : code
            ? `The server at ${where} is not accepting logins now: ${text}`
            : `The server at ${where} closed the connection before greeting. Check the port (FTPS is usually 990, explicit FTPS 21); the server may also be limiting connections.`,
        detail: text,
        stage: 'banner',
      },
    };
  }
}

function handshake(
  raw: Socket,
  options: ConnectionOptions,
  where: string,
  limitMs: number,
  mode: 'implicit' | 'explicit',
): Promise<Result<TLSSocket, ConnectError>> {
  return new Promise((resolve) => {
    let firstBytes = '';
    const peek = (d: Buffer): void => {
      if (firstBytes.length < 8) firstBytes += d.toString('latin1', 0, 8);
    };
    if (mode === 'implicit') raw.on('data', peek);
    const sock = tlsConnect({ ...options, socket: raw });
    const timer = setTimeout(() => {
      sock.destroy();
      resolve({
        ok: false,
        error: {
          code: 'timeout',
          message: `The server at ${where} did not complete the TLS handshake within ${limitMs / 1000} s. ${mode === 'implicit' ? 'It may not speak implicit FTPS on this port (try ftpes:// on port 21).' : 'Try again later.'}`,
          stage: 'host-key',
          ftpsProblem: 'tls-handshake',
        },
      });
    }, limitMs);
    sock.once('secureConnect', () => {
      clearTimeout(timer);
      raw.off('data', peek);
      sock.removeAllListeners('error');
      resolve(ok(sock));
    });
    sock.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      raw.off('data', peek);
      const text = errorText(e);
      const plain =
        /^\d{3}[ -]/.test(firstBytes) ||
        /wrong version number|packet length too long|http request/i.test(text);
      if (mode === 'implicit' && plain) {
        resolve({
          ok: false,
          error: {
            ...noTls(
              where,
              'It answered in plain text where implicit TLS (ftps://) was expected. If it offers explicit TLS, use ftpes:// (usually port 21).',
            ),
            detail: text,
          },
        });
        return;
      }
      resolve({
        ok: false,
        error: {
          code: 'remote-error',
          message: /version|protocol/i.test(text)
            ? `The TLS handshake with ${where} failed: the server does not offer TLS 1.2 or newer. Ask the platform to enable TLS 1.2+.`
            : `The TLS handshake with ${where} failed. The server may not speak FTPS on this port, or offers no encryption this app accepts.`,
          detail: text,
          stage: 'host-key',
          ftpsProblem: 'tls-handshake',
        },
      });
    });
  });
}

/** TCP (and DNS) with plain-words failures. */
function reach(o: FtpsConnectOptions): Promise<Result<Socket, ConnectError>> {
  return dialTcp({
    host: o.host,
    port: o.port,
    ...(o.connectTimeoutMs !== undefined ? { connectTimeoutMs: o.connectTimeoutMs } : {}),
    usual:
      o.protocol === 'ftps' ? { name: 'FTPS', port: 990 } : { name: 'explicit FTPS', port: 21 },
  });
}
