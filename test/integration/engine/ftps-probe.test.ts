import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { probeServer } from '../../../engine/transport/probe.ts';
import { canRunVsftpd, startVsftpd, type RunningVsftpd } from '../../helpers/vsftpd.ts';
import { startTestEmulator, type TestEmulator } from '../../helpers/start-emulator.ts';

// Issue 11: for a bare host, which protocol the server speaks — SSH, implicit TLS, or FTP with
// AUTH TLS — told in plain words, without sending any credential.
const can = canRunVsftpd();

describe(
  'probing which protocol a server speaks',
  { skip: can.ok ? false : can.why, timeout: 120_000 },
  () => {
    let explicit: RunningVsftpd;
    let implicit: RunningVsftpd;
    let plain: RunningVsftpd;
    let emu: TestEmulator;

    before(async () => {
      explicit = await startVsftpd({ mode: 'explicit' });
      implicit = await startVsftpd({ mode: 'implicit' });
      plain = await startVsftpd({ mode: 'plain' });
      emu = await startTestEmulator();
    });
    after(async () => {
      await explicit?.close();
      await implicit?.close();
      await plain?.close();
      await emu?.close();
      if (emu) rmSync(emu.dataDir, { recursive: true, force: true });
    });

    it('finds SSH, implicit TLS and explicit TLS where each is, in the given order', async () => {
      const order = (ports: { sftp: number; ftps: number; ftpes: number }) =>
        [
          { protocol: 'ftps', port: ports.ftps },
          { protocol: 'ftpes', port: ports.ftpes },
          { protocol: 'sftp', port: ports.sftp },
        ] as const;
      const probe = (port: number) =>
        probeServer({
          host: '127.0.0.1',
          candidates: order({ sftp: port, ftps: port, ftpes: port }),
          timeoutMs: 2000,
        });
      const ssh = await probe(emu.port);
      assert.ok(ssh.ok);
      assert.deepEqual([ssh.value.protocol, ssh.value.port], ['sftp', emu.port]);
      const imp = await probe(implicit.port);
      assert.ok(imp.ok);
      assert.deepEqual([imp.value.protocol, imp.value.port], ['ftps', implicit.port]);
      assert.match(imp.value.words, /implicit/);
      const exp = await probe(explicit.port);
      assert.ok(exp.ok);
      assert.deepEqual([exp.value.protocol, exp.value.port], ['ftpes', explicit.port]);
      assert.equal(exp.value.attempts[0]?.speaks, false);
      assert.match(exp.value.words, /explicit/);
      assert.doesNotMatch(explicit.log() + implicit.log(), /"(USER|PASS) /);
    });

    it('a plain FTP server is reported as not offering encryption; a closed port as such', async () => {
      const r = await probeServer({
        host: '127.0.0.1',
        candidates: [{ protocol: 'ftpes', port: plain.port }],
        timeoutMs: 2000,
      });
      assert.ok(!r.ok);
      assert.match(r.error.message, /no encryption|does not offer encryption|without encryption/i);
      assert.doesNotMatch(plain.log(), /"(USER|PASS) /);
      const closed = await probeServer({
        host: '127.0.0.1',
        candidates: [{ protocol: 'ftps', port: 1 }],
        timeoutMs: 2000,
      });
      assert.ok(!closed.ok);
    });
  },
);
