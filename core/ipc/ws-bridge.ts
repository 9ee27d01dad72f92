/**
 * The `Bridge` over a WebSocket to the local web host (`npm run web`), so the renderer runs in a
 * plain browser with the real engine behind it. Requests carry ids; pushes fan out to listeners;
 * a dropped socket fails the calls in flight ('unavailable') and reconnects with backoff.
 * Every push is checked against its schema before any listener sees it (an invalid one is
 * dropped and logged, core/ipc/event-guard.ts). Files reach the host by an HTTP POST of their
 * bytes (`stageFile`).
 * std: browser WebSocket/fetch (injectable for Node tests).
 */
import type { Bridge, StagedFile } from './bridge.ts';
import { isInvokeChannel } from './contract.ts';
import { checkEvent, type EventLog } from './event-guard.ts';
import { fail, type IpcResult } from './result.ts';
import {
  fileNameHeader,
  parseServerMessage,
  stagePath,
  wsPath,
  type ClientMessage,
} from './ws-protocol.ts';

/** The part of the WebSocket API the bridge uses (the browser's, or `ws` in Node). */
export type WebSocketLike = {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
};
export type WebSocketCtor = new (url: string) => WebSocketLike;

export type WsBridgeOptions = {
  /** The host's base URL (`location.origin`): `http://127.0.0.1:PORT`. */
  url: string;
  /** The session token from the page's `#token=` fragment. */
  token: string;
  WebSocket?: WebSocketCtor;
  fetch?: typeof fetch;
  /** Backoff between reconnects. Default 250 ms doubling to 5 s. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** How long a call waits for a connection before failing 'unavailable'. Default 10 s. */
  connectTimeoutMs?: number;
  /** Where dropped (invalid) pushes are reported. Default console.warn. */
  log?: EventLog;
};

export type WsStatus = 'connecting' | 'open' | 'closed';

/** The web bridge: a `Bridge` plus connection state and `close()`. */
export type WsBridge = Bridge & {
  readonly status: WsStatus;
  /** Calls back on each connection change; returns the unsubscribe function. */
  onStatus(listener: (status: WsStatus) => void): () => void;
  /** Closes for good (no reconnect); calls in flight fail 'unavailable'. */
  close(): void;
};

const OPEN = 1;
const lostMessage =
  'Lost the connection to the app host. Check that `npm run web` is still running; the page reconnects by itself.';

/** Connects to the web host and returns the bridge (it connects in the background). */
export function createWsBridge(options: WsBridgeOptions): WsBridge {
  const Ws = options.WebSocket ?? (globalThis.WebSocket as unknown as WebSocketCtor);
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = new URL(options.url);
  const wsUrl = new URL(wsPath, base);
  wsUrl.protocol = base.protocol === 'https:' ? 'wss:' : 'ws:';
  wsUrl.searchParams.set('token', options.token);
  const minMs = options.reconnectMinMs ?? 250;
  const maxMs = options.reconnectMaxMs ?? 5000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const log = options.log ?? ((message: string) => console.warn(message));

  const pending = new Map<number, (result: IpcResult<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const statusListeners = new Set<(status: WsStatus) => void>();
  const openWaiters = new Set<() => void>();
  let socket: WebSocketLike | undefined;
  let status: WsStatus = 'connecting';
  let nextId = 1;
  let delay = minMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closedForGood = false;

  const setStatus = (next: WsStatus): void => {
    if (status === next) return;
    status = next;
    for (const l of [...statusListeners]) l(next);
  };

  const connect = (): void => {
    timer = undefined;
    const ws = new Ws(wsUrl.toString());
    socket = ws;
    ws.onopen = () => {
      delay = minMs;
      setStatus('open');
      for (const w of [...openWaiters]) w();
    };
    ws.onmessage = (event) => {
      if (typeof event.data !== 'string') return;
      const message = parseServerMessage(event.data);
      if (message?.t === 'result') {
        pending.get(message.id)?.(message.result);
        pending.delete(message.id);
      } else if (message?.t === 'event') {
        const payload = checkEvent(message.event, message.payload, log);
        if (payload === undefined) return;
        for (const l of [...(listeners.get(message.event) ?? [])]) l(payload);
      }
    };
    ws.onerror = () => undefined; // a close event always follows
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = undefined;
      failPending();
      if (closedForGood) return;
      setStatus('connecting');
      timer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, maxMs);
    };
  };

  const failPending = (): void => {
    const waiting = [...pending.values()];
    pending.clear();
    for (const resolve of waiting) resolve(fail('unavailable', lostMessage));
  };

  const whenOpen = (): Promise<boolean> => {
    if (socket?.readyState === OPEN) return Promise.resolve(true);
    if (closedForGood) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (value: boolean): void => {
        clearTimeout(t);
        openWaiters.delete(onOpen);
        resolve(value);
      };
      const onOpen = (): void => done(true);
      const t = setTimeout(() => done(false), connectTimeoutMs);
      openWaiters.add(onOpen);
    });
  };

  const invoke = async (channel: string, request: unknown): Promise<IpcResult<unknown>> => {
    if (!isInvokeChannel(channel)) return fail('bad-request', `There is no channel "${channel}".`);
    if (!(await whenOpen()) || socket === undefined) return fail('unavailable', lostMessage);
    const ws = socket;
    const id = nextId++;
    const message: ClientMessage = { t: 'invoke', id, channel, request };
    return new Promise((resolve) => {
      pending.set(id, resolve);
      try {
        ws.send(JSON.stringify(message));
      } catch (error) {
        pending.delete(id);
        resolve(fail('bad-request', `Could not send the request on ${channel}.`, String(error)));
      }
    });
  };

  const stageFile = async (file: File): Promise<IpcResult<StagedFile>> => {
    try {
      const response = await doFetch(new URL(stagePath, base), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${options.token}`,
          'content-type': 'application/octet-stream',
          [fileNameHeader]: encodeURIComponent(file.name),
        },
        body: file,
      });
      const body = (await response.json()) as IpcResult<StagedFile>;
      if (typeof body?.ok !== 'boolean') {
        return fail('internal', `The host answered ${response.status}.`);
      }
      return body;
    } catch (error) {
      return fail('unavailable', 'Could not send the file to the app host.', String(error));
    }
  };

  connect();
  return {
    get status() {
      return status;
    },
    invoke: invoke as Bridge['invoke'],
    on: (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => void set.delete(l);
    },
    stageFile,
    onStatus: (listener) => {
      statusListeners.add(listener);
      return () => void statusListeners.delete(listener);
    },
    close: () => {
      closedForGood = true;
      if (timer !== undefined) clearTimeout(timer);
      const ws = socket;
      socket = undefined;
      failPending();
      setStatus('closed');
      ws?.close(1000, 'bye');
    },
  };
}
