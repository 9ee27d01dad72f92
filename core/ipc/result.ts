/**
 * The result every IPC call returns: a value or a coded error in plain words. Handlers never
 * throw across the process boundary (Electron's structured clone keeps only an error's message),
 * so failures travel as data. std: runs in Node and the browser.
 */
import { z } from 'zod';

export {
  engineErrorCodes,
  fail,
  ipcErrorCodes,
  ok,
  type EngineErrorCode,
  type Result,
} from '../util/result.ts';
import { ipcErrorCodes, type Result } from '../util/result.ts';

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

/** What every IPC call answers. */
export type IpcResult<T> = Result<T, IpcError>;

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
