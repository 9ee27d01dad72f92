/**
 * The engine's boundary type: every exported engine function resolves to a Result instead of
 * throwing, with a coded error whose message says in plain words what happened and what to do.
 * Codes mirror core/ipc/result.ts so the shell can pass them through. Never put a secret in a
 * message or detail. node (no imports; safe anywhere).
 */

/** Every error code the engine returns. */
export type EngineErrorCode =
  | 'refused'
  | 'timeout'
  | 'dns'
  | 'auth-failed'
  | 'permission-denied'
  | 'host-key-changed'
  | 'host-key-rejected'
  | 'folder-missing'
  | 'no-space'
  | 'too-large'
  | 'interrupted'
  | 'cancelled'
  | 'keychain-unavailable'
  | 'not-found'
  | 'bad-input'
  | 'remote-error'
  | 'internal';

/** A failure in plain words; `detail` is technical (still never a secret). */
export type EngineError = { code: EngineErrorCode; message: string; detail?: string };

/** A value or an error. */
export type Result<T, E = EngineError> = { ok: true; value: T } | { ok: false; error: E };

/** A success. */
export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

/** A failure with a code and a plain-words message. */
export function fail(
  code: EngineErrorCode,
  message: string,
  detail?: string,
): { ok: false; error: EngineError } {
  return { ok: false, error: detail === undefined ? { code, message } : { code, message, detail } };
}

/** The message of anything thrown, for a `detail` field. */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
