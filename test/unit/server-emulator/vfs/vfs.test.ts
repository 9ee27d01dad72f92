import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkNewName,
  createJail,
  diskPathOf,
  normalizeVirtual,
  VfsError,
  type Jail,
} from '../../../../server-emulator/vfs/jail.ts';

describe('normalizeVirtual', () => {
  it('resolves relative paths against the root', () => {
    assert.deepEqual(normalizeVirtual('New/x.csv'), { ok: true, path: '/New/x.csv' });
    assert.deepEqual(normalizeVirtual(''), { ok: true, path: '/' });
    assert.deepEqual(normalizeVirtual('.'), { ok: true, path: '/' });
  });
  it('clamps .. at the root, as a chroot does', () => {
    assert.deepEqual(normalizeVirtual('../../etc/passwd'), { ok: true, path: '/etc/passwd' });
    assert.deepEqual(normalizeVirtual('/../../x'), { ok: true, path: '/x' });
    assert.deepEqual(normalizeVirtual('New/../../x'), { ok: true, path: '/x' });
  });
  it('refuses a NUL byte', () => {
    assert.equal(normalizeVirtual('New/x\0.csv').ok, false);
  });
  it('treats backslashes as name characters, never as separators', () => {
    assert.deepEqual(normalizeVirtual('\\..\\x'), { ok: true, path: '/\\..\\x' });
  });
});

describe('diskPathOf', () => {
  it('maps a virtual path under the root', () => {
    assert.equal(diskPathOf('/data/ws', '/'), '/data/ws');
    assert.equal(diskPathOf('/data/ws', '/a/b'), '/data/ws/a/b');
  });
});

describe('checkNewName', () => {
  it('accepts ordinary names', () =>
    assert.deepEqual(checkNewName('Leads 2024.csv'), { ok: true }));
  for (const bad of [
    'a\r\nb.csv',
    'tab\t.csv',
    'x\\y.csv',
    'evil\u202Ecsv.exe',
    'x'.repeat(256),
    '..',
    '',
  ]) {
    it(`refuses ${JSON.stringify(bad.slice(0, 20))} with a message`, () => {
      const r = checkNewName(bad);
      assert.equal(r.ok, false);
      if (!r.ok) assert.ok(r.message.length > 5);
    });
  }
});

describe('createJail', () => {
  let base: string;
  let jail: Jail;
  before(async () => {
    base = await mkdtemp(join(tmpdir(), 'sia-vfs-'));
    await mkdir(join(base, 'root', 'New'), { recursive: true });
    await mkdir(join(base, 'outside'));
    await writeFile(join(base, 'outside', 'secret.txt'), 'secret');
    await symlink(join(base, 'outside'), join(base, 'root', 'escape'));
    await symlink(join(base, 'outside', 'secret.txt'), join(base, 'root', 'New', 'link.csv'));
    jail = await createJail(join(base, 'root'));
  });
  after(() => rm(base, { recursive: true, force: true }));

  it('resolves paths inside the root', async () => {
    const r = await jail.resolve('/New/x.csv');
    assert.equal(r.virtual, '/New/x.csv');
    assert.equal(r.disk, join(jail.root, 'New', 'x.csv'));
  });
  it('keeps .. inside the root, so the real outside folder is never reached', async () => {
    const r = await jail.resolve('New/../../../outside.csv');
    assert.equal(r.virtual, '/outside.csv');
    assert.equal(r.disk, join(jail.root, 'outside.csv'));
    await assert.rejects(
      jail.resolve('New/../../../outside/secret.txt'),
      (e: unknown) => e instanceof VfsError && e.code === 'not-found',
    );
  });
  it('refuses a symlink component pointing outside', async () => {
    await assert.rejects(
      jail.resolve('/escape/secret.txt'),
      (e: unknown) => e instanceof VfsError && e.code === 'symlink',
    );
  });
  it('refuses a symlinked file', async () => {
    await assert.rejects(
      jail.resolve('/New/link.csv'),
      (e: unknown) => e instanceof VfsError && e.code === 'symlink',
    );
  });
  it('says not-found for a missing file when it must exist', async () => {
    await assert.rejects(
      jail.resolve('/New/missing.csv', { mustExist: true }),
      (e: unknown) => e instanceof VfsError && e.code === 'not-found',
    );
  });
  it('says not-found for a missing parent folder', async () => {
    await assert.rejects(
      jail.resolve('/Nope/x.csv'),
      (e: unknown) => e instanceof VfsError && e.code === 'not-found',
    );
  });
  it('refuses a NUL byte as an invalid path', async () => {
    await assert.rejects(
      jail.resolve('/New/a\0b'),
      (e: unknown) => e instanceof VfsError && e.code === 'invalid-path',
    );
  });
});
