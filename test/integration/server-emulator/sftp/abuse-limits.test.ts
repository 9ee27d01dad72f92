/**
 * One authenticated user cannot exhaust the emulator for the others (issue 14): open handles per
 * SFTP session, the byte quota of a workspace and the maximum file size, each refused with the
 * limit and its value — over OpenSSH's sftp, the ssh2 client and curl (FTPS, 552).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leadSchema } from '../../../../core/schema/demo-schemas.ts';
import { curlFtps, curlReplies, type FtpsTarget } from '../../../helpers/ftps-peers.ts';
import { runSftpBatch } from '../../../helpers/openssh.ts';
import {
  startFtpsTestEmulator,
  type TestEmulator,
  type TestFtps,
} from '../../../helpers/start-emulator.ts';
import { close, connectRaw, statusOfCall } from './raw-client.ts';

const New = '/Leads/Import/New';
const FAILURE = 4;

describe('limits that keep one user from exhausting the server', { timeout: 120_000 }, () => {
  let emu: TestEmulator & { ftps: TestFtps };
  let work: string;
  let tightNew: string;
  let ftps: FtpsTarget;
  const sftp = (commands: string[]) =>
    runSftpBatch({
      host: '127.0.0.1',
      port: emu.port,
      user: 'tight',
      password: 'tight-pw',
      commands,
      cwd: work,
    });

  before(async () => {
    emu = await startFtpsTestEmulator({
      extraWorkspaces: [
        {
          name: 'tight',
          profile: 'classic',
          users: [{ username: 'tight', password: 'tight-pw', publicKeys: [] }],
          schemas: [leadSchema],
          exportSchedule: 'none',
          pullSources: [],
          limits: { quotaBytes: 300_000, maxFileBytes: 200_000 },
        },
      ],
    });
    work = await mkdtemp(join(tmpdir(), 'sia-limits-'));
    tightNew = join(emu.rootOf('tight'), 'Leads', 'Import', 'New');
    ftps = { port: emu.ftps.explicitPort, implicit: false, user: 'tight', password: 'tight-pw' };
    await writeFile(join(work, 'big.csv'), Buffer.alloc(250_000, 'x'));
    await writeFile(join(work, 'a.csv'), Buffer.alloc(160_000, 'a'));
    await writeFile(join(work, 'b.csv'), Buffer.alloc(160_000, 'b'));
  });
  after(async () => {
    await emu.close();
    await rm(emu.dataDir, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  });

  it('caps open handles per SFTP session at 64, naming the limit; other sessions are unaffected', async () => {
    const s = await connectRaw(emu.port, { username: 'classic', password: 'demo' });
    const other = await connectRaw(emu.port, { username: 'classic', password: 'demo' });
    try {
      const opened: Buffer[] = [];
      for (let i = 0; i < 64; i++) {
        const r = await statusOfCall((cb) => s.sftp.opendir('/', cb));
        assert.equal(r.code, 0, `handle ${i + 1}: ${r.message}`);
        opened.push(r.value as Buffer);
      }
      const over = await statusOfCall((cb) => s.sftp.opendir('/', cb));
      assert.equal(over.code, FAILURE);
      assert.match(over.message, /already has 64 files and folders open.*open handle limit/);
      const overFile = await statusOfCall((cb) => s.sftp.open(`${New}/x.csv`, 'w', cb));
      assert.equal(overFile.code, FAILURE);
      // Another session of the same workspace still works.
      const listed = await statusOfCall((cb) => other.sftp.readdir('/', cb));
      assert.equal(listed.code, 0, listed.message);
      // Closing one makes room for one.
      assert.equal((await close(s.sftp, opened.pop() as Buffer)).code, 0);
      const again = await statusOfCall((cb) => s.sftp.opendir('/', cb));
      assert.equal(again.code, 0, again.message);
    } finally {
      await s.end();
      await other.end();
    }
  });

  it('OpenSSH sftp: a put past the file size limit fails naming it, and nothing is kept', async () => {
    const r = await sftp([`put big.csv ${New}/big.csv`]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /This workspace accepts files up to 200 kB/);
    assert.match(r.stderr, /at byte 200000/);
    assert.deepEqual(await readdir(tightNew), []);
  });

  it('OpenSSH sftp: the upload that would pass the workspace quota fails naming it; the first stays', async () => {
    const ok = await sftp([`put a.csv ${New}/a.csv`]);
    assert.equal(ok.code, 0, ok.stderr);
    const r = await sftp([`put b.csv ${New}/b.csv`]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /storage quota is 300 kB and this upload would pass it/);
    assert.deepEqual(await readdir(tightNew), ['a.csv']);
  });

  it('FTPS (curl): over the quota and over the size limit each get 552 with the limit', async () => {
    const quota = await curlFtps(ftps, `${New}/`, ['-T', join(work, 'b.csv')]);
    assert.notEqual(quota.code, 0);
    const qr = curlReplies(quota.stderr).find((l) => l.startsWith('552'));
    assert.ok(qr, curlReplies(quota.stderr).join(' | '));
    assert.match(qr, /storage quota is 300 kB/);

    await rm(join(tightNew, 'a.csv'));
    const size = await curlFtps(ftps, `${New}/`, ['-T', join(work, 'big.csv')]);
    assert.notEqual(size.code, 0);
    const sr = curlReplies(size.stderr).find((l) => l.startsWith('552'));
    assert.ok(sr, curlReplies(size.stderr).join(' | '));
    assert.match(sr, /accepts files up to 200 kB/);
    assert.deepEqual(await readdir(tightNew), []);
  });
});
