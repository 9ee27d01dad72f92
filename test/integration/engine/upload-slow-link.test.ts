import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { connectSftp, type SftpSession } from '../../../engine/transport/sftp/connect.ts';
import { uploadFile, type UploadProgress } from '../../../engine/uploads.ts';
import { profiles } from '../../../core/profiles/profiles.ts';
import { canRunSshd, sshdTestUser, startSshd, type RunningSshd } from '../../helpers/openssh.ts';
import { startTcpProxy, type TcpProxy } from '../../helpers/tcp-proxy.ts';
import { randomFile, sha256OfDiskFile, within } from './fixtures.ts';

const sshdOk = canRunSshd();

// A slow but working link must not be taken for a dead one (the shipped timers: 6 s without a
// byte from the server, 8 s without an acknowledged WRITE). OpenSSH's sshd accepts 255 KiB
// WRITEs, so a fixed 16 × 255 KiB pipeline would queue 4 MiB (~4 min at 16 KB/s) and no WRITE
// would be acknowledged for 16 s. The engine paces its WRITEs to the acknowledgement rate instead.
describe(
  'uploads over a slow link to OpenSSH sshd, shipped defaults (adaptive pipelining)',
  { skip: sshdOk.ok ? false : sshdOk.why, timeout: 180_000 },
  () => {
    let sshd: RunningSshd;
    let proxy: TcpProxy;
    const newDir = '/Leads/Import/New';
    const diskNew = () => join(sshd.dir, 'Leads/Import/New');

    before(async () => {
      sshd = await startSshd();
      mkdirSync(diskNew(), { recursive: true });
      execFileSync('chown', ['-R', sshdTestUser, join(sshd.dir, 'Leads')]);
      proxy = await startTcpProxy({ host: sshd.host, port: sshd.port });
    });
    after(async () => {
      await proxy?.close();
      await sshd?.close();
    });

    /** No keepalive, ready or inactivity overrides: what the app ships. */
    const connectWithDefaults = async (): Promise<SftpSession> => {
      proxy.setMode({ kind: 'pass' });
      const r = await connectSftp({
        host: proxy.host,
        port: proxy.port,
        username: sshd.user.name,
        auth: { password: sshd.user.password },
        knownHost: { fingerprint: sshd.hostKeyFingerprint },
        root: sshd.dir,
      });
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      return r.value;
    };

    it('sends 512 KiB through a 16 KB/s link in one attempt, acknowledged every few seconds, SHA-256 intact', async () => {
      const size = 512 * 1024;
      const rate = 16_000;
      const f = await randomFile(size, 'slow-sshd.bin');
      const session = await connectWithDefaults();
      const events: { at: number; p: UploadProgress }[] = [];
      proxy.setMode({ kind: 'throttle', bytesPerSecond: rate });
      const started = Date.now();
      try {
        const r = await within(
          90_000,
          uploadFile({
            session,
            localPath: f.path,
            remoteDir: newDir,
            remoteName: 'slow.csv',
            profile: profiles.classic,
            // One attempt only: a link wrongly declared dead would show here as a failure.
            retries: 0,
            onProgress: (p) => events.push({ at: Date.now(), p }),
          }),
          'the upload over a 16 KB/s link',
        );
        const took = Date.now() - started;
        assert.ok(r.ok, r.ok ? '' : `${r.error.code}: ${r.error.message}`);
        assert.equal(r.value.attempts, 1);
        assert.equal(r.value.sha256, f.sha256);
        assert.equal(sha256OfDiskFile(join(diskNew(), 'slow.csv')), f.sha256);
        assert.deepEqual(readdirSync(diskNew()), ['slow.csv'], 'no partial left behind');
        // The throttle really held it back (its bucket lets 1 s of bytes through at once).
        const floorMs = ((size - rate) / rate) * 1000;
        assert.ok(took >= floorMs * 0.9, `took ${took} ms, faster than the link allows`);
        // Progress comes from acknowledgements: the longest wait for one must stay well inside
        // the 6 s / 8 s dead-link timers.
        let longest = 0;
        for (let i = 1; i < events.length; i++) {
          longest = Math.max(longest, events[i]!.at - events[i - 1]!.at);
        }
        assert.ok(longest < 4500, `an acknowledgement took ${longest} ms`);
        console.log(
          `512 KiB at 16 KB/s: ${(took / 1000).toFixed(1)} s, longest wait for an ack ${longest} ms, ${events.length} progress events`,
        );
      } finally {
        proxy.setMode({ kind: 'pass' });
        await session.close();
        rmSync(join(diskNew(), 'slow.csv'), { force: true });
        rmSync(f.dir, { recursive: true, force: true });
      }
    });

    it('sends 64 KiB through a smooth 4 KB/s line with the shipped defaults, an acknowledgement every ~2 s', async () => {
      const size = 64 * 1024;
      const f = await randomFile(size, 'slower-sshd.bin');
      const session = await connectWithDefaults();
      const acks: number[] = [];
      proxy.setMode({ kind: 'throttle', bytesPerSecond: 4000, smooth: true });
      const started = Date.now();
      try {
        const r = await within(
          45_000,
          uploadFile({
            session,
            localPath: f.path,
            remoteDir: newDir,
            remoteName: 'slower.csv',
            profile: profiles.classic,
            retries: 0,
            onProgress: () => acks.push(Date.now()),
          }),
          'the upload over a 4 KB/s line',
        );
        const took = Date.now() - started;
        assert.ok(r.ok, r.ok ? '' : `${r.error.code}: ${r.error.message}`);
        assert.equal(r.value.attempts, 1);
        assert.equal(sha256OfDiskFile(join(diskNew(), 'slower.csv')), f.sha256);
        assert.ok(took >= (size / 4000) * 900, `took ${took} ms, faster than the line allows`);
        // 8 KiB WRITEs at 4 KB/s: one acknowledged about every 2 s.
        const longest = Math.max(...acks.slice(1).map((t, i) => t - acks[i]!));
        assert.ok(longest < 3500, `an acknowledgement took ${longest} ms`);
        console.log(
          `64 KiB at 4 KB/s (smooth): ${(took / 1000).toFixed(1)} s, longest wait for an ack ${longest} ms`,
        );
      } finally {
        proxy.setMode({ kind: 'pass' });
        await session.close();
        rmSync(join(diskNew(), 'slower.csv'), { force: true });
        rmSync(f.dir, { recursive: true, force: true });
      }
    });

    it('still fails within 10 s when a slow link stalls, leaving no file under the final name', async () => {
      const f = await randomFile(512 * 1024, 'stall-sshd.bin');
      const session = await connectWithDefaults();
      proxy.setMode({ kind: 'throttle', bytesPerSecond: 16_000 });
      let stalledAt = 0;
      let stalling = false;
      try {
        const r = await within(
          60_000,
          uploadFile({
            session,
            localPath: f.path,
            remoteDir: newDir,
            remoteName: 'stalled.csv',
            profile: profiles.classic,
            retries: 0,
            onProgress: (p) => {
              // Once the pipeline is under way, stop forwarding (sockets stay open).
              if (!stalling && p.bytes >= 96 * 1024) {
                stalling = true;
                void proxy.nextFault().then(() => (stalledAt = Date.now()));
                proxy.setMode({ kind: 'stall', afterBytes: 0 });
              }
            },
          }),
          'the stalled slow upload',
        );
        assert.ok(stalledAt > 0, 'the link never stalled');
        const waited = Date.now() - stalledAt;
        assert.equal(r.ok, false, 'the stalled upload must fail');
        if (!r.ok) assert.match(r.error.code, /interrupted|timeout/);
        assert.ok(waited < 10_000, `the error came ${waited} ms after the stall`);
        assert.equal(existsSync(join(diskNew(), 'stalled.csv')), false);
      } finally {
        proxy.setMode({ kind: 'pass' });
        await session.close();
        for (const name of readdirSync(diskNew())) rmSync(join(diskNew(), name), { force: true });
        rmSync(f.dir, { recursive: true, force: true });
      }
    });
  },
);
