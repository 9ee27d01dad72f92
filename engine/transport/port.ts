/**
 * The transport port: what everything above the wire (uploads, watching, history, templates,
 * the doctor, the CLI) uses to talk to a platform's drop folder, whatever the protocol. SFTP
 * (`sftp/connect.ts`) is the first adapter; FTPS (docs/drop-folder-contract.md §12) is the second.
 * Paths are workspace paths (`/Leads/Import/New/x.csv`). Every call returns a Result; none throws.
 * node.
 */
import type { Hash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import type { EngineError, Result } from '../result.ts';

/** The protocols a site can speak. `ftps` is implicit TLS, `ftpes` explicit TLS (AUTH TLS). */
export type TransportProtocol = 'sftp' | 'ftps' | 'ftpes';

export type { TrustDecision } from '../../core/ipc/contract.ts';

/** How the server's identity was trusted: pinned, accepted now, only for this connection, or by the system's CAs. */
export type IdentityTrust = 'known' | 'accept' | 'once' | 'ca';

/** The identity a server proves: an SSH host key, or (FTPS) a TLS certificate. */
export type ServerIdentity = {
  /** SSH: the key type (`ssh-ed25519`); TLS: `x509`. */
  type: string;
  /** `SHA256:<base64>` of the key blob (SSH) or of the certificate's DER bytes (TLS). */
  fingerprint: string;
};

/**
 * FTPS (contract §12): the server's TLS certificate as shown when it is not trusted by the
 * system's CAs (like an unknown host key, with what a person needs to judge it). `type` is `x509`.
 */
export type CertificateIdentity = ServerIdentity & {
  subject: string;
  issuer: string;
  /** ISO dates. */
  validFrom: string;
  validTo: string;
  /** Why the system's CAs do not vouch for it (self-signed, expired, another host name, …); absent when they do. */
  reason?: string;
};

/** FTPS problems the doctor and the UI tell apart (an addition for the FTPS adapter). */
export type FtpsProblem =
  /** The server offers no TLS (AUTH TLS refused, or plain FTP on the implicit port): no password was sent. */
  | 'no-tls'
  /** The TLS handshake failed (old protocol, no common cipher, not a TLS server). */
  | 'tls-handshake'
  /** A data connection was refused because it did not resume the control connection's TLS session. */
  | 'session-reuse'
  /** The passive data connection could not be opened (a firewall blocks the passive ports). */
  | 'passive-blocked'
  /** The server refused to protect data connections (PROT P). */
  | 'prot-refused';

/** Where a connection attempt got to; errors say which stage failed (the doctor's steps). */
export type ConnectStage = 'reach' | 'banner' | 'host-key' | 'login' | 'sftp' | 'ready';

/** A connection failure: the engine error plus the stage it failed at. */
export type ConnectError = EngineError & {
  stage: ConnectStage;
  /** The identity the server showed, when the failure is about it. */
  hostKey?: ServerIdentity;
  /** FTPS: which FTPS-specific problem this is, when it is one. */
  ftpsProblem?: FtpsProblem;
};

/** One directory entry. */
export type RemoteEntry = { name: string; size: number; mtimeMs: number; isDirectory: boolean };
export type RemoteStat = { size: number; mtimeMs: number; isDirectory: boolean };

/** Sending a byte range of an open local file into a remote file (the fast path of an upload). */
export type WriteFromFileOptions = {
  remotePath: string;
  file: FileHandle;
  /** Byte range of the local file to send; the remote offsets are the same. `start > 0` resumes. */
  start: number;
  end: number;
  /** Updated with every byte sent, in order. */
  hasher?: Hash;
  /** Called with the contiguous acknowledged end offset as it grows. */
  onAcked?: (offset: number) => void;
  signal?: AbortSignal;
  /** Nothing acknowledged for this long → the link is treated as cut (the session is dropped). */
  inactivityTimeoutMs: number;
  /** Tuning (SFTP): the largest WRITE and most WRITEs outstanding. */
  chunkBytes?: number;
  maxInFlight?: number;
};

/** An open session with a drop folder. */
export type RemoteSession = {
  protocol: TransportProtocol;
  /** The server's identity as checked before any credential was sent. */
  hostKey: ServerIdentity;
  hostKeyTrust: IdentityTrust;
  list(dir: string): Promise<Result<RemoteEntry[]>>;
  stat(path: string): Promise<Result<RemoteStat>>;
  /** Whether a path exists (false for not-found; an error for anything else). */
  exists(path: string): Promise<Result<boolean>>;
  /** A whole small file; refuses past `maxBytes` (default 16 MiB). */
  readFile(path: string, maxBytes?: number): Promise<Result<Buffer>>;
  /** The first `maxBytes` of a file (fewer if it is shorter): header checks. */
  readHead(path: string, maxBytes: number): Promise<Result<Buffer>>;
  /** Writes a small file whole (the doctor's write probe). */
  writeSmall(path: string, data: string | Buffer): Promise<Result<void>>;
  /**
   * Sends [start, end) of a local file into `remotePath` (created or truncated when `start` is 0,
   * continued at `start` otherwise) and waits until the server has confirmed all of it.
   */
  writeFromFile(o: WriteFromFileOptions): Promise<Result<{ acked: number }>>;
  /** Feeds [0, length) of a remote file into `hasher` (checking a partial before resuming). */
  hashPrefix(
    path: string,
    length: number,
    hasher: Hash,
    inactivityTimeoutMs: number,
  ): Promise<Result<void>>;
  /** Renames; with `overwrite`, an existing target is replaced. */
  rename(from: string, to: string, opts?: { overwrite?: boolean }): Promise<Result<void>>;
  remove(path: string): Promise<Result<void>>;
  mkdir(path: string): Promise<Result<void>>;
  /** Dials again with the same options, pinned to the identity seen first. For retries after a cut. */
  reconnect(): Promise<Result<void>>;
  /** Whether the connection has dropped (or was closed). */
  readonly closed: boolean;
  /** Drops the connection at once (a stalled transfer). */
  destroy(): void;
  close(): Promise<void>;
};
