/**
 * The SFTP adapter's file calls beyond ssh2's one-shot ones: opening a file to write into (and
 * telling a missing folder from a refusal), closing it with a deadline, reading a file's head and
 * writing a small file whole. Used by the session in connect.ts. node.
 */
import { posix } from 'node:path';
import ssh2 from 'ssh2';
import type { SFTPWrapper } from 'ssh2';
import { errorText, fail, ok, type Result } from '../../result.ts';
import { missingFolderError } from '../missing-folder.ts';

const { STATUS_CODE } = ssh2.utils.sftp;

/** One ssh2 call as a Result; a throw (the connection already gone) is 'interrupted'. */
function guarded<T>(run: (resolve: (r: Result<T>) => void) => void): Promise<Result<T>> {
  return new Promise((resolve) => {
    try {
      run(resolve);
    } catch (e) {
      resolve(
        fail('interrupted', 'The connection to the server was lost. Try again.', errorText(e)),
      );
    }
  });
}

/** Opens `path` for writing (`w` creates or truncates, `r+` continues a partial). */
export function openRemote(
  sftp: SFTPWrapper,
  path: string,
  flags: 'w' | 'r+',
): Promise<Result<Buffer>> {
  return guarded((resolve) => {
    sftp.open(path, flags, (err, handle) => {
      if (!err) return resolve(ok(handle));
      const code = (err as { code?: number }).code;
      if (code === STATUS_CODE.NO_SUCH_FILE) {
        const error = missingFolderError(
          posix.dirname(path),
          'the file cannot be written',
          err.message,
        );
        resolve({ ok: false, error });
      } else if (code === STATUS_CODE.PERMISSION_DENIED) {
        resolve(
          fail(
            'permission-denied',
            'Permission denied: this account may not write to that folder. Check you use the right credentials for this destination.',
            err.message,
          ),
        );
      } else {
        resolve(
          fail(
            'remote-error',
            `The server would not create the file: ${err.message}.`,
            err.message,
          ),
        );
      }
    });
  });
}

/** Closes a handle; the server's answer to CLOSE is where a quota or space refusal arrives. */
export function closeRemote(
  sftp: SFTPWrapper,
  handle: Buffer,
  timeoutMs: number,
): Promise<Result<void>> {
  return new Promise((resolve) => {
    const timer = setTimeout(
      () => resolve(fail('interrupted', 'The server did not confirm the end of the upload.')),
      timeoutMs,
    );
    try {
      sftp.close(handle, (err) => {
        clearTimeout(timer);
        if (!err) return resolve(ok(undefined));
        const msg = err.message;
        resolve(
          fail(
            /limit|quota|space/i.test(msg) ? 'too-large' : 'interrupted',
            `The server did not accept the end of the upload: ${msg}.`,
            msg,
          ),
        );
      });
    } catch (e) {
      clearTimeout(timer);
      resolve(
        fail('interrupted', 'The connection to the server was lost. Try again.', errorText(e)),
      );
    }
  });
}

/** The first `max` bytes of a file (fewer when it is shorter). */
export function readRemoteHead(
  sftp: SFTPWrapper,
  path: string,
  max: number,
): Promise<Result<Buffer>> {
  return guarded((resolve) => {
    sftp.open(path, 'r', (err, handle) => {
      if (err) {
        return resolve(
          fail('permission-denied', `The file cannot be read: ${err.message}.`, err.message),
        );
      }
      const buf = Buffer.alloc(max);
      sftp.read(handle, buf, 0, max, 0, (e, n) => {
        sftp.close(handle, () => undefined);
        if (e && !/end of file/i.test(e.message)) {
          return resolve(fail('remote-error', `The file cannot be read: ${e.message}.`, e.message));
        }
        resolve(ok(buf.subarray(0, e ? 0 : n)));
      });
    });
  });
}

/** Writes a small file whole (creating or replacing it). */
export function writeRemoteSmall(
  sftp: SFTPWrapper,
  path: string,
  data: string | Buffer,
): Promise<Result<void>> {
  return guarded((resolve) => {
    sftp.writeFile(path, data, (err) => {
      if (!err) return resolve(ok(undefined));
      const code = (err as { code?: number }).code;
      resolve(
        code === STATUS_CODE.PERMISSION_DENIED
          ? fail('permission-denied', 'Permission denied.', errorText(err))
          : fail('remote-error', errorText(err), errorText(err)),
      );
    });
  });
}
