/**
 * FTP replies and socket failures in plain words (contract §12): a `550` is a missing file or a
 * refusal, `552`/`452` a full disk or quota, `522`/`425` with "reuse" a data connection that did
 * not resume the TLS session, `426`/`421` and resets a lost link, control-socket timeouts a dead
 * link. node (no I/O).
 */
import { errorText, type EngineError } from '../../result.ts';
import type { FtpsProblem } from '../port.ts';

/** An FTP reply error as basic-ftp reports it (`FTPError`: a numeric `code`). */
export function ftpCodeOf(e: unknown): number | undefined {
  const code = (e as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
}

/** An engine error (plus the FTPS problem, when it is one) for a failed FTP command. */
export function ftpError(e: unknown, what: string): EngineError & { ftpsProblem?: FtpsProblem } {
  const detail = errorText(e);
  const code = ftpCodeOf(e);
  if (code !== undefined) return replyError(code, detail, what);
  if (/cancelled by the user/i.test(detail)) {
    return { code: 'cancelled', message: 'Cancelled.', detail };
  }
  if (/no progress/i.test(detail)) {
    return { code: 'interrupted', message: detail, detail };
  }
  if (/Timeout/i.test(detail)) {
    return {
      code: 'timeout',
      message: `The server stopped answering while ${what}. Check your network and try again.`,
      detail,
    };
  }
  if (
    /data connection|passive/i.test(detail) &&
    /ECONNREFUSED|Timeout|EHOSTUNREACH/i.test(detail)
  ) {
    return {
      code: 'interrupted',
      message: `The data connection for ${what} could not be opened: a firewall may block the server's passive ports.`,
      detail,
      ftpsProblem: 'passive-blocked',
    };
  }
  return {
    code: 'interrupted',
    message: `The connection to the server was lost while ${what}. Try again.`,
    detail,
  };
}

type FtpReplyError = EngineError & { ftpsProblem?: FtpsProblem };

/** Maps an FTP reply code (RFC 959 §4.2) to an error, family by family. */
function replyError(code: number, detail: string, what: string): FtpReplyError {
  return (
    dataConnectionReplyError(code, detail, what) ??
    storageReplyError(code, detail) ??
    accessReplyError(code, detail, what) ?? {
      code: 'remote-error',
      message: `The server reported a problem while ${what}: ${detail.replace(/^\d{3}[ -]/, '')}`,
      detail,
    }
  );
}

/** 522/425/450 on TLS session reuse, 425 passive ports, 421/426 transfer ended. */
function dataConnectionReplyError(
  code: number,
  detail: string,
  what: string,
): FtpReplyError | undefined {
  if ((code === 522 || code === 425 || code === 450) && /reuse|resum/i.test(detail)) {
    return {
      code: 'remote-error',
      message: `The server refused the data connection for ${what} because it did not resume the TLS session of the control connection.`,
      detail,
      ftpsProblem: 'session-reuse',
    };
  }
  if (code === 425) {
    return {
      code: 'interrupted',
      message: `The server could not open the data connection for ${what}; a firewall may block its passive ports. Try again.`,
      detail,
      ftpsProblem: 'passive-blocked',
    };
  }
  if (code === 421 || code === 426) {
    return {
      code: 'interrupted',
      message: `The server ended the transfer while ${what}. Try again.`,
      detail,
    };
  }
  return undefined;
}

/** 552/452: out of space or quota, or the file is too large. */
function storageReplyError(code: number, detail: string): FtpReplyError | undefined {
  if (code !== 552 && code !== 452) return undefined;
  return /quota|space|full|storage|exceed/i.test(detail) || code === 452
    ? {
        code: 'no-space',
        message:
          'The server is out of space (or over its quota). Free some space or ask the platform.',
        detail,
      }
    : { code: 'too-large', message: `The server refused the file as too large.`, detail };
}

/** 530 not logged in; 550/553/450 permission denied or not found. */
function accessReplyError(code: number, detail: string, what: string): FtpReplyError | undefined {
  if (code === 530) {
    return {
      code: 'permission-denied',
      message: `Not logged in, or not allowed while ${what}.`,
      detail,
    };
  }
  if (code !== 550 && code !== 553 && code !== 450) return undefined;
  if (/permission|denied|not allowed|forbidden|read-only|refused/i.test(detail) || code === 553) {
    return {
      code: 'permission-denied',
      message:
        'Permission denied: this account may not do that here. Check you use the right credentials and folder.',
      detail,
    };
  }
  return {
    code: 'not-found',
    message: 'The file or folder does not exist on the server.',
    detail,
  };
}
