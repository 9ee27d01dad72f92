/**
 * The FTPS front end (contract §12): an implicit-TLS listener (ftps://) and an explicit one
 * (ftpes://, AUTH TLS), both serving ftp-session.ts with the emulator's certificate. Each control
 * connection gets its own TLS context, so a data connection that resumes a session can only be
 * resuming one that this control connection began (the check ProFTPD makes; see docs/emulator.md).
 * node.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createSecureContext, Server as TlsServer, TLSSocket, type SecureContext } from 'node:tls';
import type { EmulatorEmitter } from '../events.ts';
import type { LoginGuard } from '../auth/auth.ts';
import { refusalMessage, type Refusal, type RefusalLimits } from '../auth/refusals.ts';
import type { DiskUsage } from '../vfs/disk-usage.ts';
import type { OpenWrites } from '../vfs/uploads.ts';
import { loadOrCreateCertificate } from './certificate.ts';
import { normalizeAddress, serveFtp, type FtpLogin } from './ftp-session.ts';

export type FtpsConfig = {
  dataDir: string;
  host: string;
  /** Implicit TLS port (0 = any free port); undefined = no implicit listener. */
  implicitPort?: number;
  /** Explicit TLS port (0 = any free port); undefined = no explicit listener. */
  explicitPort?: number;
  passivePorts?: { min: number; max: number };
  /** Default true: data connections must resume the control connection's TLS session. */
  requireSessionReuse?: boolean;
  login: FtpLogin;
  guard: LoginGuard;
  openWrites: OpenWrites;
  usage: DiskUsage;
  events: EmulatorEmitter;
  clock: () => number;
  idleTimeoutMs: number;
  maxConnections: number;
  /** The limits refusals name (issue 14); its `loginTimeoutMs` closes a connection not logged in. */
  limits: RefusalLimits;
  log: (e: { level: 'info' | 'warn' | 'error'; message: string }) => void;
};

export type RunningFtps = {
  implicitPort?: number;
  explicitPort?: number;
  /** `SHA256:<base64>` of the certificate's DER bytes. */
  certificateFingerprint: string;
  close(): Promise<void>;
};

