/**
 * The web host's wire format: JSON text frames over one WebSocket, plus the HTTP paths the
 * bridge uses. Shared by core/ipc/ws-bridge.ts (browser) and host/web-host.ts (Node).
 * std: runs in Node and the browser.
 */
import type { IpcResult } from './result.ts';

/** WebSocket endpoint (the token goes in the `token` query parameter: browsers can't set headers). */
export const wsPath = '/api/ws';
/** Staging endpoint: POST the file's bytes, `Authorization: Bearer <token>`, name in `x-file-name`. */
export const stagePath = '/api/stage';
/** Header carrying the file name, URI-encoded (headers are Latin-1). */
export const fileNameHeader = 'x-file-name';

/** Browser → host. */
export type ClientMessage = { t: 'invoke'; id: number; channel: string; request: unknown };

/** Host → browser. */
export type ServerMessage =
  | { t: 'result'; id: number; result: IpcResult<unknown> }
  | { t: 'event'; event: string; payload: unknown };

/** Parses a browser frame, or undefined when it is not a well-formed ClientMessage. */
export function parseClientMessage(text: string): ClientMessage | undefined {
  const value = parseJson(text);
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (m.t !== 'invoke' || typeof m.channel !== 'string') return undefined;
  if (typeof m.id !== 'number' || !Number.isSafeInteger(m.id)) return undefined;
  return { t: 'invoke', id: m.id, channel: m.channel, request: m.request };
}

/** Parses a host frame, or undefined when it is not a well-formed ServerMessage. */
export function parseServerMessage(text: string): ServerMessage | undefined {
  const value = parseJson(text);
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (m.t === 'result' && typeof m.id === 'number' && isResult(m.result)) {
    return { t: 'result', id: m.id, result: m.result };
  }
  if (m.t === 'event' && typeof m.event === 'string') {
    return { t: 'event', event: m.event, payload: m.payload };
  }
  return undefined;
}

function isResult(value: unknown): value is IpcResult<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { ok?: unknown }).ok === 'boolean'
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
