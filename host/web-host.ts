/**
 * The local web host: the renderer in a plain browser with the real engine behind it, no
 * Electron. node:http serves the built renderer, a WebSocket (`ws`) carries the Bridge (requests
 * through dispatchInvoke, pushes broadcast), and a POST stages a picked file's bytes.
 * Security: it binds to loopback only; every API request and the WS upgrade need the session
 * token (constant-time compare) and our own Origin. The token is not single use: it is good
 * for every tab and reconnect until the host stops (the page moves it out of the address bar
 * into the tab's sessionStorage); every request needs our Host header (no DNS
 * rebinding). The static bundle itself is public (the same files the app ships) and carries a
 * strict CSP. node.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { InvokeHandlers } from '../core/ipc/contract.ts';
import { dispatchInvoke } from '../core/ipc/dispatch.ts';
import { fail, type IpcResult } from '../core/ipc/result.ts';
import {
  fileNameHeader,
  parseClientMessage,
  stagePath,
  wsPath,
  type ServerMessage,
} from '../core/ipc/ws-protocol.ts';
import {
  bearerToken,
  isAllowedHostHeader,
  isAllowedOrigin,
  isLoopback,
  tokensEqual,
} from './auth.ts';
import type { Emit } from './host-deps.ts';
import { createLocalFiles, type LocalFiles } from './local-files.ts';
import { securityHeaders, sendText, serveStatic } from './static-files.ts';

/** What the host gives the handlers it serves. */
export type WebHostContext = { emit: Emit; localFiles: LocalFiles };

export type WebHostOptions = {
  /** Loopback only; default 127.0.0.1. */
  host?: '127.0.0.1' | '::1';
  /** 0 picks a free port. */
  port?: number;
  /** The handlers, or a factory that gets the host's `emit` and staged files first. */
  handlers: InvokeHandlers | ((context: WebHostContext) => InvokeHandlers);
  /** The built renderer (dist/renderer). */
  staticDir: string;
  token: string;
  /** Private folder for staged uploads; deleted on close. */
  stagingDir: string;
  /** Largest file the staging POST accepts. Default 1 GiB. */
  maxStageBytes?: number;
  /** Most staged files held at once. Default 20. */
  maxStageFiles?: number;
  /** Most bytes held in the staging folder at once. Default 2 GiB. */
  maxStageTotalBytes?: number;
  /** Largest WebSocket frame. Default 4 MiB (requests are small; files go by POST). */
  maxFrameBytes?: number;
};

export type RunningWebHost = {
  host: string;
  port: number;
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** The address to open: `http://127.0.0.1:PORT/#token=…` (the session token, reusable). */
  url: string;
  emit: Emit;
  localFiles: LocalFiles;
  /** Disconnects every page (they reconnect by themselves); for tests and restarts. */
  dropClients(): void;
  close(): Promise<void>;
};

/** Starts the host; resolves once it listens (the real port when `port` is 0). */
export async function startWebHost(options: WebHostOptions): Promise<RunningWebHost> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1' && host !== '::1') {
    throw new Error('the web host binds to loopback only');
  }
  const localFiles = createLocalFiles({
    stagingDir: options.stagingDir,
    ...(options.maxStageBytes === undefined ? {} : { maxBytes: options.maxStageBytes }),
    ...(options.maxStageFiles === undefined ? {} : { maxFiles: options.maxStageFiles }),
    ...(options.maxStageTotalBytes === undefined
      ? {}
      : { maxTotalBytes: options.maxStageTotalBytes }),
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes ?? 4 << 20 });
  const emit: Emit = (event, payload) => {
    const frame = JSON.stringify({ t: 'event', event, payload } satisfies ServerMessage);
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(frame);
  };
  const handlers =
    typeof options.handlers === 'function'
      ? options.handlers({ emit, localFiles })
      : options.handlers;
  let port = 0;

  const server = createServer((req, res) => {
    void onRequest(req, res).catch(() => {
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.destroy();
    });
  });
  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!isLoopback(req.socket.remoteAddress) || !isAllowedHostHeader(req.headers.host, port)) {
      sendText(res, 403, 'Forbidden');
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname === stagePath) {
      await onStage(req, res);
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      sendText(res, 404, 'Not found');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendText(res, 405, 'Method not allowed');
      return;
    }
    await serveStatic(req, res, options.staticDir, url.pathname);
  };

  const onStage = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'POST') return sendJson(res, 405, fail('bad-request', 'Use POST.'));
    if (!tokensEqual(bearerToken(req), options.token)) {
      return sendJson(res, 401, fail('forbidden', 'Missing or wrong session token.'));
    }
    if (!isAllowedOrigin(req.headers.origin, port)) {
      return sendJson(res, 403, fail('forbidden', 'Requests must come from the app page.'));
    }
    const rawName = req.headers[fileNameHeader];
    const name = decodeName(typeof rawName === 'string' ? rawName : 'upload');
    // `receive` answers its own failures; anything it still throws gets a JSON answer too.
    const result = await localFiles
      .receive(req, name)
      .catch(() =>
        fail(
          'internal',
          'The file could not be saved for the upload on this computer. Add it again; if this keeps happening, restart the app.',
        ),
      );
    sendJson(res, result.ok ? 200 : (stageStatus[result.error.code] ?? 400), result);
    // Drop whatever the client still sends after a refusal.
    if (!result.ok) req.resume();
  };

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const allowed =
      url.pathname === wsPath &&
      isLoopback(req.socket.remoteAddress) &&
      isAllowedHostHeader(req.headers.host, port) &&
      isAllowedOrigin(req.headers.origin, port) &&
      tokensEqual(url.searchParams.get('token'), options.token);
    if (!allowed) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => onClient(ws));
  });

  const onClient = (ws: WebSocket): void => {
    ws.on('error', () => ws.terminate());
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const message = parseClientMessage(rawText(data));
      if (message === undefined) return;
      void dispatchInvoke(handlers, message.channel, message.request).then((result) => {
        if (ws.readyState !== ws.OPEN) return;
        ws.send(JSON.stringify({ t: 'result', id: message.id, result } satisfies ServerMessage));
      });
    });
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://${host === '::1' ? '[::1]' : host}:${port}`;

  return {
    host,
    port,
    origin,
    url: `${origin}/#token=${options.token}`,
    emit,
    localFiles,
    dropClients: () => {
      for (const client of wss.clients) client.terminate();
    },
    close: async () => {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await localFiles.clear();
    },
  };
}

/** HTTP status of a refused staging POST: over a size cap 413, over the file count 429, a fault 500. */
const stageStatus: Partial<Record<string, number>> = {
  'too-large': 413,
  busy: 429,
  internal: 500,
};

function sendJson(res: ServerResponse, status: number, body: IpcResult<unknown>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...securityHeaders,
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function rawText(data: Buffer | ArrayBuffer | Buffer[]): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}
