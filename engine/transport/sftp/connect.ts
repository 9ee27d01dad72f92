/**
 * The ONE factory for SSH connections (contract §11): it dials TCP itself (so DNS failures,
 * refusals and timeouts are told apart), sets TCP_NODELAY, always verifies the host key by its
 * SHA-256 fingerprint BEFORE any credential is sent, and wraps ssh2's SFTP in a small session of
 * Result-returning calls. No other file may construct ssh2's Client (a test greps for it). node.
 */
import type { Socket } from 'node:net';
import { posix } from 'node:path';
import ssh2 from 'ssh2';
import type { ConnectConfig, SFTPWrapper, Stats } from 'ssh2';
import { errorText, fail, ok, type EngineErrorCode, type Result } from '../../result.ts';
import { fingerprintOfKeyBlob, keyTypeOfBlob, type HostKey } from '../../fingerprint.ts';
import type {
  ConnectError,
  ConnectStage,
  RemoteEntry,
  RemoteSession,
  RemoteStat,
  TrustDecision,
} from '../port.ts';
import { hashRemotePrefix, pipelinedWrite } from './sftp-transfer.ts';
import { pinsOf, trustVerdict } from '../trust.ts';
import { dialTcp } from '../tcp-dial.ts';
import { closeRemote, openRemote, readRemoteHead, writeRemoteSmall } from './sftp-files.ts';

export type { HostKey } from '../../fingerprint.ts';
export type {
  ConnectError,
  ConnectStage,
  RemoteEntry,
  RemoteStat,
  TrustDecision,
} from '../port.ts';

/** An open SFTP session: the transport port's SFTP adapter. */
export type SftpSession = RemoteSession;

export type SecretAuth =
  { password: string } | { privateKey: string | Buffer; passphrase?: string };

export type ConnectOptions = {
  host: string;
  port: number;
  username: string;
  auth: SecretAuth;
  /** The pinned key(s) for this host; any of them matches (load balancers may have several). */
  knownHost?: { fingerprint: string } | readonly { fingerprint: string }[];
  /** Asked on first contact; without it an unknown key is rejected. */
  onUnknownHostKey?: (key: HostKey) => Promise<TrustDecision>;
  /** TCP connect (and DNS) limit. Default 10 s. */
  connectTimeoutMs?: number;
  /** Limit for greeting + key exchange + login, not counting time the user spends on a prompt. Default 20 s. */
  readyTimeoutMs?: number;
  /**
   * SSH keepalive: a ping every interval, and the connection is dropped once the server has
   * sent nothing at all (no ping reply, no SFTP answer, no window update) for interval × count.
   * Defaults 2 s × 3: a dead or stalled link fails in about 6 s (issue: "within seconds").
   * Counting any byte, not only ping replies, keeps a slow but moving link up: there a ping
   * waits behind every byte already queued (1 MiB at 64 KB/s is 16 s), while acknowledgements
   * keep arriving. 0 turns keepalive off.
   */
  keepaliveIntervalMs?: number;
  keepaliveCountMax?: number;
  /**
   * Remote base directory every workspace path is resolved under (for plain servers whose
   * paths are OS paths, e.g. a test sshd). Default: none (the workspace root is `/`).
   */
  root?: string;
  /** Replaces the TCP dial (tests). Must resolve to a connected socket. */
  socketFactory?: () => Promise<Socket>;
  /** Called as each stage is passed, for progress displays and the doctor. */
  onStage?: (stage: ConnectStage) => void;
  /**
   * Also offer the SHA-1 algorithms (`ssh-rsa` host-key signatures, `hmac-sha1*`, SHA-1 key
   * exchange) for an old server that has nothing better. Off by default (issue 14); a site
   * turns it on explicitly (`Site.allowSha1`).
   */
  allowSha1?: boolean;
};