/** Starts the FTPS listeners; rejects (after closing what it opened) if one cannot listen. */
export async function startFtps(config: FtpsConfig): Promise<RunningFtps> {
  const cert = await loadOrCreateCertificate(config.dataDir);
  const sockets = new Set<Socket>();
  const servers: Server[] = [];

  /** Why a new control connection is refused (ban, then caps), or undefined. */
  const refusalOf = (address: string): Refusal | undefined => {
    const until = config.guard.bannedUntil(address);
    if (until !== undefined) return { kind: 'banned', untilMs: until, nowMs: config.clock() };
    // This socket is already in `sockets`.
    if (sockets.size > config.maxConnections) return { kind: 'total' };
    if (config.guard.sessions(address) >= config.limits.maxSessionsPerAddress) {
      return { kind: 'per-address' };
    }
    return undefined;
  };

  const accept = (implicit: boolean) => (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.setNoDelay(true);
    const address = normalizeAddress(socket.remoteAddress ?? '');
    const refusal = refusalOf(address);
    if (refusal || !config.guard.openSession(address)) {
      const message = refusalMessage(refusal ?? { kind: 'per-address' }, config.limits);
      config.log({ level: 'warn', message: `FTPS connection from ${address} refused: ${message}` });
      const tls = implicit ? createSecureContext({ cert: cert.cert, key: cert.key }) : undefined;
      refuseWith421(socket, message, tls);
      return;
    }
    serveFtp({
      socket,
      implicit,
      tls: sessionTls(
        createSecureContext({ cert: cert.cert, key: cert.key, minVersion: 'TLSv1.2' }),
      ),
      host: config.host,
      ...(config.passivePorts ? { passivePorts: config.passivePorts } : {}),
      requireSessionReuse: config.requireSessionReuse ?? true,
      login: config.login,
      // Login deadline (issue 14): told with 421 naming the limit, then closed.
      loginDeadline: {
        ms: config.limits.loginTimeoutMs,
        message: refusalMessage({ kind: 'login-timeout' }, config.limits),
        onExpired: () =>
          config.log({
            level: 'info',
            message: `closing an FTPS connection from ${address} that did not log in`,
          }),
      },
      openWrites: config.openWrites,
      usage: config.usage,
      events: config.events,
      clock: config.clock,
      idleTimeoutMs: config.idleTimeoutMs,
      onClosed: () => config.guard.closeSession(address),
    });
  };

  const listen = async (port: number, implicit: boolean): Promise<number> => {
    const server = createServer(accept(implicit));
    // Room to tell a few over the cap why (421); beyond that, a flood is dropped silently.
    server.maxConnections = config.maxConnections + 32;
    servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err: Error) =>
      config.log({ level: 'error', message: `FTPS server error: ${err.message}` }),
    );
    return (server.address() as AddressInfo).port;
  };

  const close = async (): Promise<void> => {
    const closed = servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
    for (const s of sockets) s.destroy();
    await Promise.all(closed);
  };

  try {
    const implicitPort =
      config.implicitPort === undefined ? undefined : await listen(config.implicitPort, true);
    const explicitPort =
      config.explicitPort === undefined ? undefined : await listen(config.explicitPort, false);
    return {
      ...(implicitPort !== undefined ? { implicitPort } : {}),
      ...(explicitPort !== undefined ? { explicitPort } : {}),
      certificateFingerprint: cert.fingerprint,
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * Replies `421 <message>` and closes (RFC 959: service not available, closing the control
 * connection). On an implicit-TLS port the reply goes inside TLS, as the client expects.
 */
function refuseWith421(socket: Socket, message: string, tls: SecureContext | undefined): void {
  const line = `421 ${message}\r\n`;
  const force = setTimeout(() => socket.destroy(), 5000);
  force.unref();
  socket.once('close', () => clearTimeout(force));
  if (!tls) {
    socket.end(line);
    return;
  }
  const secure = new TLSSocket(socket, { isServer: true, secureContext: tls });
  secure.on('error', () => socket.destroy());
  secure.once('secure', () => secure.end(line));
}

/**
 * The TLS context and session-id store of one control connection. Node resumes TLS 1.3 and
 * ticket sessions with the context's own ticket keys; TLS 1.2 session ids (curl turns tickets
 * off) go through the `newSession`/`resumeSession` events of the `server` given to each
 * TLSSocket. Both are per connection, so only this connection's sessions can be resumed.
 */
function sessionTls(secureContext: SecureContext): {
  secureContext: SecureContext;
  server: TlsServer;
} {
  renewTicketsOnResume(secureContext);
  const server = new TlsServer({});
  const sessions = new Map<string, Buffer>();
  server.on('newSession', (id: Buffer, data: Buffer, done: () => void) => {
    // A session lives as long as the connection; a few dozen ids at most (one per transfer).
    if (sessions.size >= 256) sessions.delete(sessions.keys().next().value ?? '');
    sessions.set(id.toString('hex'), data);
    done();
  });
  server.on('resumeSession', (id: Buffer, done: (err: Error | null, data?: Buffer) => void) => {
    done(null, sessions.get(id.toString('hex')));
  });
  return { secureContext, server };
}

/** Node's native context behind a SecureContext (not in its typings). */
type NativeContext = {
  enableTicketKeyCallback?: () => void;
  onticketkeycallback?: (name: Buffer, iv: Buffer, enc: boolean) => unknown[];
};

/**
 * TLS 1.3 clients resume with tickets, and OpenSSL sends none on a resumed connection unless the
 * ticket callback asks it to renew. Clients that keep the session of their latest data
 * connection (curl) then offer a ticketless session on the next one and get a full handshake,
 * which session reuse must refuse: every other transfer failed with curl (curl/curl#3002). So this
 * context's ticket keys are its own (random, per connection) and each resumption renews the
 * ticket, as ProFTPD's and FileZilla Server's do. Uses Node's ticket-key callback hook (stable
 * since Node 0.11 but undocumented); without it, Node's default keys are kept.
 */
function renewTicketsOnResume(secureContext: SecureContext): void {
  const native = (secureContext as unknown as { context?: NativeContext }).context;
  if (typeof native?.enableTicketKeyCallback !== 'function') return;
  const keyName = randomBytes(16);
  const hmacKey = randomBytes(32);
  const aesKey = randomBytes(16);
  native.enableTicketKeyCallback();
  native.onticketkeycallback = (name, _iv, enc) => {
    if (enc) return [1, hmacKey, aesKey, keyName, randomBytes(16)];
    // Another connection's ticket: not resumable here (0 = full handshake).
    if (!name.equals(keyName)) return [0];
    return [2, hmacKey, aesKey]; // 2 = valid, and send a fresh ticket
  };
}
