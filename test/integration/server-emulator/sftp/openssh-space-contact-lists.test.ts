/**
 * OpenSSH's own `sftp` client as the customer's client for the other push profiles (contract §9):
 * - space (seed 001): a put into `/` is imported by a cycle and disappears from `ls`; a put past
 *   100 MB is refused with the limit named in sftp's output, and nothing of it stays behind;
 * - contact-lists (seed 002): a key pair from the app's own generator (engine/transport/sftp/keys.ts) on a
 *   workspace user, a put into `/`, the workspace's own short cycle moves it off `ls` and into the
 *   server's file list the admin endpoint shows.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import ssh2 from 'ssh2';
import { generateRsaKeyPair } from '../../../../engine/transport/sftp/keys.ts';
import { profiles } from '../../../../core/profiles/profiles.ts';
import { runSftpBatch } from '../../../helpers/openssh.ts';
import { startTestEmulator, type TestEmulator } from '../../../helpers/start-emulator.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const passphrase = `pp-${randomUUID()}`;

describe('OpenSSH sftp against the space and contact-lists profiles', { timeout: 180_000 }, () => {
  let emu: TestEmulator;
  let work: string;
  let keyPath: string;
  const csv = 'Company,City\nAcme Roofing,Austin\nBirch Dental,Dallas\n';

  before(async () => {
    work = await mkdtemp(join(tmpdir(), 'sia-openssh-profiles-'));
    // The app's generator (the Ocelot "generate a key" flow), encrypted as the app keeps it; sftp
    // gets the passphrase at its prompt.
    const pair = generateRsaKeyPair({ comment: 'ocelot-test', passphrase });
    assert.ok(ssh2.utils.parseKey(pair.privateKey) instanceof Error, 'encrypted');
    keyPath = join(work, 'ocelot_id_rsa');
    await writeFile(keyPath, pair.privateKey, { mode: 0o600 });
    emu = await startTestEmulator({
      processing: true,
      admin: true,
      extraWorkspaces: [
        {
          name: 'ocelot',
          profile: 'contact-lists',
          users: [{ username: 'ocelot', publicKeys: [pair.publicKey] }],
          schemas: [],
          exportSchedule: 'none',
          pullSources: [],
          // Its own short cycle; the other workspaces keep the test default of an hour.
          interval: '300ms',
        },
      ],
    });
    await writeFile(join(work, 'contacts.csv'), csv);
    await writeFile(join(work, 'leads.csv'), csv);
    // Settled a minute ago (`put -p` keeps it), so the next cycle takes it (contract §4).
    const past = new Date(Date.now() - 60_000);
    await utimes(join(work, 'leads.csv'), past, past);
  });
  after(async () => {
    await emu?.close();
    if (emu) await rm(emu.dataDir, { recursive: true, force: true });
    if (work) await rm(work, { recursive: true, force: true });
  });

  const adminFiles = async (ws: string) => {
    const res = await fetch(`http://127.0.0.1:${emu.adminPort}/api/workspaces/${ws}/files`, {
      headers: { authorization: `Bearer ${emu.adminToken ?? ''}` },
      signal: AbortSignal.timeout(10_000),
    });
    assert.equal(res.status, 200);
    return (await res.json()) as {
      spaceFiles: { name: string; size: number; sha256: string; rows: number | null }[];
      contactLists: { id: number; name: string; size: number }[];
    };
  };
  const space = (commands: string[]) =>
    runSftpBatch({
      host: '127.0.0.1',
      port: emu.port,
      user: 'space',
      password: 'demo',
      cwd: work,
      commands,
      timeoutMs: 60_000,
    });

  it('space: a put into / is imported by a cycle and then gone from ls', async () => {
    const put = await space(['put -p leads.csv /leads.csv', 'ls -l /']);
    assert.equal(put.code, 0, put.stderr);
    assert.match(put.stdout, /leads\.csv/);
    const report = await emu.processNow();
    assert.ok(
      report?.files.some((f) => f.workspace === 'space' && f.file === 'leads.csv'),
      JSON.stringify(report?.files),
    );
    const after = await space(['ls -la /']);
    assert.equal(after.code, 0, after.stderr);
    assert.doesNotMatch(after.stdout, /leads\.csv/, 'removed from the server once imported');
    const stored = (await adminFiles('space')).spaceFiles.find((f) => f.name === 'leads.csv');
    assert.ok(stored, 'in the space');
    assert.equal(stored.size, Buffer.byteLength(csv));
    assert.equal(stored.sha256, createHash('sha256').update(csv).digest('hex'));
    assert.equal(stored.rows, 2);
  });

  it('space: a put over 100 MB is refused with the limit in sftp’s output, and no partial stays', async () => {
    const limit = profiles.space.maxFileBytes ?? 0;
    assert.equal(limit, 100_000_000);
    const big = join(work, 'big.csv');
    try {
      // Streamed to disk: 101 MiB, just past the limit.
      const out = createWriteStream(big);
      const chunk = Buffer.alloc(1024 * 1024, 'x');
      for (let i = 0; i < 101; i++) if (!out.write(chunk)) await once(out, 'drain');
      out.end();
      await once(out, 'finish');
      assert.ok((await stat(big)).size > limit);

      const r = await space(['put big.csv /big.csv']);
      assert.notEqual(r.code, 0, 'the batch stops at the refused put');
      const said = r.stdout + r.stderr;
      assert.match(said, /Flatfile accepts files up to 100 MB/);
      assert.match(said, /at byte 100000000/);
      assert.match(r.stderr, /write remote "\/big\.csv": Failure/);

      const ls = await space(['ls -la /']);
      assert.equal(ls.code, 0, ls.stderr);
      assert.doesNotMatch(ls.stdout, /big\.csv/);
      // Nor on disk, not even as the hidden upload temp.
      assert.deepEqual(
        (await readdir(emu.rootOf('space'))).filter((n) => n.includes('big')),
        [],
      );
    } finally {
      await rm(big, { force: true });
    }
  });

  it('contact-lists: the generated key logs in, and its own cycle moves the CSV off ls into the server file list', async () => {
    const put = await runSftpBatch({
      host: '127.0.0.1',
      port: emu.port,
      user: 'ocelot',
      identityFile: keyPath,
      passphrase,
      cwd: work,
      commands: ['put contacts.csv /contacts.csv', 'ls -l /'],
      timeoutMs: 30_000,
    });
    assert.equal(put.code, 0, put.stderr);
    assert.match(put.stdout, /contacts\.csv/, 'listed right after the put');
    const putAt = Date.now();
    // No processNow: the workspace's 300 ms cycle takes it once it is a second old (contract §4).
    let listing = put.stdout;
    while (/contacts\.csv/.test(listing) && Date.now() - putAt < 20_000) {
      await sleep(250);
      const ls = await runSftpBatch({
        host: '127.0.0.1',
        port: emu.port,
        user: 'ocelot',
        identityFile: keyPath,
        passphrase,
        commands: ['ls -l /'],
        timeoutMs: 30_000,
      });
      assert.equal(ls.code, 0, ls.stderr);
      listing = ls.stdout;
    }
    assert.doesNotMatch(listing, /contacts\.csv/, 'moved off the SFTP view');
    assert.ok(Date.now() - putAt < 20_000, 'within the workspace cycle, not the hour');
    const lists = (await adminFiles('ocelot')).contactLists;
    const moved = lists.find((f) => f.name === 'contacts.csv');
    assert.ok(moved, JSON.stringify(lists));
    assert.equal(moved.size, Buffer.byteLength(csv));
    assert.equal(
      await readFile(join(emu.rootOf('ocelot'), 'contacts.csv'), 'utf8').catch(() => 'gone'),
      'gone',
    );
  });

  it('contact-lists: a password is never accepted, even the right user name', async () => {
    const r = await runSftpBatch({
      host: '127.0.0.1',
      port: emu.port,
      user: 'ocelot',
      password: 'anything',
      commands: ['ls'],
      timeoutMs: 30_000,
    });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Permission denied/);
  });
});