/** ssh2 1.17's default host-key formats without `ssh-rsa` (RSA keys still work via rsa-sha2-*). */
const hostKeyFormats = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
];
/** ssh2 1.17's default MACs without `hmac-sha1*`. */
const macs = [
  'hmac-sha2-256-etm@openssh.com',
  'hmac-sha2-512-etm@openssh.com',
  'hmac-sha2-256',
  'hmac-sha2-512',
];
/** ssh2 1.17's default key exchange (it already has no SHA-1). */
const kexMethods = [
  'curve25519-sha256@libssh.org',
  'curve25519-sha256',
  'ecdh-sha2-nistp256',
  'ecdh-sha2-nistp384',
  'ecdh-sha2-nistp521',
  'diffie-hellman-group-exchange-sha256',
  'diffie-hellman-group14-sha256',
  'diffie-hellman-group15-sha512',
  'diffie-hellman-group16-sha512',
  'diffie-hellman-group17-sha512',
  'diffie-hellman-group18-sha512',
];
const sha1HostKeyFormats = ['ssh-rsa'];
const sha1Macs = ['hmac-sha1-etm@openssh.com', 'hmac-sha1'];
const sha1Kex = ['diffie-hellman-group14-sha1', 'diffie-hellman-group-exchange-sha1'];

/**
 * The algorithms this client offers (issue 14): no SHA-1 unless `allowSha1`, and then the SHA-1
 * ones come last, so a server that also has better ones still gets those.
 */
export function sshAlgorithms(allowSha1 = false): {
  kex: string[];
  serverHostKey: string[];
  hmac: string[];
} {
  return allowSha1
    ? {
        kex: [...kexMethods, ...sha1Kex],
        serverHostKey: [...hostKeyFormats, ...sha1HostKeyFormats],
        hmac: [...macs, ...sha1Macs],
      }
    : { kex: [...kexMethods], serverHostKey: [...hostKeyFormats], hmac: [...macs] };
}

const { Client, utils } = ssh2;

