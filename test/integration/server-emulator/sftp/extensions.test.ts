/**
 * The OpenSSH extensions the emulator announces: `limits@openssh.com` (big WRITEs, like sshd)
 * and `posix-rename@openssh.com`, seen through ssh2's client, which uses both when announced.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { limitsReply, versionPacket } from '../../../../server-emulator/sftp-extensions.ts';
import { startTestEmulator, type TestEmulator } from '../../../helpers/start-emulator.ts';
import { connectRaw, statusOfCall } from './raw-client.ts';

describe('announced SFTP extensions', { timeout: 30_000 }, () => {
  let emu: TestEmulator;
  before(async () => {
    emu = await startTestEmulator();
  });
  after(async () => {
    await emu.close();
    await rm(emu.dataDir, { recursive: true, force: true });
  });

  it('encodes the VERSION packet and the limits reply as the OpenSSH protocol says', () => {
    const v = versionPacket({ 'limits@openssh.com': '1' });
    assert.equal(v.readUInt32BE(0), v.length - 4);
    assert.deepEqual([...v.subarray(4, 9)], [2, 0, 0, 0, 3]);
    assert.equal(v.subarray(13, 31).toString(), 'limits@openssh.com');
    const r = limitsReply(7);
    assert.equal(r[4], 201);
    assert.equal(r.readUInt32BE(5), 7);
    assert.equal(r.readBigUInt64BE(9), 262144n);
    assert.equal(r.readBigUInt64BE(17), 261120n);
  });

  it('lets the client use 255 KiB writes and posix-rename', async () => {
    const s = await connectRaw(emu.port, { username: 'space', password: 'demo' });
    try {
      const inner = s.sftp as unknown as {
        _extensions: Record<string, string>;
        _maxWriteLen: number;
      };
      assert.equal(inner._extensions['limits@openssh.com'], '1');
      assert.equal(inner._extensions['posix-rename@openssh.com'], '1');
      // ssh2's client asks for the limits right after VERSION and adopts them.
      assert.equal(inner._maxWriteLen, 261120);
      const body = Buffer.alloc(600 * 1024, 7);
      await new Promise<void>((res, rej) =>
        s.sftp.writeFile('/.x.csv.part', body, (e) => (e ? rej(e) : res())),
      );
      const r = await statusOfCall((cb) =>
        s.sftp.ext_openssh_rename('/.x.csv.part', '/x.csv', (e) => cb(e)),
      );
      assert.equal(r.code, 0);
      assert.ok((await readFile(join(emu.rootOf('space'), 'x.csv'))).equals(body));
    } finally {
      await s.end();
    }
  });
});
