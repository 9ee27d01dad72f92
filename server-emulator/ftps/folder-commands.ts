/**
 * The FTPS commands on folders and files that need no data connection: the current folder (PWD,
 * CWD, CDUP and their X forms), facts (SIZE, MDTM, MLST), DELE, RNFR/RNTO, MKD/RMD (refused by
 * the folder rule), the transfer settings (TYPE, MODE, STRU) and STAT. Every rule comes from the
 * workspace file system (vfs/workspace-fs.ts). node.
 */
import { posix } from 'node:path';
import type { WorkspaceFs } from '../vfs/workspace-fs.ts';
import { ftpTime, mlsxFacts, quotePath } from './ftp-listing.ts';
import { resolvePath, type FtpFileCommand, type FtpSession } from './ftp-session-state.ts';

async function changeDir(s: FtpSession, fsys: WorkspaceFs, path: string): Promise<void> {
  const e = await fsys.stat(path);
  if (!e.stats.isDirectory()) return s.reply(550, `${e.virtual} is a file, not a folder`);
  s.cwd = e.virtual;
  s.reply(250, `the current folder is ${s.cwd}`);
}

const pwd: FtpFileCommand = (s) => s.reply(257, `${quotePath(s.cwd)} is the current folder`);
const cwd: FtpFileCommand = (s, fsys, arg) => changeDir(s, fsys, resolvePath(s, arg));
const cdup: FtpFileCommand = (s, fsys) => changeDir(s, fsys, posix.dirname(s.cwd));
const changeFolder: FtpFileCommand = (_s, fsys) => fsys.changeFolder();

function type(s: FtpSession, arg: string): void {
  const t = arg.trim().toUpperCase();
  if (t === 'I' || t === 'L 8' || t === 'A' || t === 'A N') {
    return s.reply(200, `type set to ${t[0] === 'A' ? 'A' : 'I'}`);
  }
  s.reply(504, `TYPE ${arg} is not supported; use TYPE I`);
}

/** The folder and file commands of a logged-in user, by verb. */
export const folderCommands: Readonly<Record<string, FtpFileCommand>> = {
  PWD: pwd,
  XPWD: pwd,
  CWD: cwd,
  XCWD: cwd,
  CDUP: cdup,
  XCUP: cdup,
  TYPE: (s, _fsys, arg) => type(s, arg),
  MODE: (s, _fsys, arg) =>
    arg.trim().toUpperCase() === 'S'
      ? s.reply(200, 'mode S')
      : s.reply(504, 'only MODE S (stream) is supported'),
  STRU: (s, _fsys, arg) =>
    arg.trim().toUpperCase() === 'F'
      ? s.reply(200, 'structure F')
      : s.reply(504, 'only STRU F (file) is supported'),
  async SIZE(s, fsys, arg) {
    const e = await fsys.stat(resolvePath(s, arg));
    if (e.stats.isDirectory()) return s.reply(550, `${e.virtual} is a folder, not a file`);
    s.reply(213, String(e.stats.size));
  },
  async MDTM(s, fsys, arg) {
    const e = await fsys.stat(resolvePath(s, arg));
    s.reply(213, ftpTime(e.stats.mtimeMs));
  },
  async MLST(s, fsys, arg) {
    const e = await fsys.stat(resolvePath(s, arg));
    s.reply(250, [`facts of ${e.virtual}:`, ` ${mlsxFacts(e)} ${e.virtual}`, 'End'].join('\n'));
  },
  async DELE(s, fsys, arg) {
    await fsys.remove(resolvePath(s, arg));
    s.reply(250, 'deleted');
  },
  MKD: changeFolder,
  XMKD: changeFolder,
  RMD: changeFolder,
  XRMD: changeFolder,
  async RNFR(s, fsys, arg) {
    const e = await fsys.stat(resolvePath(s, arg));
    s.renameFrom = e.virtual;
    s.reply(350, 'ready for RNTO');
  },
  async RNTO(s, fsys, arg) {
    const from = s.renameFrom;
    s.renameFrom = undefined;
    if (from === undefined) return s.reply(503, 'send RNFR first');
    await fsys.rename(from, resolvePath(s, arg));
    s.reply(250, 'renamed');
  },
  STAT: (s) => s.reply(211, 'connected over TLS; no transfer in progress'),
};