/** Dials, checks the host key, logs in and opens SFTP. Never throws. */
export async function connectSftp(
  opts: ConnectOptions,
): Promise<Result<SftpSession, ConnectError>> {
  const first = await dial(opts);
  if (!first.ok) return first;
  let live = first.value;
  const hostKey = live.hostKey;
  const root = opts.root ? posix.resolve('/', opts.root) : '';
  const full = (p: string): string => {
    const clean = posix.resolve('/', p);
    return root ? posix.join(root, clean) : clean;
  };
  const call = <T>(
    fn: (sftp: SFTPWrapper, done: (err: unknown, v?: T) => void) => void,
  ): Promise<Result<T>> =>
    new Promise((resolve) => {
      if (live.closed) {
        resolve(fail('interrupted', 'The connection to the server was lost. Try again.'));
        return;
      }
      try {
        fn(live.sftp, (err, v) => resolve(err ? fail(...sftpError(err)) : ok(v as T)));
      } catch (e) {
        resolve(fail('internal', 'The SFTP request could not be made.', errorText(e)));
      }
    });

  const session: SftpSession = {
    protocol: 'sftp',
    hostKey,
    hostKeyTrust: live.trust,
    get closed() {
      return live.closed;
    },
    list: (dir) =>
      call<RemoteEntry[]>((sftp, done) =>
        sftp.readdir(full(dir), (err, list) =>
          done(
            err,
            (list ?? []).map((e) => ({
              name: e.filename,
              size: Number(e.attrs.size ?? 0),
              mtimeMs: (e.attrs.mtime ?? 0) * 1000,
              isDirectory: isDir(e.attrs.mode),
            })),
          ),
        ),
      ),
    stat: (path) =>
      call<RemoteStat>((sftp, done) =>
        sftp.stat(full(path), (err, st: Stats) =>
          done(
            err,
            st
              ? { size: Number(st.size), mtimeMs: st.mtime * 1000, isDirectory: isDir(st.mode) }
              : undefined,
          ),
        ),
      ),
    exists: async (path) => {
      const st = await session.stat(path);
      if (st.ok) return ok(true);
      return st.error.code === 'not-found' ? ok(false) : st;
    },
    readFile: async (path, maxBytes = 16 * 1024 * 1024) => {
      const st = await session.stat(path);
      if (!st.ok) return st;
      if (st.value.size > maxBytes) {
        return fail(
          'too-large',
          `The file ${path} is ${st.value.size} bytes, more than the ${maxBytes} this screen reads.`,
        );
      }
      return call<Buffer>((sftp, done) =>
        sftp.readFile(full(path), (err, data) => done(err, data)),
      );
    },
    rename: async (from, to, o) => {
      const f = full(from);
      const t = full(to);
      if (o?.overwrite) {
        // posix-rename replaces atomically where the server has it (OpenSSH).
        const posixRename = await call<void>((sftp, done) =>
          sftp.ext_openssh_rename(f, t, (e) => done(e)),
        );
        if (posixRename.ok) return posixRename;
        if (!/does not support/i.test(posixRename.error.detail ?? posixRename.error.message)) {
          return posixRename;
        }
        const plain = await call<void>((sftp, done) => sftp.rename(f, t, (e) => done(e)));
        if (plain.ok) return plain;
        // The target exists and the server has no atomic replace: remove it, then rename.
        const there = await session.exists(to);
        if (!there.ok || !there.value) return plain;
        const rm = await session.remove(to);
        if (!rm.ok) return rm;
        return call<void>((sftp, done) => sftp.rename(f, t, (e) => done(e)));
      }
      return call<void>((sftp, done) => sftp.rename(f, t, (e) => done(e)));
    },
    remove: (path) => call<void>((sftp, done) => sftp.unlink(full(path), (e) => done(e))),
    mkdir: (path) => call<void>((sftp, done) => sftp.mkdir(full(path), (e) => done(e))),
    reconnect: async () => {
      live.destroy();
      const again = await dial({
        ...opts,
        knownHost: { fingerprint: hostKey.fingerprint },
        onUnknownHostKey: undefined,
      });
      if (!again.ok) {
        const { stage: _stage, hostKey: _hk, ...error } = again.error;
        return { ok: false, error };
      }
      live = again.value;
      return ok(undefined);
    },
    destroy: () => live.destroy(),
    close: () => live.close(),
    readHead: (path, maxBytes) => readRemoteHead(live.sftp, full(path), maxBytes),
    writeSmall: (path, data) => writeRemoteSmall(live.sftp, full(path), data),
    writeFromFile: async (w) => {
      if (live.closed) {
        return fail('interrupted', 'The connection to the server was lost. Try again.');
      }
      const { sftp } = live;
      const handle = await openRemote(sftp, full(w.remotePath), w.start > 0 ? 'r+' : 'w');
      if (!handle.ok) return handle;
      const sent = await pipelinedWrite({
        sftp,
        handle: handle.value,
        file: w.file,
        start: w.start,
        end: w.end,
        chunkBytes: w.chunkBytes,
        maxInFlight: w.maxInFlight,
        hasher: w.hasher,
        onAcked: w.onAcked,
        signal: w.signal,
        inactivityTimeoutMs: w.inactivityTimeoutMs,
        onStall: () => live.destroy(),
      });
      if (!sent.ok) {
        if (!live.closed) await closeRemote(sftp, handle.value, w.inactivityTimeoutMs);
        return sent;
      }
      const closed = await closeRemote(sftp, handle.value, w.inactivityTimeoutMs);
      return closed.ok ? sent : closed;
    },
    hashPrefix: (path, length, hasher, inactivityTimeoutMs) =>
      live.closed
        ? Promise.resolve(fail('interrupted', 'The connection to the server was lost. Try again.'))
        : hashRemotePrefix(live.sftp, full(path), length, hasher, inactivityTimeoutMs),
  };
  return ok(session);
}

type Live = {
  sftp: SFTPWrapper;
  hostKey: HostKey;
  trust: 'known' | 'accept' | 'once';
  closed: boolean;
  destroy(): void;
  close(): Promise<void>;
};

