import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, chownSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { connectSftp, type SftpSession } from '../../../engine/transport/sftp/connect.ts';
import { createLedger } from '../../../engine/ledger.ts';
import { uploadFile, sha256OfFile } from '../../../engine/uploads.ts';
import { eventContract } from '../../../core/ipc/contract.ts';
import { profiles } from '../../../core/profiles/profiles.ts';
import { canRunSshd, sshdTestUser, startSshd, type RunningSshd } from '../../helpers/openssh.ts';
import { startTestEmulator, type TestEmulator } from '../../helpers/start-emulator.ts';
import { startTcpProxy } from '../../helpers/tcp-proxy.ts';
import { randomFile, sha256OfDiskFile } from './fixtures.ts';

const sshdOk = canRunSshd();

describe(
  'uploadFile to OpenSSH sshd (a plain server; workspace paths under a base directory)',
  { skip: sshdOk.ok ? false : sshdOk.why, timeout: 120_000 },
  () => {
    let sshd: RunningSshd;
    let session: SftpSession;
    before(async () => {
      sshd = await startSshd();
      const r = await connectSftp({
        host: sshd.host,
        port: sshd.port,
        username: sshd.user.name,
        auth: { privateKey: readFileSync(sshd.user.privateKeyPath) },
        knownHost: { fingerprint: sshd.hostKeyFingerprint },
        root: sshd.dir,
      });
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      session = r.value;
      mkdirSync(join(sshd.dir, 'Leads/Import/New'), { recursive: true });
      execFileSync('chown', ['-R', sshdTestUser, join(sshd.dir, 'Leads')]);
    });
    after(async () => {
      await session?.close();
      await sshd?.close();
    });

    it('sends a file through .<name>.part and renames it; the copy has the same SHA-256', async () => {
      const f = await randomFile(3 * 1024 * 1024 + 17);
      try {
        const r = await uploadFile({
          session,
          localPath: f.path,
          remoteDir: '/Leads/Import/New',
          remoteName: 'a.csv',
          profile: profiles.classic,
        });
        assert.ok(r.ok, r.ok ? '' : r.error.message);
        assert.equal(r.value.remotePath, '/Leads/Import/New/a.csv');
        assert.equal(r.value.sha256, f.sha256);
        assert.equal(sha256OfDiskFile(join(sshd.dir, 'Leads/Import/New/a.csv')), f.sha256);
        assert.deepEqual(readdirSync(join(sshd.dir, 'Leads/Import/New')), ['a.csv']);
      } finally {
        rmSync(f.dir, { recursive: true, force: true });
      }
    });

    it('replaces a file of the same name still waiting in New/ (posix-rename)', async () => {
      const f = await randomFile(1000);
      try {
        const r = await uploadFile({
          session,
          localPath: f.path,
          remoteDir: '/Leads/Import/New',
          remoteName: 'a.csv',
          profile: profiles.classic,
        });
        assert.ok(r.ok, r.ok ? '' : r.error.message);
        assert.equal(sha256OfDiskFile(join(sshd.dir, 'Leads/Import/New/a.csv')), f.sha256);
      } finally {
        rmSync(f.dir, { recursive: true, force: true });
      }
    });

    it('says the folder is missing when the drop folder does not exist', async () => {
      const f = await randomFile(10);
      try {
        const r = await uploadFile({
          session,
          localPath: f.path,
          remoteDir: '/DataObjects/Import/New',
          remoteName: 'Account_x.csv',
          profile: profiles.flexible,
        });
        assert.equal(r.ok, false);
        if (!r.ok) assert.equal(r.error.code, 'folder-missing');
      } finally {
        rmSync(f.dir, { recursive: true, force: true });
      }
    });

    it('says permission denied for a folder the account may not write', async () => {
      const ro = join(sshd.dir, 'Leads/Import/ReadOnly');
      mkdirSync(ro, { recursive: true });
      chownSync(ro, 0, 0);
      const f = await randomFile(10);
      try {
        const r = await uploadFile({
          session,
          localPath: f.path,
          remoteDir: '/Leads/Import/ReadOnly',
          remoteName: 'x.csv',
          profile: profiles.classic,
        });
        assert.equal(r.ok, false);
        if (!r.ok) assert.equal(r.error.code, 'permission-denied');
      } finally {
        rmSync(f.dir, { recursive: true, force: true });
      }
    });

    it('refuses names the platform would never process (dot names, .part)', async () => {
      const f = await randomFile(10);
      try {
        for (const name of ['.hidden.csv', 'x.csv.part', 'a/b.csv']) {
          const r = await uploadFile({
            session,
            localPath: f.path,
            remoteDir: '/Leads/Import/New',
            remoteName: name,
            profile: profiles.classic,
          });
          assert.equal(r.ok, false);
          if (!r.ok) assert.equal(r.error.code, 'bad-input');
        }
      } finally {
        rmSync(f.dir, { recursive: true, force: true });
      }
    });
  },
);

