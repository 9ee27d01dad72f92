/**
 * The FTPS commands about the connection itself, allowed before login: USER and PASS (only over
 * TLS), PBSZ and PROT (data protection), FEAT, SYST, NOOP, HELP, OPTS, QUIT, and ABOR with no
 * transfer running. AUTH is not here: ftp-session.ts answers it at once, before any further byte
 * is read (the TLS upgrade). node.
 */
import { createWorkspaceFs } from '../vfs/workspace-fs.ts';
import type { FtpCommand, FtpSession } from './ftp-session-state.ts';

const features = [
  'AUTH TLS',
  'PBSZ',
  'PROT',
  'EPSV',
  'PASV',
  'MLST type*;size*;modify*;perm*;',
  'MLSD',
  'SIZE',
  'MDTM',
  'REST STREAM',
  'UTF8',
  'TVFS',
];

const tlsFirst =
  'TLS is required before logging in: send AUTH TLS first (ftpes://), or connect with implicit TLS (ftps://)';

function onUser(s: FtpSession, arg: string): void {
  if (!s.secure) return s.reply(530, tlsFirst);
  if (s.account) return s.reply(503, 'already logged in');
  s.pendingUser = arg;
  s.reply(331, `password required for ${arg}`);
}

function onPass(s: FtpSession, password: string): void {
  if (!s.secure) return s.reply(530, 'TLS is required before logging in: send AUTH TLS first');
  if (s.account) return s.reply(503, 'already logged in');
  const username = s.pendingUser;
  s.pendingUser = undefined;
  if (username === undefined) return s.reply(503, 'send USER first');
  const r = s.ctx.login(username, password, s.address);
  if (!r.ok) return s.reply(530, r.message);
  const account = r.account;
  s.account = account;
  s.loggedIn();
  s.vfs = createWorkspaceFs({
    workspace: account.workspace,
    jail: account.jail,
    openWrites: s.ctx.openWrites,
    usage: s.ctx.usage,
    events: s.ctx.events,
  });
  s.ctx.events.emit('session-opened', {
    workspace: account.workspace.name,
    username,
    address: s.address,
  });
  s.reply(230, `logged in to ${account.workspace.name}`);
}

function onPbsz(s: FtpSession): void {
  if (!s.secure) return s.reply(503, 'PBSZ needs TLS first: send AUTH TLS');
  s.pbsz = true;
  s.reply(200, 'PBSZ=0');
}

function onProt(s: FtpSession, arg: string): void {
  if (!s.secure) return s.reply(503, 'PROT needs TLS first: send AUTH TLS');
  if (!s.pbsz) return s.reply(503, 'send PBSZ 0 before PROT');
  const level = arg.trim().toUpperCase();
  if (level === 'P') {
    s.protectData = true;
    return s.reply(200, 'PROT P: data connections are protected');
  }
  if (level === 'C') {
    return s.reply(534, 'data connections must be protected here; use PROT P');
  }
  s.reply(504, `PROT ${arg} is not supported; use PROT P`);
}

function onOpts(s: FtpSession, arg: string): void {
  const a = arg.trim().toUpperCase();
  if (a === 'UTF8 ON' || a === 'UTF8' || a === 'UTF-8 ON') return s.reply(200, 'UTF8 is always on');
  if (a.startsWith('MLST')) return s.reply(200, 'MLST OPTS type;size;modify;perm;');
  s.reply(501, `OPTS ${arg} is not supported`);
}

/** The commands allowed before login, by verb. */
export const connectionCommands: Readonly<Record<string, FtpCommand>> = {
  USER: onUser,
  PASS: onPass,
  PBSZ: onPbsz,
  PROT: onProt,
  FEAT: (s) => s.reply(211, ['Features:', ...features.map((f) => ` ${f}`), 'End'].join('\n')),
  SYST: (s) => s.reply(215, 'UNIX Type: L8'),
  NOOP: (s) => s.reply(200, 'NOOP ok'),
  HELP: (s) => s.reply(214, 'see RFC 959 and RFC 4217; FEAT lists the extensions'),
  OPTS: onOpts,
  QUIT: (s) => {
    s.reply(221, 'goodbye');
    s.control().end();
  },
  // ABOR during a transfer is answered at once (ftp-session.ts); queued, there is none.
  ABOR: (s) => s.reply(225, 'no transfer to abort'),
};
