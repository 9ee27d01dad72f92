import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { probeServer } from '../../../engine/transport/ftps/probe.ts';
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
      const ssh = await probeServer(
        '127.0.0.1',
        order({ sftp: emu.port, ftps: emu.port, ftpes: emu.port }),
        2000,
      );
      assert.deepEqual(ssh.found, { protocol: 'sftp', port: emu.port });
      assert.match(ssh.findings.at(-1)?.words ?? '', /speaks SSH/);
      const imp = await probeServer(
        '127.0.0.1',
        order({ sftp: implicit.port, ftps: implicit.port, ftpes: implicit.port }),
        2000,
      );
      assert.deepEqual(imp.found, { protocol: 'ftps', port: implicit.port });
      assert.match(imp.findings[0]?.words ?? '', /implicit TLS \(TLSv1\.[23]\)/);
      const exp = await probeServer(
        '127.0.0.1',
        order({ sftp: explicit.port, ftps: explicit.port, ftpes: explicit.port }),
        2000,
      );
      assert.deepEqual(exp.found, { protocol: 'ftpes', port: explicit.port });
      assert.equal(exp.findings[0]?.speaks, false);
      assert.match(exp.findings[1]?.words ?? '', /explicit TLS/);
      assert.doesNotMatch(explicit.log() + implicit.log(), /"(USER|PASS) /);
    });

    it('a plain FTP server is reported as not offering encryption; a closed port as such', async () => {
      const r = await probeServer('127.0.0.1', [{ protocol: 'ftpes', port: plain.port }], 2000);
      assert.equal(r.found, undefined);
      assert.match(r.findings[0]?.words ?? '', /does not offer encryption/);
      assert.doesNotMatch(plain.log(), /"(USER|PASS) /);
      const closed = await probeServer('127.0.0.1', [{ protocol: 'ftps', port: 1 }], 2000);
      assert.equal(closed.found, undefined);
      assert.match(closed.findings[0]?.words ?? '', /nothing listens/);
    });
  },
);