async function dial(opts: ConnectOptions): Promise<Result<Live, ConnectError>> {
  const where = `${opts.host}:${opts.port}`;
  const authCheck = checkAuth(opts.auth);
  if (!authCheck.ok) return { ok: false, error: { ...authCheck.error, stage: 'login' } };

  const sock = await reach(opts);
  if (!sock.ok) return sock;
  opts.onStage?.('reach');
  const socket = sock.value;
  socket.setNoDelay(true);
  socket.setKeepAlive(true, 10_000);

  return new Promise((resolve) => {
    const client = new Client();
    let stage: ConnectStage = 'banner';
    let settled = false;
    let decided: ConnectError | undefined;
    let trust: 'known' | 'accept' | 'once' = 'known';
    let seenKey: HostKey | undefined;
    let timer: NodeJS.Timeout | undefined;
    // What the server offered, read from ssh2's handshake log, to explain a failed negotiation.
    const offered: ServerOffer = {};
    const readyMs = opts.readyTimeoutMs ?? 20_000;
    const keepalive = {
      intervalMs: opts.keepaliveIntervalMs ?? defaultKeepalive.intervalMs,
      countMax: opts.keepaliveCountMax ?? defaultKeepalive.countMax,
    };
    const armTimer = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const what =
          stage === 'banner'
            ? `The server at ${where} accepted the connection but did not answer like an SSH server within ${seconds(readyMs)}. Check the host and port (SFTP is usually port 22), or try again later.`
            : `The server at ${where} stopped answering during ${stageWords(stage)} (waited ${seconds(readyMs)}). Try again; if it keeps happening, the network or the server is too slow.`;
        finish({ ok: false, error: { code: 'timeout', message: what, stage } });
        socket.destroy();
      }, readyMs);
    };
    const finish = (r: Result<Live, ConnectError>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!r.ok) {
        client.removeAllListeners('ready');
        try {
          client.end();
        } catch {
          /* already gone */
        }
        socket.destroy();
      }
      resolve(r);
    };

    // The first bytes from the server are its SSH greeting.
    socket.once('data', () => {
      if (stage === 'banner') {
        stage = 'host-key';
        opts.onStage?.('banner');
      }
    });

    const hostVerifier = (key: Buffer, verify: (ok: boolean) => void): void => {
      stage = 'host-key';
      const seen: HostKey = { type: keyTypeOfBlob(key), fingerprint: fingerprintOfKeyBlob(key) };
      seenKey = seen;
      const verdict = trustVerdict(
        seen,
        pinsOf(opts.knownHost),
        opts.onUnknownHostKey !== undefined,
      );
      if (verdict.kind === 'trusted') {
        opts.onStage?.('host-key');
        stage = 'login';
        verify(true);
        return;
      }
      if (verdict.kind === 'changed') {
        // contract §11: a changed key blocks the connection; nothing (no password) is sent.
        decided = {
          code: 'host-key-changed',
          message:
            `The server's identity (host key) has CHANGED since you last connected to ${where}. ` +
            `Expected ${verdict.expected.join(' or ')}, but the server showed ${seen.type} ${seen.fingerprint}. ` +
            'This can mean someone is intercepting the connection. Nothing was sent. Ask the platform whether they changed their key before you trust the new one.',
          stage: 'host-key',
          hostKey: seen,
        };
        verify(false);
        return;
      }
      if (verdict.kind === 'unknown' || !opts.onUnknownHostKey) {
        decided = {
          code: 'host-key-rejected',
          message: `The server ${where} is not known yet; its host key is ${seen.type} ${seen.fingerprint}. Confirm this fingerprint with the platform, then accept it.`,
          stage: 'host-key',
          hostKey: seen,
        };
        verify(false);
        return;
      }
      clearTimeout(timer); // the user may take their time
      opts.onUnknownHostKey(seen).then(
        (answer) => {
          if (settled) return;
          if (answer === 'cancel') {
            decided = {
              code: 'host-key-rejected',
              message: `You did not trust the host key of ${where} (${seen.fingerprint}), so nothing was sent.`,
              stage: 'host-key',
              hostKey: seen,
            };
            verify(false);
            return;
          }
          trust = answer;
          armTimer();
          opts.onStage?.('host-key');
          stage = 'login';
          verify(true);
        },
        () => {
          decided = {
            code: 'host-key-rejected',
            message: 'The host key could not be confirmed, so nothing was sent.',
            stage: 'host-key',
            hostKey: seen,
          };
          verify(false);
        },
      );
    };

    client.on('error', (err: Error & { level?: string; code?: string }) => {
      if (decided) return finish({ ok: false, error: decided });
      if (!settled) {
        return finish({
          ok: false,
          error: classifyConnectError(err, stage, where, opts, offered),
        });
      }
    });
    client.on('close', () => {
      if (live) live.closed = true;
      if (decided) return finish({ ok: false, error: decided });
      finish({
        ok: false,
        error: {
          code: 'interrupted',
          message: `The server at ${where} closed the connection during ${stageWords(stage)}. Try again; if it keeps happening, the server may be refusing this address or user.`,
          stage,
        },
      });
    });
    let live: Live | undefined;
    client.on('ready', () => {
      opts.onStage?.('login');
      stage = 'sftp';
      client.sftp((err, sftp) => {
        if (err) {
          finish({
            ok: false,
            error: {
              code: 'remote-error',
              message: `Logged in to ${where}, but the server did not start SFTP. The account may allow only a shell or only SCP; ask the platform for SFTP access.`,
              detail: errorText(err),
              stage: 'sftp',
            },
          });
          return;
        }
        const key = seenKey ?? { type: 'unknown', fingerprint: 'unknown' };
        live = {
          sftp,
          hostKey: key,
          trust,
          closed: false,
          destroy: () => {
            if (live) live.closed = true;
            socket.destroy();
          },
          close: () =>
            new Promise<void>((res) => {
              if (!live || live.closed) return res();
              live.closed = true;
              socket.once('close', () => res());
              setTimeout(() => {
                socket.destroy();
                res();
              }, 2000).unref();
              try {
                client.end();
              } catch {
                socket.destroy();
              }
            }),
        };
        // After the handshake, a late error (keepalive, reset) just marks the session dead.
        client.removeAllListeners('error');
        client.on('error', () => {
          if (live) live.closed = true;
        });
        watchSilence(socket, keepalive, () => live?.destroy());
        opts.onStage?.('sftp');
        opts.onStage?.('ready');
        stage = 'ready';
        finish(ok(live));
      });
    });

    const auth: Partial<ConnectConfig> =
      'password' in opts.auth
        ? { password: opts.auth.password, tryKeyboard: false }
        : { privateKey: opts.auth.privateKey, passphrase: opts.auth.passphrase };
    armTimer();
    try {
      client.connect({
        sock: socket,
        username: opts.username,
        ...auth,
        hostVerifier,
        readyTimeout: 0,
        // ssh2 only pings; watchSilence decides when the link is dead (ssh2 would count
        // unanswered pings, which a slow link delays while its data still flows).
        keepaliveInterval: keepalive.intervalMs,
        keepaliveCountMax: Number.MAX_SAFE_INTEGER,
        agent: undefined,
        algorithms: sshAlgorithms(opts.allowSha1 === true) as ConnectConfig['algorithms'],
        debug: (line: string) => noteOffer(offered, line),
      });
    } catch (e) {
      finish({
        ok: false,
        error: {
          code: 'bad-input',
          message: 'The connection settings are not valid.',
          detail: errorText(e),
          stage: 'login',
        },
      });
    }
  });
}

