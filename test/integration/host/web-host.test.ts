/**
 * The web host over real loopback HTTP and WebSocket: the token, Origin and Host gates, the
 * static bundle with its CSP, a Bridge round trip through createWsBridge, pushed events,
 * reconnects and the staging POST. node.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { WebSocket } from 'ws';
import { invokeChannels, type InvokeHandlers } from '../../../core/ipc/contract.ts';
import { fail, ok } from '../../../core/ipc/result.ts';
import { createWsBridge, type WebSocketCtor, type WsBridge } from '../../../core/ipc/ws-bridge.ts';
import { startWebHost, type RunningWebHost } from '../../../host/web-host.ts';
import { createToken } from '../../../host/auth.ts';

const token = createToken();
let work: string;
let host: RunningWebHost;
const calls: string[] = [];
let markHandlerCalled: () => void = () => undefined;
const handlerCalled = new Promise<void>((resolve) => (markHandlerCalled = resolve));

function stubHandlers(): InvokeHandlers {
  const handlers: Record<string, (request: unknown) => Promise<unknown>> = {};
  for (const channel of invokeChannels) {
    handlers[channel] = () =>
      Promise.resolve(fail('unavailable', `${channel} is not wired in this test`));
  }
  handlers['app:get-info'] = () => {
    calls.push('app:get-info');
    return Promise.resolve(
      ok({
        name: 'sia',
        version: '0.0.0',
        platform: process.platform,
        transport: 'web',
        dataDir: '/x',
      }),
    );
  };
  handlers['watch:stop'] = () => {
    markHandlerCalled();
    return new Promise(() => undefined);
  };
  handlers['hostkey:answer'] = () => Promise.reject(new Error('boom'));
  return handlers as unknown as InvokeHandlers;
}

/** `ws`'s WebSocket with our page's Origin, as a browser on the host's page would send. */
function wsWithOrigin(origin: string): WebSocketCtor {
  return class extends WebSocket {
    constructor(url: string) {
      super(url, { origin });
    }
  } as unknown as WebSocketCtor;
}

function withOrigin(origin: string): typeof fetch {
  return (input, init) =>
    fetch(input, { ...init, headers: { ...(init?.headers as object), origin } });
}

function httpGet(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string }>(
    (resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      req.end();
    },
  );
}

