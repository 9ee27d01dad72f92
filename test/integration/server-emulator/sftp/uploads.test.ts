/**
 * Upload completion (contract §4, §9; reliability plan U2, U12, S4): temps renamed at CLOSE,
 * partial uploads never visible, `.part` renamed once, the space 100 MB limit at its offset.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { UploadCompleted } from '../../../../server-emulator/events.ts';
import { isInProgressName } from '../../../../server-emulator/vfs/uploads.ts';
import { startTestEmulator, type TestEmulator } from '../../../helpers/start-emulator.ts';
import { close, connectRaw, open, statusOfCall, write } from './raw-client.ts';

const FAILURE = 4;

async function until(
  what: string,
  check: () => Promise<boolean> | boolean,
  ms = 5000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('upload completion', { timeout: 60_000 }, () => {
  let emu: TestEmulator;
  let completed: UploadCompleted[];
  let newDir: string;
  before(async () => {
    emu = await startTestEmulator();
    newDir = join(emu.rootOf('classic'), 'Leads', 'Import', 'New');
    completed = [];
    emu.events.on('upload-completed', (u) => completed.push(u));
  });
  after(async () => {
    await emu.close();
    await rm(emu.dataDir, { recursive: true, force: true });
  });

  it('keeps an open upload under a hidden temp name until CLOSE, then renames it and emits once', async () => {
    const s = await connectRaw(emu.port, { username: 'classic', password: 'demo' });
    try {
      completed.length = 0;
      const h = await open(s.sftp, '/Leads/Import/New/leads.csv', 'w');
      assert.equal(h.code, 0);
      const handle = h.value as Buffer;
      assert.equal((await write(s.sftp, handle, Buffer.from('Company,Address\n'), 0)).code, 0);
      const onDisk = await readdir(newDir);
      assert.ok(!onDisk.includes('leads.csv'), 'the real name must not exist before CLOSE');
      assert.ok(
        onDisk.every((n) => isInProgressName(n)),
        `only in-progress names on disk: ${onDisk.join(', ')}`,
      );
      assert.equal(emu.isOpenForWrite(join(newDir, 'leads.csv')), true);
      const listed = await statusOfCall((cb) =>
        s.sftp.readdir('/Leads/Import/New', (e, l) => cb(e, l)),
      );
      assert.deepEqual(
        (listed.value as { filename: string }[] | undefined) ?? [],
        [],
        'the temp is not listed',
      );
      assert.deepEqual(completed, []);
      assert.equal((await close(s.sftp, handle)).code, 0);
      assert.equal(await readFile(join(newDir, 'leads.csv'), 'utf8'), 'Company,Address\n');
      assert.deepEqual(completed, [
        { workspace: 'classic', path: '/Leads/Import/New/leads.csv', size: 16 },
      ]);
      assert.equal(emu.isOpenForWrite(join(newDir, 'leads.csv')), false);
      assert.deepEqual(await readdir(newDir), ['leads.csv']);
    } finally {
      await s.end();
      await rm(join(newDir, 'leads.csv'), { force: true });
    }
  });

  it('drops a partial upload whose connection dies before CLOSE: nothing visible, temp removed', async () => {
    const s = await connectRaw(emu.port, { username: 'classic', password: 'demo' });
    completed.length = 0;
    const h = await open(s.sftp, '/Leads/Import/New/partial.csv', 'w');
    assert.equal((await write(s.sftp, h.value as Buffer, Buffer.alloc(64 * 1024, 65), 0)).code, 0);
    assert.equal((await readdir(newDir)).length, 1);
    const closed = once(emu.events, 'session-closed');
    s.client.destroy();
    await closed;
    await until('the temp to be removed', async () => (await readdir(newDir)).length === 0);
    assert.deepEqual(completed, []);
    assert.equal(emu.isOpenForWrite(join(newDir, 'partial.csv')), false);
  });

  it('replaces an existing file of the same name when a new upload completes', async () => {
    const s = await connectRaw(emu.port, { username: 'classic', password: 'demo' });
    try {
      for (const body of ['first\n', 'second!\n']) {
        const h = await open(s.sftp, '/Leads/Import/New/same.csv', 'w');
        await write(s.sftp, h.value as Buffer, Buffer.from(body), 0);
        assert.equal((await close(s.sftp, h.value as Buffer)).code, 0);
      }
      assert.equal(await readFile(join(newDir, 'same.csv'), 'utf8'), 'second!\n');
    } finally {
      await s.end();
      await rm(join(newDir, 'same.csv'), { force: true });
    }
  });

  it('gives concurrent uploads of one name their own temps: no interleaved bytes, one event each (U10)', async () => {
    const bodies = [0, 1, 2, 3].map((i) => Buffer.alloc(256 * 1024 + i, 97 + i));
    const sessions = await Promise.all(
      bodies.map(() => connectRaw(emu.port, { username: 'classic', password: 'demo' })),
    );
    try {
      completed.length = 0;
      await Promise.all(
        sessions.map(
          (s, i) =>
            new Promise<void>((resolve, reject) =>
              s.sftp.writeFile(
                '/Leads/Import/New/same-name.csv',
                bodies[i] ?? Buffer.alloc(0),
                (err) => (err ? reject(err) : resolve()),
              ),
            ),
        ),
      );
      const final = await readFile(join(newDir, 'same-name.csv'));
      assert.ok(
        bodies.some((b) => b.equals(final)),
        'the file is exactly one of the uploads',
      );
      assert.equal(completed.length, 4);
      assert.deepEqual(await readdir(newDir), ['same-name.csv']);
    } finally {
      await Promise.all(sessions.map((s) => s.end()));
      await rm(join(newDir, 'same-name.csv'), { force: true });
    }
  });

  it('writes .part in place and emits exactly one upload-completed on the rename', async () => {
    const s = await connectRaw(emu.port, { username: 'classic', password: 'demo' });
    try {
      completed.length = 0;
      const h = await open(s.sftp, '/Leads/Import/New/.big.csv.part', 'w');
      await write(s.sftp, h.value as Buffer, Buffer.from('a,b\n'), 0);
      await close(s.sftp, h.value as Buffer);
      // Resume: append at the remote size, as a client does after a dropped connection.
      const h2 = await open(s.sftp, '/Leads/Import/New/.big.csv.part', 'r+');
      await write(s.sftp, h2.value as Buffer, Buffer.from('1,2\n'), 4);
      await close(s.sftp, h2.value as Buffer);
      assert.equal(await readFile(join(newDir, '.big.csv.part'), 'utf8'), 'a,b\n1,2\n');
      assert.deepEqual(completed, []);
      const r = await statusOfCall((cb) =>
        s.sftp.rename('/Leads/Import/New/.big.csv.part', '/Leads/Import/New/big.csv', (e) => cb(e)),
      );
      assert.equal(r.code, 0);
      assert.deepEqual(completed, [
        { workspace: 'classic', path: '/Leads/Import/New/big.csv', size: 8 },
      ]);
    } finally {
      await s.end();
      await rm(join(newDir, 'big.csv'), { force: true });
    }
  });

  it('keeps a .part left by a dropped connection, so the client can resume it', async () => {
    const s = await connectRaw(emu.port, { username: 'classic', password: 'demo' });
    const h = await open(s.sftp, '/Leads/Import/New/.r.csv.part', 'w');
    await write(s.sftp, h.value as Buffer, Buffer.from('half'), 0);
    const closed = once(emu.events, 'session-closed');
    s.client.destroy();
    await closed;
    await until(
      'the handle to be released',
      () => !emu.isOpenForWrite(join(newDir, '.r.csv.part')),
    );
    assert.equal(await readFile(join(newDir, '.r.csv.part'), 'utf8'), 'half');
    await rm(join(newDir, '.r.csv.part'));
  });

  it('fails a space upload at the write that passes 100 MB, naming the limit, and removes the partial', async () => {
    const s = await connectRaw(emu.port, { username: 'space', password: 'demo' });
    const root = emu.rootOf('space');
    try {
      completed.length = 0;
      const h = await open(s.sftp, '/huge.csv', 'w');
      const handle = h.value as Buffer;
      assert.equal((await write(s.sftp, handle, Buffer.from('a,b\n'), 0)).code, 0);
      // Sparse: the last bytes that still fit, then one byte past the limit.
      assert.equal((await write(s.sftp, handle, Buffer.alloc(10, 66), 100_000_000 - 10)).code, 0);
      const over = await write(s.sftp, handle, Buffer.alloc(1, 67), 100_000_000);
      assert.equal(over.code, FAILURE);
      assert.match(over.message, /Flatfile accepts files up to 100 MB/);
      const again = await write(s.sftp, handle, Buffer.from('x'), 5);
      assert.equal(again.code, FAILURE);
      const closed = await close(s.sftp, handle);
      assert.equal(closed.code, FAILURE);
      await until('the partial to be removed', async () => (await readdir(root)).length === 0);
      assert.deepEqual(completed, []);
    } finally {
      await s.end();
    }
  });

  it('fails an in-place space upload past 100 MB and removes it too', async () => {
    const s = await connectRaw(emu.port, { username: 'space', password: 'demo' });
    const root = emu.rootOf('space');
    try {
      const h = await open(s.sftp, '/.huge.csv.part', 'w');
      const over = await write(s.sftp, h.value as Buffer, Buffer.alloc(20), 100_000_000 - 10);
      assert.equal(over.code, FAILURE);
      await close(s.sftp, h.value as Buffer);
      await until('the partial to be removed', async () => (await readdir(root)).length === 0);
    } finally {
      await s.end();
    }
  });

  it('counts appended bytes from the end of the file for the space limit', async () => {
    const s = await connectRaw(emu.port, { username: 'space', password: 'demo' });
    const root = emu.rootOf('space');
    try {
      const h = await open(s.sftp, '/.grow.csv.part', 'w');
      assert.equal(
        (await write(s.sftp, h.value as Buffer, Buffer.alloc(10, 65), 100_000_000 - 10)).code,
        0,
      );
      await close(s.sftp, h.value as Buffer);
      // An append sends offset 0, but its bytes land after the 100,000,000 already there.
      const a = await open(s.sftp, '/.grow.csv.part', 'a');
      const over = await write(s.sftp, a.value as Buffer, Buffer.from('x'), 0);
      assert.equal(over.code, FAILURE);
      assert.match(over.message, /100 MB/);
      await close(s.sftp, a.value as Buffer);
      await until('the partial to be removed', async () => (await readdir(root)).length === 0);
    } finally {
      await s.end();
    }
  });

  it('stores a large upload byte for byte (pipelined positional writes)', async () => {
    const s = await connectRaw(emu.port, { username: 'flexible', password: 'demo' });
    const local = Buffer.alloc(8 * 1024 * 1024);
    for (let i = 0; i < local.length; i += 4) local.writeUInt32LE((i * 2654435761) >>> 0, i);
    try {
      await new Promise<void>((resolve, reject) =>
        s.sftp.writeFile('/DataObjects/Import/New/Account_big.csv', local, (err) =>
          err ? reject(err) : resolve(),
        ),
      );
      const onDisk = await readFile(
        join(emu.rootOf('flexible'), 'DataObjects', 'Import', 'New', 'Account_big.csv'),
      );
      assert.equal(onDisk.length, local.length);
      assert.ok(onDisk.equals(local));
      const st = await stat(
        join(emu.rootOf('flexible'), 'DataObjects', 'Import', 'New', 'Account_big.csv'),
      );
      assert.equal(st.size, local.length);
    } finally {
      await s.end();
    }
  });
});
