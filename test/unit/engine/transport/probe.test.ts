/**
 * The protocol probe (issue 11) against real listeners: the emulator's SSH port and its FTPS
 * ports (implicit and explicit TLS), a plain TCP server that says nothing, a plain FTP server that
 * refuses AUTH TLS, and a closed port.
 */
import { strict as assert } from 'node:assert';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { rm } from 'node:fs/promises';
import { probeOne, probeServer } from '../../../../engine/transport/probe.ts';
import {
  startFtpsTestEmulator,
  type TestEmulator,
  type TestFtps,
} from '../../../helpers/start-emulator.ts';

function listen(onConnection: Parameters<typeof createServer>[1]): Promise<Server> {
  const server = createServer(onConnection);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
const portOf = (s: Server): number => (s.address() as AddressInfo).port;

describe('probeServer', () => {
  let emu: TestEmulator & { ftps: TestFtps };
  let silent: Server;
  let plainFtp: Server;
  let closedPort: number;
  const received: string[] = [];

  before(async () => {
    emu = await startFtpsTestEmulator();
    silent = await listen(() => undefined);
    plainFtp = await listen((socket) => {
      socket.write('220 plain FTP ready\r\n');
      socket.on('data', (d) => {
        received.push(d.toString());
        socket.write('500 AUTH not understood\r\n');
      });
    });
    const spare = await listen(() => undefined);
    closedPort = portOf(spare);
    await new Promise((r) => spare.close(r));
  });
  after(async () => {
    await emu.close();
    await rm(emu.dataDir, { recursive: true, force: true });
    silent.close();
    plainFtp.close();
  });

  it('names SFTP on the emulator SSH port', async () => {
    const r = await probeServer({
      host: '127.0.0.1',
      candidates: [{ protocol: 'sftp', port: emu.port }],
    });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.equal(r.value.protocol, 'sftp');
    assert.match(r.value.words, /SFTP \(SSH\) on port \d+/);
  });

  it('finds implicit FTPS first, as for SPOTIO', async () => {
    const r = await probeServer({
      host: '127.0.0.1',
      candidates: [
        { protocol: 'ftps', port: emu.ftps.implicitPort },
        { protocol: 'ftpes', port: emu.ftps.explicitPort },
      ],
    });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.equal(r.value.protocol, 'ftps');
    assert.equal(r.value.port, emu.ftps.implicitPort);
    assert.match(r.value.words, /implicit/);
  });

  it('falls back to explicit TLS when the implicit port is closed', async () => {
    const r = await probeServer({
      host: '127.0.0.1',
      candidates: [
        { protocol: 'ftps', port: closedPort },
        { protocol: 'ftpes', port: emu.ftps.explicitPort },
      ],
    });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.equal(r.value.protocol, 'ftpes');
    assert.equal(r.value.attempts.length, 2);
    assert.match(r.value.attempts[0]?.words ?? '', /refused/);
  });

  it('tells each protocol apart on the wrong port', async () => {
    const sshAsImplicit = await probeOne('127.0.0.1', { protocol: 'ftps', port: emu.port }, 3000);
    assert.equal(sshAsImplicit.speaks, false);
    const sshAsExplicit = await probeOne('127.0.0.1', { protocol: 'ftpes', port: emu.port }, 3000);
    assert.equal(sshAsExplicit.speaks, false);
    assert.match(sshAsExplicit.words, /SSH server answered/);
    const explicitAsSsh = await probeOne(
      '127.0.0.1',
      { protocol: 'sftp', port: emu.ftps.explicitPort },
      3000,
    );
    assert.equal(explicitAsSsh.speaks, false);
    assert.match(explicitAsSsh.words, /FTP server answered, not SSH/);
    const explicitAsImplicit = await probeOne(
      '127.0.0.1',
      { protocol: 'ftps', port: emu.ftps.explicitPort },
      3000,
    );
    assert.equal(explicitAsImplicit.speaks, false);
  });

  it('gives up on a silent server within its short timeout', async () => {
    const started = Date.now();
    const r = await probeServer({
      host: '127.0.0.1',
      candidates: [
        { protocol: 'sftp', port: portOf(silent) },
        { protocol: 'ftpes', port: portOf(silent) },
      ],
      timeoutMs: 500,
    });
    const took = Date.now() - started;
    assert.equal(r.ok, false);
    assert.ok(took < 2500, `took ${took} ms`);
    if (!r.ok) {
      assert.match(r.error.message, /no SSH greeting/);
      assert.match(r.error.message, /no FTP greeting/);
    }
  });

  it('refuses a plain FTP server that does not offer TLS, sending it no user name', async () => {
    const r = await probeServer({
      host: '127.0.0.1',
      candidates: [{ protocol: 'ftpes', port: portOf(plainFtp) }],
      timeoutMs: 2000,
    });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error.message, /does not offer encryption/);
    assert.ok(received.join('').startsWith('AUTH TLS\r\n'));
    assert.doesNotMatch(received.join(''), /USER|PASS/);
  });

  it('says nothing listens on a closed port', async () => {
    const r = await probeServer({
      host: '127.0.0.1',
      candidates: [{ protocol: 'sftp', port: closedPort }],
    });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error.message, /connection refused/);
  });
});
