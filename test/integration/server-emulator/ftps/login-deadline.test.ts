/**
 * The FTPS login deadline (issue 14): a control connection that has not logged in within the
 * limit is told `421` naming the limit before it is closed — as the SSH side's disconnect reason
 * — on the explicit listener before and after `AUTH TLS`, and on the implicit one (inside TLS).
 * Read with raw node:net / node:tls sockets, byte for byte until the server closes.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { rm } from 'node:fs/promises';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { curlFtps } from '../../../helpers/ftps-peers.ts';
import { startFtpsTestEmulator, type TestEmulator } from '../../../helpers/start-emulator.ts';

const deadline = '421 no login within 1 s (the login time limit); connect again and log in\r\n';

/** Everything the server sends on `socket` until it closes it (or `limitMs` passes: rejects). */
function readUntilClosed(socket: Socket | TLSSocket, limitMs: number): Promise<string> {
  let text = '';
  socket.on('data', (d: Buffer) => (text += d.toString('utf8')));
  socket.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`still open after ${limitMs} ms; received: ${JSON.stringify(text)}`));
    }, limitMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(text);
    });
  });
}

function tcp(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = netConnect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
}

function tls(opts: { port: number } | { socket: Socket }): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const t = tlsConnect({
      ...('socket' in opts ? { socket: opts.socket } : { host: '127.0.0.1', port: opts.port }),
      rejectUnauthorized: false,
    });
    t.once('secureConnect', () => resolve(t));
    t.once('error', reject);
  });
}

/** The next chunk that ends a reply line, as text. */
async function nextLine(socket: Socket): Promise<string> {
  const [d] = (await once(socket, 'data')) as [Buffer];
  return d.toString('utf8');
}

describe('FTPS login deadline', { timeout: 60_000 }, () => {
  let emu: TestEmulator & { ftps: { implicitPort: number; explicitPort: number } };
  before(async () => {
    emu = await startFtpsTestEmulator({ limits: { loginTimeoutMs: 1000 } });
  });
  after(async () => {
    await emu.close();
    await rm(emu.dataDir, { recursive: true, force: true });
  });

  it('explicit listener, plain text: 220, then 421 naming the limit, then the close', async () => {
    const s = await tcp(emu.ftps.explicitPort);
    const t0 = Date.now();
    const text = await readUntilClosed(s, 6000);
    assert.match(text, /^220 /);
    assert.ok(text.endsWith(deadline), JSON.stringify(text));
    assert.ok(Date.now() - t0 >= 900, 'not before the deadline');
  });

  it('explicit listener after AUTH TLS, and USER without PASS: the 421 comes inside TLS', async () => {
    const s = await tcp(emu.ftps.explicitPort);
    assert.match(await nextLine(s), /^220 /);
    s.write('AUTH TLS\r\n');
    assert.match(await nextLine(s), /^234 /);
    const t = await tls({ socket: s });
    t.write('USER classic\r\n');
    const text = await readUntilClosed(t, 6000);
    assert.match(text, /^331 /);
    assert.ok(text.endsWith(deadline), JSON.stringify(text));
  });

  it('implicit listener: 220 and 421 inside TLS, then the close', async () => {
    const t = await tls({ port: emu.ftps.implicitPort });
    const text = await readUntilClosed(t, 6000);
    assert.match(text, /^220 /);
    assert.ok(text.endsWith(deadline), JSON.stringify(text));
  });

  it('a login in time is not cut off by the deadline', async () => {
    // Logged in at once, then idle past the deadline: the timer was cleared, NOOP still works.
    const s = await tcp(emu.ftps.explicitPort);
    assert.match(await nextLine(s), /^220 /);
    s.write('AUTH TLS\r\n');
    assert.match(await nextLine(s), /^234 /);
    const t = await tls({ socket: s });
    t.write('USER classic\r\n');
    assert.match(await nextLine(t), /^331 /);
    t.write('PASS demo\r\n');
    assert.match(await nextLine(t), /^230 /);
    await new Promise((r) => setTimeout(r, 1500));
    t.write('NOOP\r\n');
    assert.match(await nextLine(t), /^200 /);
    t.write('QUIT\r\n');
    const rest = await readUntilClosed(t, 6000);
    assert.match(rest, /^221 /);
    const ok = await curlFtps(
      { port: emu.ftps.explicitPort, implicit: false, user: 'classic', password: 'demo' },
      '/',
    );
    assert.equal(ok.code, 0, ok.stderr);
  });
});
