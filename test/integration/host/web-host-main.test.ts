/**
 * `npm run web` as a user runs it (host/web-host-main.ts): a real process that builds the
 * renderer when it is stale, serves it on 127.0.0.1 with a fresh token, answers the bridge with
 * the real handlers over that data folder, refuses a WebSocket without the token, stops cleanly
 * on SIGTERM, and refuses a bad flag with exit 2. node.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { createWsBridge, type WebSocketCtor } from '../../../core/ipc/ws-bridge.ts';
import { wsPath } from '../../../core/ipc/ws-protocol.ts';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const main = join(repo, 'host', 'web-host-main.ts');

function wsWithOrigin(origin: string): WebSocketCtor {
  return class extends WebSocket {
    constructor(url: string) {
      super(url, { origin });
    }
  } as unknown as WebSocketCtor;
}

describe('npm run web (host/web-host-main.ts)', { timeout: 180_000 }, () => {
  let data: string;
  let child: ChildProcess;
  let url: URL;
  let token: string;
  let output = '';

  before(async () => {
    data = await mkdtemp(join(tmpdir(), 'sia-web-main-'));
    child = spawn(process.execPath, ['--import', 'tsx', main, '--port', '0', '--data', data], {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const address = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no address printed:\n${output}`)), 170_000);
      child.stdout!.on('data', (d: Buffer) => {
        output += d.toString();
        const m = /open (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(output);
        // The notice about the token follows the address; wait for both.
        if (m && output.includes('Ctrl+C stops')) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}:\n${output}`)));
    });
    url = new URL(address);
    token = url.hash.slice('#token='.length);
  });

  after(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await rm(data, { recursive: true, force: true });
  });

  it('prints the data folder and an address on 127.0.0.1 with a token', () => {
    assert.match(output, new RegExp(`data folder ${data.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    assert.equal(url.hostname, '127.0.0.1');
    assert.ok(token.length >= 32, 'a long random token');
  });

  it('says what the token is: reusable until the host stops, not single use', () => {
    assert.match(output, /not single use/);
    assert.match(output, /until you stop this command/);
    assert.doesNotMatch(output, /one-time|single-use token/i);
  });

  it('serves the app page with its CSP', async () => {
    const res = await fetch(new URL('/', url));
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(res.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.match(await res.text(), /<div id="root">/);
  });

  it('answers the bridge with the real handlers over the given data folder', async () => {
    const origin = url.origin;
    const bridge = createWsBridge({
      url: origin,
      token,
      WebSocket: wsWithOrigin(origin),
      fetch: (input, init) =>
        fetch(input, { ...init, headers: { ...(init?.headers as object), origin } }),
    });
    try {
      const info = await bridge.invoke('app:get-info', {});
      assert.ok(info.ok, JSON.stringify(info));
      assert.equal(info.value.transport, 'web');
      assert.equal(info.value.dataDir, data);
      const sites = await bridge.invoke('sites:list', {});
      assert.ok(sites.ok, JSON.stringify(sites));
      assert.deepEqual(sites.value.sites, []);
    } finally {
      bridge.close();
    }
    // The same token opens a second session (it is not single use, as the notice says).
    const again = createWsBridge({ url: origin, token, WebSocket: wsWithOrigin(origin) });
    try {
      const info = await again.invoke('app:get-info', {});
      assert.ok(info.ok, JSON.stringify(info));
    } finally {
      again.close();
    }
  });

  it('refuses a WebSocket without the token', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${url.port}${wsPath}`, { origin: url.origin });
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
      ws.on('error', () => undefined);
    });
    assert.equal(status, 401);
  });

  it('stops cleanly on SIGTERM', async () => {
    const code = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await code, 0);
  });

  it('refuses a bad flag with exit 2 and says what is wrong', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', main, '--port', 'nope'], {
      cwd: repo,
      encoding: 'utf8',
    });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--port must be a whole number/);
  });
});