/** The shipped keepalive: a ping every 2 s, dead after 6 s without a byte from the server. */
export const defaultKeepalive = { intervalMs: 2000, countMax: 3 } as const;

/**
 * Drops the connection (`onDead`) once the socket has received nothing for
 * `intervalMs × countMax`. Checked a few times per interval; stops when the socket closes.
 */
export function watchSilence(
  socket: Socket,
  keepalive: { intervalMs: number; countMax: number },
  onDead: () => void,
  now: () => number = () => performance.now(),
): void {
  if (keepalive.intervalMs <= 0) return;
  const silenceMs = keepalive.intervalMs * Math.max(1, keepalive.countMax);
  let seen = socket.bytesRead;
  let heardAt = now();
  const timer = setInterval(
    () => {
      if (socket.bytesRead !== seen) {
        seen = socket.bytesRead;
        heardAt = now();
      } else if (now() - heardAt >= silenceMs) {
        clearInterval(timer);
        onDead();
      }
    },
    Math.max(50, Math.min(500, keepalive.intervalMs / 4)),
  );
  timer.unref();
  socket.once('close', () => clearInterval(timer));
}

/** TCP (and DNS) with plain-words failures. */
async function reach(opts: ConnectOptions): Promise<Result<Socket, ConnectError>> {
  const where = `${opts.host}:${opts.port}`;
  const limit = opts.connectTimeoutMs ?? 10_000;
  if (opts.socketFactory) {
    try {
      return ok(await opts.socketFactory());
    } catch (e) {
      return {
        ok: false,
        error: {
          code: 'refused',
          message: `Could not connect to ${where}.`,
          detail: errorText(e),
          stage: 'reach',
        },
      };
    }
  }
  return dialTcp({
    host: opts.host,
    port: opts.port,
    connectTimeoutMs: limit,
    usual: { name: 'SFTP', port: 22 },
  });
}

