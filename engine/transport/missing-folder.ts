/**
 * One wording for a profile folder that is not on the server (contract §11: "folder missing"),
 * whichever adapter found it — SFTP's NO_SUCH_FILE, an FTP 550/553 whose folder a CWD then
 * refuses, or a listing of a folder that is not there — so the uploads, the watcher and the doctor
 * say the same thing and what to do. node (no I/O).
 */
import type { EngineError } from '../result.ts';

/** `folder-missing` naming the folder; `why` says what could not be done because of it. */
export function missingFolderError(dir: string, why = '', detail?: string): EngineError {
  const folder = dir.endsWith('/') ? dir : `${dir}/`;
  return {
    code: 'folder-missing',
    message:
      `The folder ${folder} is missing on the server${why ? `, so ${why}` : ''}. ` +
      'Check that the site is set to the right platform and mode (Sites → Edit), then run "Test connection"; if it is right, ask the platform to create the folder.',
    ...(detail ? { detail } : {}),
  };
}
