/**
 * The result every IPC call returns: a value or a coded error in plain words. Handlers never
 * throw across the process boundary (Electron's structured clone keeps only an error's message),
 * so failures travel as data. std: runs in Node and the browser.
 */
import { z } from 'zod';

/**
 * Every error code the engine returns (engine/result.ts): connection, trust, transfer and file
 * problems, each explained once by the UI.
 */
export const engineErrorCodes = [
  'refused',
  'timeout',
  'dns',
  'auth-failed',
  'permission-denied',
  'host-key-changed',
  'host-key-rejected',
  'folder-missing',
  'no-space',
  'too-large',
  'interrupted',
  'cancelled',
  'keychain-unavailable',
  'not-found',
  'bad-input',
  'duplicate',
  'remote-error',
  'internal',
] as const;
export type EngineErrorCode = (typeof engineErrorCodes)[number];

/** Every error code a renderer may see: the boundary's own, then the engine's. One list. */
export const ipcErrorCodes = [
  'bad-request',
  'forbidden',
  'secret-required',
  'busy',
  'unavailable',
  ...engineErrorCodes,
] as const;

/** A coded error. */
export const IpcErrorCode = z.enum(ipcErrorCodes);
export type IpcErrorCode = z.infer<typeof IpcErrorCode>;

/** A failure: `message` says in plain words what happened and what to do; never a secret. */
export const IpcError = z.object({
  code: IpcErrorCode,
  message: z.string(),
  /** Technical detail for a "show details" toggle (still never a secret). */
  detail: z.string().optional(),
});
export type IpcError = z.infer<typeof IpcError>;

/** A value or an error: the one Result type of the code base (engine, host, CLI, page). */
export type Result<T, E = IpcError> = { ok: true; value: T } | { ok: false; error: E };

/** What every IPC call answers. */
export type IpcResult<T> = Result<T, IpcError>;

/** A success. */
export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** A failure with a code and a plain-words message (never a secret). */
export function fail<C extends IpcErrorCode>(
  code: C,
  message: string,
  detail?: string,
): { ok: false; error: { code: C; message: string; detail?: string } } {
  return { ok: false, error: detail === undefined ? { code, message } : { code, message, detail } };
}

/** Whether a string is one of the known error codes. */
export function isIpcErrorCode(code: string): code is IpcErrorCode {
  return (ipcErrorCodes as readonly string[]).includes(code);
}

/**
 * Turns any `{ code, message, detail? }` error (the engine's, say) into an `IpcError`; an
 * unknown code becomes `remote-error` with the original code kept in `detail`.
 */
export function toIpcError(error: { code: string; message: string; detail?: string }): IpcError {
  if (isIpcErrorCode(error.code)) {
    return error.detail === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, detail: error.detail };
  }
  const detail = error.detail === undefined ? error.code : `${error.code}: ${error.detail}`;
  return { code: 'remote-error', message: error.message, detail };
}
