/**
 * One FTPS control connection (contract §12): its bytes, AUTH TLS, the queue of commands, the idle
 * limit and the login deadline. The commands themselves are in three families, each in its own
 * file: connection-commands.ts (before login), folder-commands.ts and transfer-commands.ts (with
 * data-connections.ts). Login only over TLS; every file rule comes from the workspace file system
 * shared with SFTP (vfs/workspace-fs.ts). node.
 */
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { connectionCommands } from './connection-commands.ts';
import { abortTransfer, closePassive } from './data-connections.ts';
import { folderCommands } from './folder-commands.ts';
import { replyOf } from './ftp-replies.ts';
import {
  normalizeAddress,
  type FtpFileCommand,
  type FtpSession,
  type FtpSessionContext,
} from './ftp-session-state.ts';
import { transferCommands } from './transfer-commands.ts';

export type { FtpAccount, FtpLogin, FtpSessionContext } from './ftp-session-state.ts';
export { normalizeAddress } from './ftp-session-state.ts';

const maxLine = 8192;

/** The commands of a logged-in user, by verb. */
const fileCommands: Readonly<Record<string, FtpFileCommand>> = {
  ...folderCommands,
  ...transferCommands,
};

/** Serves one control connection until it closes. */
export function serveFtp(ctx: FtpSessionContext): void {
  let control: Socket = ctx.socket;
  let chain: Promise<void> = Promise.resolve();
  let buffered = '';
  let closed = false;
  let lastActivity = ctx.clock();

  const s: FtpSession = {
    ctx,
    address: normalizeAddress(ctx.socket.remoteAddress ?? ''),
    dataTimeoutMs: ctx.dataTimeoutMs ?? 15_000,
    secure: false,
    pbsz: false,
    protectData: false,
    pendingUser: undefined,
    account: undefined,
    vfs: undefined,
    cwd: '/',
    restOffset: 0,
    renameFrom: undefined,
    passive: undefined,
    transfer: undefined,
    reply(code, text) {
      if (closed || control.destroyed) return;
      const lines = text.split('\n');
      const last = lines.pop() ?? '';
      control.write(lines.map((l) => `${code}-${l}\r\n`).join('') + `${code} ${last}\r\n`);
    },
    replyError(err) {
      const r = replyOf(err);
      s.reply(r.code, r.message);
    },
    touch() {
      lastActivity = ctx.clock();
    },
    control: () => control,
    serverTls: (raw) => new TLSSocket(raw, { isServer: true, ...ctx.tls }),
    loggedIn() {
      clearTimeout(loginTimer);
    },
  };

  // --- the control connection's bytes ---------------------------------------------------
  const onData = (chunk: Buffer): void => {
    s.touch();
    buffered += chunk.toString('utf8');
    if (buffered.length > maxLine && !buffered.includes('\n')) {
      s.reply(500, 'command line too long');
      return shutdown();
    }
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl).replace(/\r$/, '');
      buffered = buffered.slice(nl + 1);
      const handled = dispatch(line);
      if (handled === 'upgraded') return;
    }
  };

  const attach = (sock: Socket): void => {
    control = sock;
    sock.on('data', onData);
    sock.on('error', () => shutdown());
    sock.on('close', () => shutdown());
  };

  /** Upgrades the control connection to TLS right after `234` (AUTH TLS). */
  const upgrade = (): void => {
    const raw = control;
    raw.off('data', onData);
    raw.removeAllListeners('error');
    raw.removeAllListeners('close');
    // A client that sent its ClientHello in the same packet: give those bytes back to TLS.
    if (buffered.length > 0) raw.unshift(Buffer.from(buffered, 'utf8'));
    buffered = '';
    // Wrapped in the same tick as the reply is queued: no byte can be read as plain text after it.
    attach(s.serverTls(raw));
    s.secure = true;
  };

  /** AUTH, answered at once (not queued): the TLS handshake must start before any further byte. */
  const auth = (arg: string): 'upgraded' | undefined => {
    if (s.secure) {
      s.reply(503, 'TLS is already on');
      return undefined;
    }
    const mech = arg.trim().toUpperCase();
    if (mech !== 'TLS' && mech !== 'SSL' && mech !== 'TLS-C') {
      s.reply(504, `AUTH ${arg} is not supported; use AUTH TLS`);
      return undefined;
    }
    s.reply(234, 'AUTH TLS successful');
    upgrade();
    return 'upgraded';
  };

  const dispatch = (line: string): 'upgraded' | undefined => {
    const sp = line.indexOf(' ');
    const verb = (sp < 0 ? line : line.slice(0, sp)).toUpperCase();
    const arg = sp < 0 ? '' : line.slice(sp + 1);
    if (verb === 'AUTH') return auth(arg);
    if (verb === 'ABOR' && s.transfer) {
      void abortTransfer(s);
      return undefined;
    }
    chain = chain.then(() => runCommand(verb, arg)).catch((err: unknown) => s.replyError(err));
    return undefined;
  };

  async function runCommand(verb: string, arg: string): Promise<void> {
    if (closed) return;
    s.touch();
    // RNTO must follow RNFR at once; REST applies to the next command only.
    if (verb !== 'RNTO' && verb !== 'RNFR') s.renameFrom = undefined;
    const rest = s.restOffset;
    if (verb !== 'REST') s.restOffset = 0;
    const before = commandOf(connectionCommands, verb);
    if (before) return before(s, arg, rest);
    const fsys = s.vfs;
    if (!s.account || !fsys) return s.reply(530, 'log in first (USER and PASS)');
    const run = commandOf(fileCommands, verb);
    if (!run) return s.reply(502, `${verb} is not implemented here`);
    return run(s, fsys, arg, rest);
  }

  // --- life cycle ----------------------------------------------------------------------------
  function shutdown(): void {
    if (closed) return;
    closed = true;
    clearInterval(idleCheck);
    clearTimeout(loginTimer);
    closePassive(s);
    s.transfer?.socket.destroy();
    control.destroy();
    const account = s.account;
    if (account) {
      ctx.events.emit('session-closed', {
        workspace: account.workspace.name,
        username: account.username,
        address: s.address,
      });
    }
    ctx.onClosed(account);
  }

  const idleCheck = setInterval(
    () => {
      if (s.transfer) return s.touch();
      if (ctx.clock() - lastActivity >= ctx.idleTimeoutMs) {
        s.reply(421, 'closing an idle connection');
        control.end();
        setTimeout(shutdown, 1000).unref();
      }
    },
    Math.max(50, Math.min(30_000, Math.floor(ctx.idleTimeoutMs / 4))),
  );
  idleCheck.unref();

  // Login deadline (issue 14): told with 421 naming the limit, then closed. On an implicit-TLS
  // connection that never finished its handshake the reply cannot be read; it is closed anyway.
  const loginTimer = setTimeout(() => {
    if (s.account || closed) return;
    ctx.loginDeadline.onExpired?.();
    s.reply(421, ctx.loginDeadline.message);
    control.end();
    setTimeout(shutdown, 1000).unref();
  }, ctx.loginDeadline.ms);
  loginTimer.unref();

  if (ctx.implicit) {
    s.secure = true;
    attach(s.serverTls(ctx.socket));
  } else {
    attach(ctx.socket);
  }
  s.reply(220, 'SFTP Import Emulator FTPS ready');
}

/** The table's own entry for a verb (never an inherited property). */
function commandOf<T>(table: Readonly<Record<string, T>>, verb: string): T | undefined {
  return Object.hasOwn(table, verb) ? table[verb] : undefined;
}