describe('uploadFile to the emulator', { timeout: 120_000 }, () => {
  let emu: TestEmulator;
  before(async () => {
    emu = await startTestEmulator();
  });
  after(async () => {
    await emu.close();
    rmSync(emu.dataDir, { recursive: true, force: true });
  });
  const login = async (username: string, port = emu.port): Promise<SftpSession> => {
    const r = await connectSftp({
      host: '127.0.0.1',
      port,
      username,
      auth: { password: 'demo' },
      knownHost: { fingerprint: emu.hostKeyFingerprint },
    });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    return r.value;
  };

  it('refuses a file over the space profile limit before sending a single byte', async () => {
    const proxy = await startTcpProxy({ host: emu.host, port: emu.port });
    const big = await randomFile(0);
    try {
      // A sparse 100 MB + 1 byte file: the check is on size, before any transfer.
      writeFileSync(big.path, '');
      execFileSync('truncate', ['-s', String(100_000_001), big.path]);
      const session = await login('space', proxy.port);
      const upBefore = proxy.upBytes;
      const r = await uploadFile({
        session,
        localPath: big.path,
        remoteDir: '/',
        remoteName: 'big.csv',
        profile: profiles.space,
      });
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.error.code, 'too-large');
        assert.match(r.error.message, /100(\.0)? MB/);
      }
      assert.ok(proxy.upBytes - upBefore < 4096, 'nothing but a few control bytes went out');
      await session.close();
    } finally {
      await proxy.close();
      rmSync(big.dir, { recursive: true, force: true });
    }
  });

  it('a ledger entry with SHA-256 lets the caller see the same content was sent to that folder', async () => {
    const f = await randomFile(5000, 'Account_dup.csv');
    try {
      const session = await login('flexible');
      const ledger = createLedger({ dir: f.dir + '/data' });
      const sha = await sha256OfFile(f.path);
      assert.ok(sha.ok);
      assert.equal(ledger.findDuplicate('site-1', '/DataObjects/Import/New', sha.value), undefined);
      const r = await uploadFile({
        session,
        localPath: f.path,
        remoteDir: '/DataObjects/Import/New',
        remoteName: 'Account_dup.csv',
        profile: profiles.flexible,
      });
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      ledger.add({
        siteId: 'site-1',
        fileName: 'Account_dup.csv',
        localPath: f.path,
        remotePath: r.value.remotePath,
        sha256: r.value.sha256,
        bytes: r.value.bytes,
        startedAt: new Date().toISOString(),
        outcome: 'uploaded',
      });
      assert.equal(
        ledger.findDuplicate('site-1', '/DataObjects/Import/New', sha.value)?.fileName,
        'Account_dup.csv',
      );
      assert.equal(
        ledger.findDuplicate('site-1', '/Territories/New', sha.value),
        undefined,
        'another folder is not a duplicate',
      );
      assert.equal(
        ledger.findDuplicate('site-2', '/DataObjects/Import/New', sha.value),
        undefined,
        'another site is not a duplicate',
      );
      // Persisted: a new ledger on the same dir still knows it.
      assert.equal(createLedger({ dir: f.dir + '/data' }).findBySha256(sha.value).length, 1);
      await session.close();
    } finally {
      rmSync(f.dir, { recursive: true, force: true });
    }
  });

  it('never shows the final name while the upload is in progress (only the .part), and its progress passes the contract', async () => {
    const proxy = await startTcpProxy(
      { host: emu.host, port: emu.port },
      { kind: 'throttle', bytesPerSecond: 1024 * 1024 },
    );
    const f = await randomFile(2 * 1024 * 1024);
    try {
      const session = await login('classic', proxy.port);
      const dir = join(emu.rootOf('classic'), 'Leads/Import/New');
      const seen = new Set<string>();
      const invalid: unknown[] = [];
      const r = await uploadFile({
        session,
        localPath: f.path,
        remoteDir: '/Leads/Import/New',
        remoteName: 'inprogress.csv',
        profile: profiles.classic,
        onProgress: (p) => {
          if (p.bytes < p.total) for (const name of readdirSync(dir)) seen.add(name);
          // What the host pushes as `upload:progress` must pass the contract (no Infinity ETA).
          const { attempt: _attempt, ...figures } = p;
          const event = { uploadId: 'u1', entryId: 'e1', ...figures };
          if (!eventContract['upload:progress'].safeParse(event).success) invalid.push(event);
        },
      });
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      assert.deepEqual(invalid, [], 'progress the contract refuses');
      assert.equal(
        seen.has('inprogress.csv'),
        false,
        `seen during the upload: ${[...seen].join(', ')}`,
      );
      assert.ok(
        [...seen].some((n) => n.startsWith('.inprogress.csv')),
        'the hidden partial existed',
      );
      assert.equal(sha256OfDiskFile(join(dir, 'inprogress.csv')), f.sha256);
      await session.close();
    } finally {
      await proxy.close();
      rmSync(f.dir, { recursive: true, force: true });
    }
  });
});
