/**
 * Every way a name enters a folder enforces the same name rules (issue 14): an SFTP upload, an
 * SFTP rename and FTPS STOR / RNTO all refuse the same names with the same words. A 230-byte name
 * used to be refused by an upload (its temp name was too long) but accepted by a rename, and the
 * processor then failed to claim it every cycle.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { curlFtps, curlReplies, type FtpsTarget } from '../../../helpers/ftps-peers.ts';
import {
  startFtpsTestEmulator,
  type TestEmulator,
  type TestFtps,
} from '../../../helpers/start-emulator.ts';
import { close, connectRaw, open, statusOfCall, write } from './raw-client.ts';

const New = '/Leads/Import/New';
const FAILURE = 4;
const refusedNames: [string, RegExp][] = [
  [`${'n'.repeat(226)}.csv`, /the name is too long \(at most 200 bytes\)/],
  [`${'m'.repeat(197)}.csv`, /the name is too long \(at most 200 bytes\)/],
  ['back\\slash.csv', /cannot contain a backslash/],
  ['rtl\u202egpj.csv', /text-direction characters/],
];

describe('one set of name rules for uploads and renames', { timeout: 120_000 }, () => {
  let emu: TestEmulator & { ftps: TestFtps };
  let work: string;
  let newDir: string;
  let ftps: FtpsTarget;
  before(async () => {
    emu = await startFtpsTestEmulator();
    work = await mkdtemp(join(tmpdir(), 'sia-names-'));
    newDir = join(emu.rootOf('classic'), 'Leads', 'Import', 'New');
    ftps = { port: emu.ftps.explicitPort, implicit: false, user: 'classic', password: 'demo' };
    await writeFile(join(work, 'ok.csv'), 'Company,Address\nA,1 Main\n');
  });
  after(async () => {
    await emu.close();
    await rm(emu.dataDir, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  });

  it('SFTP: an upload and a rename refuse the same names with the same message', async () => {
    const s = await connectRaw(emu.port, { username: 'classic', password: 'demo' });
    try {
      const h = await open(s.sftp, `${New}/ok.csv`, 'w');
      assert.equal(h.code, 0, h.message);
      assert.equal((await write(s.sftp, h.value as Buffer, Buffer.from('a\n'), 0)).code, 0);
      assert.equal((await close(s.sftp, h.value as Buffer)).code, 0);
      for (const [name, why] of refusedNames) {
        const up = await open(s.sftp, `${New}/${name}`, 'w');
        assert.equal(up.code, FAILURE, `upload of ${name}`);
        assert.match(up.message, why);
        const mv = await statusOfCall((cb) => s.sftp.rename(`${New}/ok.csv`, `${New}/${name}`, cb));
        assert.equal(mv.code, FAILURE, `rename to ${name}`);
        assert.equal(mv.message, up.message, 'the same words for both');
        const px = await statusOfCall((cb) =>
          s.sftp.ext_openssh_rename(`${New}/ok.csv`, `${New}/${name}`, cb),
        );
        assert.equal(px.code, FAILURE, `posix-rename to ${name}`);
      }
      // The longest allowed name works both ways.
      const longest = `${'k'.repeat(196)}.csv`;
      const mv = await statusOfCall((cb) =>
        s.sftp.rename(`${New}/ok.csv`, `${New}/${longest}`, cb),
      );
      assert.equal(mv.code, 0, mv.message);
      assert.deepEqual(await readdir(newDir), [longest]);
      await rm(join(newDir, longest));
    } finally {
      await s.end();
    }
  });

  it('FTPS (curl): STOR and RNTO refuse the same names with 553 and the same words', async () => {
    const up = await curlFtps(ftps, `${New}/`, ['-T', join(work, 'ok.csv')]);
    assert.equal(up.code, 0, up.stderr);
    for (const [name, why] of refusedNames.slice(0, 2)) {
      const stor = await curlFtps(ftps, `${New}/${name}`, ['-T', join(work, 'ok.csv')]);
      assert.notEqual(stor.code, 0);
      const sr = curlReplies(stor.stderr).find((l) => l.startsWith('553'));
      assert.ok(sr, curlReplies(stor.stderr).join(' | '));
      assert.match(sr, why);
      const mv = await curlFtps(ftps, '/', [
        '-Q',
        `RNFR ${New}/ok.csv`,
        '-Q',
        `RNTO ${New}/${name}`,
      ]);
      assert.notEqual(mv.code, 0);
      const mr = curlReplies(mv.stderr).find((l) => l.startsWith('553'));
      assert.ok(mr, curlReplies(mv.stderr).join(' | '));
      assert.equal(mr.slice(4), sr.slice(4), 'the same words for both');
    }
    assert.deepEqual(await readdir(newDir), ['ok.csv']);
  });
});
