/**
 * The one Result type of the code base and its error codes (the engine's, then the process
 * boundary's own), with no dependency at all: the engine's upload path loads this without zod
 * (its memory is benchmarked). core/ipc/result.ts adds the runtime schemas. std.
 */

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
/** Any code a caller may see. */
export type ErrorCode = (typeof ipcErrorCodes)[number];

/** A failure: what happened and what to do, in plain words; never a secret. */
export type AppError = { code: ErrorCode; message: string; detail?: string };

/** A value or an error: the one Result type of the code base (engine, host, CLI, page). */
export type Result<T, E = AppError> = { ok: true; value: T } | { ok: false; error: E };

/** A success. */
export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** A failure with a code and a plain-words message (never a secret). */
export function fail<C extends ErrorCode>(
  code: C,
  message: string,
  detail?: string,
): { ok: false; error: { code: C; message: string; detail?: string } } {
  return { ok: false, error: detail === undefined ? { code, message } : { code, message, detail } };
}