async function upgradeStatus(path: string, origin?: string): Promise<number | 'open'> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}${path}`, origin ? { origin } : {});
  return new Promise((resolve) => {
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', () => resolve(0));
  });
}

describe('startWebHost', { timeout: 30_000 }, () => {
  let bridge: WsBridge;

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'sia-webhost-'));
    const staticDir = join(work, 'static');
    await mkdir(join(staticDir, 'assets'), { recursive: true });
    await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>app</title>');
    await writeFile(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(join(work, 'secret.txt'), 'outside');
    host = await startWebHost({
      port: 0,
      handlers: stubHandlers(),
      staticDir,
      token,
      stagingDir: join(work, 'staging'),
      maxStageBytes: 1000,
    });
    bridge = createWsBridge({
      url: host.origin,
      token,
      WebSocket: wsWithOrigin(host.origin),
      fetch: withOrigin(host.origin),
      reconnectMinMs: 20,
      reconnectMaxMs: 100,
    });
  });

  after(async () => {
    bridge?.close();
    await host?.close();
    await rm(work, { recursive: true, force: true });
  });

  it('binds to 127.0.0.1 and prints an address carrying the token in the fragment', () => {
    assert.equal(host.host, '127.0.0.1');
    assert.ok(host.port > 0);
    assert.equal(host.url, `http://127.0.0.1:${host.port}/#token=${token}`);
  });

  it('serves the renderer with a strict Content-Security-Policy', async () => {
    const res = await httpGet('/', { host: `127.0.0.1:${host.port}` });
    assert.equal(res.status, 200);
    assert.match(res.body, /<title>app<\/title>/);
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-eval/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    const js = await httpGet('/assets/app.js');
    assert.equal(js.status, 200);
    assert.match(String(js.headers['content-type']), /text\/javascript/);
  });

  it('never serves a file outside the renderer folder', async () => {
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%00',
    ]) {
      const res = await httpGet(path);
      assert.equal(res.status, 404, path);
      assert.doesNotMatch(res.body, /outside/);
    }
  });

  it('refuses a request whose Host header is not its own (DNS rebinding)', async () => {
    const res = await httpGet('/', { host: `evil.example:${host.port}` });
    assert.equal(res.status, 403);
  });

  it('refuses the WebSocket upgrade without the token, with a wrong token or from another origin', async () => {
    assert.equal(await upgradeStatus('/api/ws', host.origin), 401);
    assert.equal(await upgradeStatus(`/api/ws?token=${token}x`, host.origin), 401);
    assert.equal(await upgradeStatus(`/api/ws?token=${token}`, 'https://evil.example'), 401);
    assert.equal(await upgradeStatus(`/api/ws?token=${token}`), 401);
    assert.equal(await upgradeStatus(`/api/ws?token=${token}`, host.origin), 'open');
  });

  it('refuses the staging POST without the token or from another origin, and writes nothing', async () => {
    const url = `${host.origin}/api/stage`;
    const noToken = await fetch(url, {
      method: 'POST',
      body: 'abc',
      headers: { origin: host.origin },
    });
    assert.equal(noToken.status, 401);
    const wrongOrigin = await fetch(url, {
      method: 'POST',
      body: 'abc',
      headers: { origin: 'https://evil.example', authorization: `Bearer ${token}` },
    });
    assert.equal(wrongOrigin.status, 403);
    const staged = await readdir(join(work, 'staging')).catch(() => []);
    assert.deepEqual(staged, []);
  });

  it('round-trips a request through createWsBridge and dispatchInvoke', async () => {
    const result = await bridge.invoke('app:get-info', {});
    assert.deepEqual(result, {
      ok: true,
      value: {
        name: 'sia',
        version: '0.0.0',
        platform: process.platform,
        transport: 'web',
        dataDir: '/x',
      },
    });
  });

  it('answers a malformed request with bad-request and a throwing handler with internal', async () => {
    const bad = await bridge.invoke('sites:remove', { siteId: 42 } as never);
    assert.equal(bad.ok, false);
    assert.equal(!bad.ok && bad.error.code, 'bad-request');
    const boom = await bridge.invoke('hostkey:answer', { promptId: 'p', decision: 'accept' });
    assert.equal(!boom.ok && boom.error.code, 'internal');
  });

  it('delivers pushed events to listeners until they unsubscribe', async () => {
    await bridge.invoke('app:get-info', {});
    const seen: number[] = [];
    const off = bridge.on('upload:progress', (p) => seen.push(p.bytes));
    const payload = { uploadId: 'u', entryId: 'e', bytes: 5, total: 10, rateBps: 1, etaMs: 5 };
    const arrived = new Promise<void>((resolve) => {
      const off2 = bridge.on('upload:progress', () => {
        off2();
        resolve();
      });
    });
    host.emit('upload:progress', payload);
    await arrived;
    off();
    host.emit('upload:progress', { ...payload, bytes: 6 });
    await bridge.invoke('app:get-info', {}); // a round trip later, the second push has arrived too
    assert.deepEqual(seen, [5]);
  });

  it('stages a picked file inside the staging folder only, under an opaque ref', async () => {
    const bytes = new TextEncoder().encode('Company,Address\nAcme,1 Main St\n');
    const staged = await bridge.stageFile(new File([bytes], '../../evil/leads.csv'));
    assert.ok(staged.ok, JSON.stringify(staged));
    assert.equal(staged.value.name, 'leads.csv');
    assert.equal(staged.value.size, bytes.length);
    assert.match(staged.value.localRef, /^[0-9a-f]{32}$/);
    const file = host.localFiles.resolve(staged.value.localRef);
    assert.ok(file);
    assert.equal(dirname(file.path), join(work, 'staging'));
    assert.deepEqual(new Uint8Array(await readFile(file.path)), bytes);
    assert.deepEqual(await readdir(work), ['secret.txt', 'staging', 'static']);
    await host.localFiles.discard(staged.value.localRef);
    assert.deepEqual(await readdir(join(work, 'staging')), []);
  });

  it('refuses a staged file over the size limit and leaves no partial behind', async () => {
    const staged = await bridge.stageFile(new File([new Uint8Array(5000)], 'big.csv'));
    assert.equal(!staged.ok && staged.error.code, 'too-large');
    assert.deepEqual(await readdir(join(work, 'staging')), []);
  });

  it('fails calls in flight when the connection drops, then reconnects by itself', async () => {
    await bridge.invoke('app:get-info', {});
    const inFlight = bridge.invoke('watch:stop', { entryId: 'never-answers' });
    await handlerCalled;
    const states: string[] = [];
    const off = bridge.onStatus((s) => states.push(s));
    const reopened = new Promise<void>((resolve) => {
      const off2 = bridge.onStatus((s) => {
        if (s === 'open') {
          off2();
          resolve();
        }
      });
    });
    host.dropClients();
    const lost = await inFlight;
    assert.equal(!lost.ok && lost.error.code, 'unavailable');
    await reopened;
    off();
    assert.deepEqual(states, ['connecting', 'open']);
    const again = await bridge.invoke('app:get-info', {});
    assert.equal(again.ok, true);
  });
});
