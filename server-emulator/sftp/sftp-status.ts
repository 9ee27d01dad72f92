/**
 * The one table from errors to SFTP status codes and client-facing messages. Messages come from
 * the emulator's own errors (already written for users) or a fixed text per errno, so no local
 * disk path ever reaches a client. node.
 */
import { VfsError } from '../vfs/jail.ts';
import { FsRefusal, type FsRefusalKind } from '../vfs/workspace-fs.ts';

/** SFTP v3 status codes the emulator answers with (ssh2's STATUS_CODE values). */
export const Status = {
  OK: 0,
  EOF: 1,
  NO_SUCH_FILE: 2,
  PERMISSION_DENIED: 3,
  FAILURE: 4,
  OP_UNSUPPORTED: 8,
} as const;
export type StatusCode = (typeof Status)[keyof typeof Status];

/** A refusal decided by the emulator (write rules, limits, bad names), with a message for users. */
export class SftpRefusal extends Error {
  readonly status: StatusCode;
  constructor(status: StatusCode, message: string) {
    super(message);
    this.status = status;
    this.name = 'SftpRefusal';
  }
}

const errnoTable: Record<string, { status: StatusCode; message: string }> = {
  ENOENT: { status: Status.NO_SUCH_FILE, message: 'no such file or folder' },
  ENOTDIR: { status: Status.NO_SUCH_FILE, message: 'no such folder' },
  EACCES: { status: Status.PERMISSION_DENIED, message: 'permission denied' },
  EPERM: { status: Status.PERMISSION_DENIED, message: 'permission denied' },
  ELOOP: {
    status: Status.PERMISSION_DENIED,
    message: 'symbolic links are not followed on this server',
  },
  EEXIST: { status: Status.FAILURE, message: 'a file of that name already exists' },
  EISDIR: { status: Status.FAILURE, message: 'that is a folder, not a file' },
  ENOTEMPTY: { status: Status.FAILURE, message: 'the folder is not empty' },
  ENOSPC: {
    status: Status.FAILURE,
    message: 'the server is out of space; the upload was not kept',
  },
  EDQUOT: {
    status: Status.FAILURE,
    message: 'the workspace is over its quota; the upload was not kept',
  },
  ENAMETOOLONG: { status: Status.FAILURE, message: 'the name is too long' },
  EMFILE: {
    status: Status.FAILURE,
    message: 'the server has too many open files; try again shortly',
  },
  EBADF: { status: Status.FAILURE, message: 'the file handle is no longer valid' },
};

const vfsTable: Record<VfsError['code'], StatusCode> = {
  'invalid-path': Status.FAILURE,
  'outside-root': Status.PERMISSION_DENIED,
  symlink: Status.PERMISSION_DENIED,
  'not-found': Status.NO_SUCH_FILE,
};

const refusalTable: Record<FsRefusalKind, StatusCode> = {
  'not-found': Status.NO_SUCH_FILE,
  'permission-denied': Status.PERMISSION_DENIED,
  failure: Status.FAILURE,
  unsupported: Status.OP_UNSUPPORTED,
};

/** The status and message to send for any error thrown while serving a request. */
export function statusOf(err: unknown): { status: StatusCode; message: string } {
  if (err instanceof SftpRefusal) return { status: err.status, message: err.message };
  if (err instanceof FsRefusal) return { status: refusalTable[err.kind], message: err.message };
  if (err instanceof VfsError) return { status: vfsTable[err.code], message: err.message };
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const known = code === undefined ? undefined : errnoTable[code];
  if (known) return known;
  return { status: Status.FAILURE, message: 'the server could not do that' };
}
