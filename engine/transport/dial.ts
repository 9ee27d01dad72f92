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
  defaultPort,
  parseRemoteAddress,
  type RemoteAddress,
} from '../../core/profiles/remote-address.ts';

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
