/**
 * The OpenSSH extension the emulator announces, `posix-rename@openssh.com`, seen through ssh2's
 * client (which uses it only when announced), and the encoding of its extension packets.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { limitsReply, versionPacket } from '../../../../server-emulator/sftp/sftp-extensions.ts';
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

  it('announces posix-rename (and not limits) and serves it', async () => {
    const s = await connectRaw(emu.port, { username: 'space', password: 'demo' });
    try {
      const inner = s.sftp as unknown as {
        _extensions: Record<string, string>;
        _maxWriteLen: number;
      };
      assert.equal(inner._extensions['posix-rename@openssh.com'], '1');
      assert.equal(inner._extensions['limits@openssh.com'], undefined);
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
