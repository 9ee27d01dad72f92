/**
 * Reliability plan S1/S2: every kind of path-escape attempt through every request, with a
 * sentinel folder beside the workspace roots proving nothing escaped.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startTestEmulator, type TestEmulator } from '../../../helpers/start-emulator.ts';
import { connectRaw, open, statusOfCall, type RawSession } from './raw-client.ts';

const OK = 0;
const NO_SUCH_FILE = 2;
const PERMISSION_DENIED = 3;
const OP_UNSUPPORTED = 8;

describe('path escapes (S1, S2)', { timeout: 60_000 }, () => {
  let emu: TestEmulator;
  let s: RawSession;
  let sentinel: string;
  let sentinelBefore: string[];
  before(async () => {
    emu = await startTestEmulator();
    // <data>/sentinel sits beside <data>/workspaces: a path that escaped would land here.
    sentinel = join(emu.dataDir, 'sentinel');
    await mkdir(sentinel);
    await writeFile(join(sentinel, 'secret.txt'), 'secret');
    const newDir = join(emu.rootOf('classic'), 'Leads', 'Import', 'New');
    await symlink(sentinel, join(emu.rootOf('classic'), 'escape'));
    await symlink(sentinel, join(newDir, 'dirlink'));
    await symlink(join(sentinel, 'secret.txt'), join(newDir, 'filelink.csv'));
    await writeFile(join(newDir, 'mine.csv'), 'a\n1\n');
    sentinelBefore = (await readdir(sentinel)).sort();
    s = await connectRaw(emu.port, { username: 'classic', password: 'demo' });
  });
  after(async () => {
    await s?.end();
    await emu?.close();
    const { rm } = await import('node:fs/promises');
    await rm(emu.dataDir, { recursive: true, force: true });
  });

  const hostile = [
    '../../etc/passwd',
    '/../../x',
    'New/../../x',
    '/Leads/Import/New/../../../../../sentinel/pwned.csv',
    '/Leads/Import/New/%2e%2e/%2e%2e/x.csv',
    '/Leads/Import/New/x\0.csv',
    '/Leads/Import/New/\\..\\..\\x.csv',
    '/escape/pwned.csv',
    '/escape/secret.txt',
    '/Leads/Import/New/dirlink/pwned.csv',
    '/Leads/Import/New/filelink.csv',
  ];

  for (const path of hostile) {
    it(`refuses or clamps every request on ${JSON.stringify(path)}`, async () => {
      const attempts = {
        'open for write': await open(s.sftp, path, 'w'),
        'open for read': await open(s.sftp, path, 'r'),
        stat: await statusOfCall((cb) => s.sftp.stat(path, (e, st) => cb(e, st))),
        remove: await statusOfCall((cb) => s.sftp.unlink(path, (e) => cb(e))),
        mkdir: await statusOfCall((cb) => s.sftp.mkdir(path, (e) => cb(e))),
        opendir: await statusOfCall((cb) => s.sftp.opendir(path, (e, h) => cb(e, h))),
        'rename to it': await statusOfCall((cb) =>
          s.sftp.rename('/Leads/Import/New/mine.csv', path, (e) => cb(e)),
        ),
        setstat: await statusOfCall((cb) =>
          s.sftp.setstat(path, { mtime: 1, atime: 1 }, (e) => cb(e)),
        ),
      };
      for (const [what, r] of Object.entries(attempts)) {
        assert.notEqual(r.code, OK, `${what} ${path} should fail`);
        assert.ok(
          !r.message.includes(emu.dataDir),
          `${what}: the message leaks a disk path: ${r.message}`,
        );
      }
      // The source of the rename is still where it was.
      assert.equal(
        await readFile(join(emu.rootOf('classic'), 'Leads', 'Import', 'New', 'mine.csv'), 'utf8'),
        'a\n1\n',
      );
    });
  }

  it('answers symlinks with PERMISSION_DENIED and link requests with OP_UNSUPPORTED', async () => {
    assert.equal(
      (await open(s.sftp, '/Leads/Import/New/filelink.csv', 'r')).code,
      PERMISSION_DENIED,
    );
    assert.equal((await open(s.sftp, '/escape/secret.txt', 'r')).code, PERMISSION_DENIED);
    const sym = await statusOfCall((cb) =>
      s.sftp.symlink('/etc/passwd', '/Leads/Import/New/p', (e) => cb(e)),
    );
    assert.equal(sym.code, OP_UNSUPPORTED);
    const rl = await statusOfCall((cb) => s.sftp.readlink('/escape', (e, t) => cb(e, t)));
    assert.equal(rl.code, OP_UNSUPPORTED);
  });

  it('clamps .. at the root rather than leaving it', async () => {
    const r = await statusOfCall((cb) => s.sftp.realpath('../../..', (e, p) => cb(e, p)));
    assert.deepEqual(r, { code: OK, message: '', value: '/' });
    const st = await statusOfCall((cb) =>
      s.sftp.stat('../../Templates/Lead.csv', (e, x) => cb(e, x)),
    );
    assert.equal(st.code, OK);
    assert.equal((await open(s.sftp, '/../../etc/passwd', 'r')).code, NO_SUCH_FILE);
  });

  it('left the sentinel folder beside the root untouched', async () => {
    assert.deepEqual((await readdir(sentinel)).sort(), sentinelBefore);
    assert.equal(await readFile(join(sentinel, 'secret.txt'), 'utf8'), 'secret');
    assert.deepEqual(
      (await readdir(emu.dataDir)).filter(
        (n) =>
          ![
            'workspaces',
            'sentinel',
            'host_ed25519',
            'contact-lists_id_rsa',
            'contact-lists_id_rsa.pub',
          ].includes(n),
      ),
      [],
    );
  });
});
