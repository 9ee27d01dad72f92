/**
 * The one table from errors to FTP replies: the workspace file system's refusals and errno
 * errors become a code and a message written for users (no local disk path). node.
 */
import { statusOf } from '../sftp/sftp-status.ts';
import { VfsError } from '../vfs/jail.ts';
import { FsRefusal } from '../vfs/workspace-fs.ts';

export type Reply = { code: number; message: string };

/** The reply for an error thrown while serving a command. */
export function replyOf(err: unknown): Reply {
  // The messages are the ones SFTP sends (one text per rule or errno, sftp-status.ts).
  const { message } = statusOf(err);
  if (err instanceof FsRefusal) {
    if (err.limit) return { code: 552, message };
    if (err.kind === 'unsupported') return { code: 502, message };
    // 553: a file name not allowed (RFC 959); 550: not found, no access, read-only.
    return { code: err.kind === 'failure' ? 553 : 550, message };
  }
  if (err instanceof VfsError) return { code: 550, message };
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return { code: 452, message };
  if (code === 'EMFILE') return { code: 450, message };
  return { code: 550, message };
}
