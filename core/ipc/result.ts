/**
 * The result every IPC call returns: a value or a coded error in plain words. Handlers never
 * throw across the process boundary (Electron's structured clone keeps only an error's message),
 * so failures travel as data. std: runs in Node and the browser.
 */
import { z } from 'zod';

/**
 * Every error code a renderer may see. The first group is the boundary's own; the second mirrors
 * the engine's `EngineErrorCode` (engine/result.ts) so the UI can explain each one.
 */
export const ipcErrorCodes = [
  // boundary
  'bad-request',
  'forbidden',
  'not-found',
  'internal',
  'secret-required',
  'duplicate',
  'busy',
  'unavailable',
  // engine
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
  'bad-input',
  'remote-error',
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

/** A value or an error. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** A success. */
export function ok<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

/** A failure with a code and a plain-words message. */
export function fail(code: IpcErrorCode, message: string, detail?: string): IpcResult<never> {
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
