/**
 * The engine's boundary type: every exported engine function resolves to a Result instead of
 * throwing, with a coded error whose message says in plain words what happened and what to do.
 * The Result type and the error codes are the code base's one set (core/util/result.ts), so the shells
 * pass them through unchanged; here they are narrowed to the engine's codes. Never put a secret
 * in a message or detail.
 */
import type { EngineErrorCode, Result as AnyResult } from '../core/util/result.ts';

export { fail, ok, type EngineErrorCode } from '../core/util/result.ts';

/** A failure in plain words; `detail` is technical (still never a secret). */
export type EngineError = { code: EngineErrorCode; message: string; detail?: string };

/** A value or an engine error. */
export type Result<T, E = EngineError> = AnyResult<T, E>;

/** The message of anything thrown, for a `detail` field. */
export function errorText(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
