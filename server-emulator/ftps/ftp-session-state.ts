/**
 * What one FTPS control connection knows between commands, shared by the command families
 * (connection-commands.ts, folder-commands.ts, transfer-commands.ts) and the data connections
 * (data-connections.ts). ftp-session.ts owns it; the families only read and set it. node.
 */
import type { Server, Socket } from 'node:net';
import { posix } from 'node:path';
import type { SecureContext, Server as TlsServer, TLSSocket } from 'node:tls';
import type { EmulatorEmitter } from '../events.ts';
import type { DiskUsage } from '../vfs/disk-usage.ts';
import type { Jail } from '../vfs/jail.ts';
import type { OpenWrites } from '../vfs/uploads.ts';
import type { WorkspaceFs } from '../vfs/workspace-fs.ts';
import type { WorkspaceRuntime } from '../config/workspace.ts';

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
  /** The running byte totals for the quota, shared by every session (vfs/disk-usage.ts). */
  usage: DiskUsage;
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

/** A data connection: its socket and whether its TLS handshake succeeded (watched from accept). */
export type DataConn = { socket: Socket; secured: Promise<boolean> };
/** A passive listener waiting for the client's data connection. */
export type Passive = { server: Server; accepted: Promise<DataConn | undefined> };
/** A transfer in progress (ABOR destroys its socket and waits for `done`). */
export type Transfer = { socket: Socket; done: Promise<void> };

export type FtpSession = {
  readonly ctx: FtpSessionContext;
  /** The client's address, normalized (`::ffff:` dropped). */
  readonly address: string;
  readonly dataTimeoutMs: number;
  secure: boolean;
  pbsz: boolean;
  protectData: boolean;
  pendingUser: string | undefined;
  account: FtpAccount | undefined;
  vfs: WorkspaceFs | undefined;
  cwd: string;
  /** The offset a REST set for the next transfer. */
  restOffset: number;
  renameFrom: string | undefined;
  passive: Passive | undefined;
  transfer: Transfer | undefined;
  /** Sends a reply (several lines when `text` has newlines). */
  reply(code: number, text: string): void;
  /** The reply for an error thrown while serving a command (ftp-replies.ts). */
  replyError(err: unknown): void;
  /** Counts as activity for the idle limit. */
  touch(): void;
  /** The control connection now (plain or TLS). */
  control(): Socket;
  /** A server-side TLS socket over `raw` with this connection's own context. */
  serverTls(raw: Socket): TLSSocket;
  /** Called once the user logged in (ends the login deadline). */
  loggedIn(): void;
};

/** What a command of a family does: `arg` is the text after the verb; `rest` a REST offset. */
export type FtpCommand = (s: FtpSession, arg: string, rest: number) => void | Promise<void>;

/** A command that needs a logged-in user's file system. */
export type FtpFileCommand = (
  s: FtpSession,
  fsys: WorkspaceFs,
  arg: string,
  rest: number,
) => void | Promise<void>;

/** `::ffff:127.0.0.1` → `127.0.0.1`. */
export function normalizeAddress(a: string): string {
  return a.startsWith('::ffff:') ? a.slice(7) : a;
}

/** A command's path argument against the current folder (empty = the current folder). */
export function resolvePath(s: FtpSession, arg: string): string {
  return posix.resolve(s.cwd, arg === '' ? '.' : arg);
}
