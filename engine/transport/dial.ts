/**
 * One entry point for every caller that opens a drop-folder session (CLI, host handlers, doctor):
 * `connectRemote(opts)` picks the adapter by protocol — SSH (`sftp`, connect.ts) or FTP over TLS
 * (`ftps` implicit, `ftpes` explicit; contract §12) — and returns the same RemoteSession. Also the
 * protocols' default ports and a parser for the addresses people paste (`ftps://user@host:990`).
 * node.
 */
import { fail, type Result } from '../result.ts';
import type {
  CertificateIdentity,
  ConnectError,
  RemoteSession,
  ServerIdentity,
  TransportProtocol,
} from './port.ts';
import { connectSftp, type ConnectOptions } from './sftp/connect.ts';
import { connectFtps } from './ftps/connect.ts';

export {
  probeServer,
  defaultProbeOrder,
  spotioProbeOrder,
  type ProbeCandidate,
  type ProbeResult,
} from './ftps/probe.ts';

/** SFTP's options plus the protocol; FTPS uses host, port, username, password, pins, prompt, timeouts, root. */
export type RemoteConnectOptions = Omit<ConnectOptions, 'onUnknownHostKey'> & {
  /** Default 'sftp'. */
  protocol?: TransportProtocol;
  /**
   * Asked on first contact. SFTP passes a host key; FTPS a CertificateIdentity (the same
   * `type`/`fingerprint` plus subject, issuer, validity and why it is not trusted).
   */
  onUnknownHostKey?: (
    key: ServerIdentity | CertificateIdentity,
  ) => Promise<'accept' | 'once' | 'cancel'>;
  /** FTPS only: TLS versions (tests). */
  tlsMinVersion?: 'TLSv1.2' | 'TLSv1.3';
  tlsMaxVersion?: 'TLSv1.2' | 'TLSv1.3';
};

/** The port a protocol uses when none is given: 22, 990 (implicit TLS), 21 (explicit TLS). */
export function defaultPort(protocol: TransportProtocol): number {
  return protocol === 'sftp' ? 22 : protocol === 'ftps' ? 990 : 21;
}

/** Connects with the adapter for `opts.protocol`. Never throws. */
export async function connectRemote(
  opts: RemoteConnectOptions,
): Promise<Result<RemoteSession, ConnectError>> {
  const protocol = opts.protocol ?? 'sftp';
  if (protocol === 'sftp') {
    const { protocol: _p, tlsMinVersion: _a, tlsMaxVersion: _b, ...sftp } = opts;
    return connectSftp(sftp);
  }
  if (!('password' in opts.auth)) {
    const f = fail(
      'bad-input',
      'FTPS logs in with a user name and password; a key file works only with SFTP. Choose password login for this site.',
    );
    return { ok: false, error: { ...f.error, stage: 'login' } };
  }
  return connectFtps({
    protocol,
    host: opts.host,
    port: opts.port,
    username: opts.username,
    password: opts.auth.password,
    ...(opts.knownHost ? { knownHost: opts.knownHost } : {}),
    ...(opts.onUnknownHostKey ? { onUnknownHostKey: opts.onUnknownHostKey } : {}),
    ...(opts.connectTimeoutMs !== undefined ? { connectTimeoutMs: opts.connectTimeoutMs } : {}),
    ...(opts.readyTimeoutMs !== undefined
      ? { replyTimeoutMs: Math.min(opts.readyTimeoutMs, 8000) }
      : {}),
    ...(opts.root ? { root: opts.root } : {}),
    ...(opts.onStage ? { onStage: opts.onStage } : {}),
    ...(opts.tlsMinVersion ? { minVersion: opts.tlsMinVersion } : {}),
    ...(opts.tlsMaxVersion ? { maxVersion: opts.tlsMaxVersion } : {}),
  });
}

/** What a pasted address says: protocol, host, port (default for the protocol), maybe a user. */
export type ParsedAddress = {
  protocol: TransportProtocol;
  host: string;
  port: number;
  username?: string;
  /** True when the text named no protocol (a bare host or host:port): the caller may probe. */
  guessed: boolean;
};

/**
 * Reads `ftps://[user@]host[:port][/…]`, `ftpes://…`, `sftp://…`, `host:port` or a bare host
 * (issue 11: what people paste). A bare host or host:port is `sftp` with `guessed: true`
 * (port 990 → ftps, 21 → ftpes). Returns an error in plain words for anything else.
 */
export function parseRemoteAddress(text: string): Result<ParsedAddress> {
  const t = text.trim();
  const m =
    /^(?:([a-z]+):\/\/)?(?:([^@/\s]+)@)?(\[[0-9a-f:.]+\]|[^:/\s[\]]+)(?::(\d{1,5}))?(?:\/\S*)?$/i.exec(
      t,
    );
  if (!m || !m[3]) {
    return fail(
      'bad-input',
      `"${text}" is not a server address. Paste it as the platform shows it, e.g. ftps://ftp.example.com or sftp.example.com.`,
    );
  }
  const scheme = (m[1] ?? '').toLowerCase();
  let protocol: TransportProtocol;
  if (scheme === 'ftps' || scheme === 'ftpes' || scheme === 'sftp') protocol = scheme;
  else if (scheme === 'ftp') {
    return fail(
      'bad-input',
      'Plain ftp:// sends your password unencrypted, so this app does not use it. Ask the platform for its ftps:// or sftp:// address (or try ftpes:// with the same host).',
    );
  } else if (scheme !== '') {
    return fail(
      'bad-input',
      `The address starts with "${scheme}://"; use ftps://, ftpes:// or sftp://.`,
    );
  } else {
    protocol = m[4] === '990' ? 'ftps' : m[4] === '21' ? 'ftpes' : 'sftp';
  }
  const port = m[4] ? Number(m[4]) : defaultPort(protocol);
  if (port < 1 || port > 65535) {
    return fail('bad-input', `The port ${m[4]} is not valid; use a number from 1 to 65535.`);
  }
  const host = m[3].replace(/^\[|\]$/g, '');
  return {
    ok: true,
    value: {
      protocol,
      host,
      port,
      ...(m[2] ? { username: decodeURIComponent(m[2]) } : {}),
      guessed: scheme === '',
    },
  };
}
