/**
 * The emulator wires its processor in: an upload completed over SFTP is processed by
 * `processNow()` (cycles never overlap), and a file still open for writing is left alone.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startTestEmulator, type TestEmulator } from '../../../helpers/start-emulator.ts';
import { close, connectRaw, open, statusOfCall, write } from './raw-client.ts';

describe('processing wired into the emulator', { timeout: 60_000 }, () => {
  let emu: TestEmulator;
  before(async () => {
    emu = await startTestEmulator({ processing: true });
  });
  after(async () => {
    await emu.close();
    await rm(emu.dataDir, { recursive: true, force: true });
  });

  it('processes a completed upload on processNow and leaves an open one alone', async () => {
    const s = await connectRaw(emu.port, { username: 'classic', password: 'demo' });
    try {
      const past = Math.floor(Date.now() / 1000) - 60;
      const done = await open(s.sftp, '/Leads/Import/New/done.csv', 'w');
      await write(
        s.sftp,
        done.value as Buffer,
        Buffer.from('Company,Address\nAcme,1 Main St\n'),
        0,
      );
      await close(s.sftp, done.value as Buffer);
      await statusOfCall((cb) =>
        s.sftp.utimes('/Leads/Import/New/done.csv', past, past, (e) => cb(e)),
      );
      const open2 = await open(s.sftp, '/Leads/Import/New/.open.csv.part', 'w');
      await write(s.sftp, open2.value as Buffer, Buffer.from('Company,Address\n'), 0);

      const [a, b] = await Promise.all([emu.processNow(), emu.processNow()]);
      assert.ok(a && b, 'both calls resolve to a cycle report');
      const success = await readdir(join(emu.rootOf('classic'), 'Leads', 'Import', 'Success'));
      assert.ok(success.includes('done.csv'), `Success/ holds ${success.join(', ')}`);
      assert.deepEqual(await readdir(join(emu.rootOf('classic'), 'Leads', 'Import', 'New')), [
        '.open.csv.part',
      ]);
      await close(s.sftp, open2.value as Buffer);
    } finally {
      await s.end();
    }
  });
});