function checkAuth(auth: SecretAuth): Result<void> {
  if ('password' in auth) return ok(undefined);
  const parsed = utils.parseKey(auth.privateKey, auth.passphrase);
  if (parsed instanceof Error) {
    const text = parsed.message;
    if (/passphrase|decrypt|bad decrypt|encrypted/i.test(text)) {
      return fail(
        'auth-failed',
        auth.passphrase
          ? 'The passphrase of the private key is wrong, so the key cannot be used. Enter the right passphrase.'
          : 'The private key is protected by a passphrase; enter it.',
        text.replace(/passphrase.*$/i, 'passphrase problem'),
      );
    }
    return fail(
      'bad-input',
      'The private key file could not be read as an SSH private key (OpenSSH or PEM format).',
      text,
    );
  }
  return ok(undefined);
}

/** The server's lists from its KEXINIT, as ssh2's debug log names them. */
type ServerOffer = { kex?: string[]; hostKey?: string[]; mac?: string[] };

/** Records the server's offers from one ssh2 debug line ("Handshake: (remote) …: a,b"). */
export function noteOffer(offered: ServerOffer, line: string): void {
  const m = /^Handshake: \(remote\) (KEX method|Host key format|C->S MAC|S->C MAC): (.*)$/.exec(
    line,
  );
  if (!m) return;
  const list = (m[2] ?? '').split(',').filter(Boolean);
  if (m[1] === 'KEX method') offered.kex = list;
  else if (m[1] === 'Host key format') offered.hostKey = list;
  else offered.mac = [...(offered.mac ?? []), ...list];
}

/**
 * A failed negotiation where the server offered only SHA-1 for that part (issue 14): which
 * part, and the SHA-1 names it offered. `undefined` when SHA-1 is not the reason.
 */
export function sha1Only(detail: string, offered: ServerOffer): string[] | undefined {
  const part = /no matching host key format/i.test(detail)
    ? { theirs: offered.hostKey, weak: sha1HostKeyFormats }
    : /no matching (C->S|S->C) MAC/i.test(detail)
      ? { theirs: offered.mac, weak: sha1Macs }
      : /no matching key exchange/i.test(detail)
        ? { theirs: offered.kex, weak: sha1Kex }
        : undefined;
  if (!part?.theirs) return undefined;
  const weak = part.theirs.filter((a) => part.weak.includes(a) || /sha1/i.test(a));
  return weak.length > 0 ? [...new Set(weak)] : undefined;
}

function classifyConnectError(
  err: Error & { level?: string; code?: string },
  stage: ConnectStage,
  where: string,
  opts: ConnectOptions,
  offered: ServerOffer = {},
): ConnectError {
  const detail = errorText(err);
  const weak = opts.allowSha1 ? undefined : sha1Only(detail, offered);
  if (weak) {
    return {
      code: 'remote-error',
      message:
        `The server at ${where} only offers SHA-1 (${weak.join(', ')}), which is weak, so this app did not connect. ` +
        'Ask the platform to enable rsa-sha2-256 (or an ed25519 host key) and hmac-sha2-256; ' +
        'or, if you accept the risk, allow SHA-1 for this site (Sites → Edit → Advanced).',
      detail,
      stage,
    };
  }
  if (err.level === 'client-authentication') {
    const how = 'password' in opts.auth ? 'user name and password' : 'user name and key';
    return {
      code: 'auth-failed',
      message: `Authentication failed: the server did not accept the ${how} for "${opts.username}". Check them; if they are right, fetch fresh credentials from the platform (they may have expired).`,
      detail,
      stage: 'login',
    };
  }
  if (err.level === 'client-timeout' || /keepalive/i.test(detail)) {
    return {
      code: 'timeout',
      message: `The server at ${where} stopped answering. Try again.`,
      detail,
      stage,
    };
  }
  if (/handshake|kex|algorithm/i.test(detail) && err.level === 'handshake') {
    return {
      code: 'remote-error',
      message: `This app and the server at ${where} found no common encryption method. The server may be very old or unusually configured.`,
      detail,
      stage,
    };
  }
  if (stage === 'banner' || /before handshake|Invalid identification|protocol/i.test(detail)) {
    return {
      code: 'interrupted',
      message: `The server at ${where} did not speak SSH or closed the connection at once. Check the port (SFTP is usually 22); the server may also be limiting connections.`,
      detail,
      stage,
    };
  }
  return {
    code: 'interrupted',
    message: `The connection to ${where} was lost during ${stageWords(stage)}. Try again.`,
    detail,
    stage,
  };
}

/** Maps an ssh2 SFTP status error to a code and a plain message. */
export function sftpError(err: unknown): [EngineErrorCode, string, string] {
  const e = err as { code?: number | string; message?: string };
  const detail = errorText(err);
  switch (e.code) {
    case 2:
    case 10:
      return ['not-found', 'The file or folder does not exist on the server.', detail];
    case 3:
      return [
        'permission-denied',
        'Permission denied: this account may not do that here. Check you use the right credentials and folder.',
        detail,
      ];
    case 14:
    case 15:
      return [
        'no-space',
        'The server is out of space (or over its quota). Free some space or ask the platform.',
        detail,
      ];
    default:
      break;
  }
  if (/limit|too large|exceeds/i.test(detail)) {
    return [
      'too-large',
      `The server refused the file as too large: ${e.message ?? ''}`.trim(),
      detail,
    ];
  }
  if (/no response|not connected|closed|ECONNRESET|socket/i.test(detail)) {
    return ['interrupted', 'The connection to the server was lost. Try again.', detail];
  }
  return ['remote-error', `The server reported a problem: ${e.message ?? 'failure'}.`, detail];
}

function isDir(mode: number | undefined): boolean {
  return ((mode ?? 0) & 0o170000) === 0o040000;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

function stageWords(stage: ConnectStage): string {
  switch (stage) {
    case 'reach':
      return 'connecting';
    case 'banner':
      return 'the greeting';
    case 'host-key':
      return 'the key exchange';
    case 'login':
      return 'login';
    case 'sftp':
      return 'starting SFTP';
    case 'ready':
      return 'the session';
  }
}
