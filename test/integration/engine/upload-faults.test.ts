import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { connectSftp, type SftpSession } from '../../../engine/transport/sftp/connect.ts';
import { uploadFile } from '../../../engine/uploads.ts';
import { profiles } from '../../../core/profiles/profiles.ts';
import { startTestEmulator, type TestEmulator } from '../../helpers/start-emulator.ts';
import { startTcpProxy, type TcpProxy } from '../../helpers/tcp-proxy.ts';
import { randomFile, sha256OfDiskFile, within } from './fixtures.ts';

// Plan B4 U2–U5: a cut or stalled link fails within seconds, never leaves a partial under the
// final name, and a retry completes with the same SHA-256 as the local file.
describe('uploads through a faulty link', { timeout: 300_000 }, () => {
  let emu: TestEmulator;
  let proxy: TcpProxy;
  let file: { path: string; sha256: string; dir: string };
  const size = 6 * 1024 * 1024;
  const newDir = '/Leads/Import/New';
  let n = 0;

  before(async () => {
    emu = await startTestEmulator();
    proxy = await startTcpProxy({ host: emu.host, port: emu.port });
    file = await randomFile(size, 'leads.bin');
  });
  after(async () => {
    await proxy.close();
    await emu.close();
    rmSync(emu.dataDir, { recursive: true, force: true });
    rmSync(file.dir, { recursive: true, force: true });
  });

  const diskNew = () => join(emu.rootOf('classic'), 'Leads/Import/New');
  const connect = async (): Promise<SftpSession> => {
    const r = await connectSftp({
      host: proxy.host,
      port: proxy.port,
      username: 'classic',
      auth: { password: 'demo' },
      knownHost: { fingerprint: emu.hostKeyFingerprint },
      readyTimeoutMs: 4000,
      keepaliveIntervalMs: 1000,
      keepaliveCountMax: 3,
    });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    return r.value;
  };

  /** A connection with the shipped defaults: no keepalive, ready or inactivity overrides. */
  const connectWithDefaults = async (): Promise<SftpSession> => {
    const r = await connectSftp({
      host: proxy.host,
      port: proxy.port,
      username: 'classic',
      auth: { password: 'demo' },
      knownHost: { fingerprint: emu.hostKeyFingerprint },
    });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    return r.value;
  };

  /** Runs one faulty attempt, then a clean retry; returns the retry's resume offset. */
  async function faultThenRetry(
    mode: Parameters<TcpProxy['setMode']>[0],
    opts: { connectFails?: boolean } = {},
  ): Promise<number> {
    const name = `f${++n}.csv`;
    proxy.setMode(mode);
    const started = Date.now();
    if (opts.connectFails) {
      const r = await within(
        10_000,
        connectSftp({
          host: proxy.host,
          port: proxy.port,
          username: 'classic',
          auth: { password: 'demo' },
          knownHost: { fingerprint: emu.hostKeyFingerprint },
          readyTimeoutMs: 4000,
        }),
        'connect through a cut link',
      );
      assert.equal(r.ok, false);
    } else {
      const session = await connect();
      const r = await within(
        10_000,
        uploadFile({
          session,
          localPath: file.path,
          remoteDir: newDir,
          remoteName: name,
          profile: profiles.classic,
          retries: 0,
          inactivityTimeoutMs: 3000,
        }),
        'the faulty upload',
      );
      assert.equal(r.ok, false, 'the faulty attempt must fail');
      if (!r.ok) assert.match(r.error.code, /interrupted|timeout/);
      await session.close();
    }
    assert.ok(Date.now() - started < 10_000);
    assert.equal(
      existsSync(join(diskNew(), name)),
      false,
      'no file under the final name after a fault',
    );
    // The retry on a good link completes and matches byte for byte.
    proxy.setMode({ kind: 'pass' });
    const session = await connect();
    const ok = await within(
      30_000,
      uploadFile({
        session,
        localPath: file.path,
        remoteDir: newDir,
        remoteName: name,
        profile: profiles.classic,
      }),
      'the retry',
    );
    await session.close();
    assert.ok(ok.ok, ok.ok ? '' : ok.error.message);
    assert.equal(ok.value.sha256, file.sha256);
    assert.equal(sha256OfDiskFile(join(diskNew(), name)), file.sha256);
    assert.equal(
      readdirSync(diskNew()).filter((f) => f.includes(name) && f !== name).length,
      0,
      'no partial left beside the final file',
    );
    return ok.value.resumedFrom;
  }

  it('fails within 10 s when the link is cut during the handshake, and a retry completes', async () => {
    await faultThenRetry({ kind: 'cut', afterBytes: 400 }, { connectFails: true });
  });

  it('fails within 10 s when the link is cut at 50%, and the retry resumes from the verified partial', async () => {
    const resumedFrom = await faultThenRetry({ kind: 'cut', afterBytes: size / 2 });
    assert.ok(resumedFrom > 0, 'the retry resumed instead of starting over');
    assert.ok(resumedFrom < size);
  });

  it('fails within 10 s when the link is cut in the last chunk, and the retry completes', async () => {
    await faultThenRetry({ kind: 'cut', afterBytes: size - 64 * 1024 });
  });

  it('fails within 10 s when the link stalls without a reset (inactivity timer + keepalive)', async () => {
    await faultThenRetry({ kind: 'stall', afterBytes: size / 3 });
  });

  it('fails within 10 s of a stall with the shipped defaults (keepalive and inactivity timer not overridden)', async () => {
    const name = 'default-stall.csv';
    proxy.setMode({ kind: 'pass' });
    const session = await connectWithDefaults();
    let stalledAt = 0;
    void proxy.nextFault().then(() => (stalledAt = Date.now()));
    proxy.setMode({ kind: 'stall', afterBytes: size / 3 });
    try {
      const r = await within(
        15_000,
        // retries: 0 only so the first attempt's error is what comes back (the next test retries).
        uploadFile({
          session,
          localPath: file.path,
          remoteDir: newDir,
          remoteName: name,
          profile: profiles.classic,
          retries: 0,
        }),
        'the stalled upload',
      );
      const waited = Date.now() - stalledAt;
      assert.ok(stalledAt > 0, 'the link never stalled');
      assert.equal(r.ok, false, 'the stalled upload must fail');
      if (!r.ok) assert.match(r.error.code, /interrupted|timeout/);
      assert.ok(waited < 10_000, `the error came ${waited} ms after the stall`);
      assert.equal(existsSync(join(diskNew(), name)), false, 'no file under the final name');
    } finally {
      proxy.setMode({ kind: 'pass' });
      await session.close();
    }
  });

  it('gets past a stall by itself with the shipped defaults: detected within 10 s, retried, whole', async () => {
    const name = 'default-stall-retry.csv';
    proxy.setMode({ kind: 'pass' });
    const session = await connectWithDefaults();
    let stalledAt = 0;
    // The stalled connection stays stalled; the reconnect gets a good link.
    void proxy.nextFault().then(() => {
      stalledAt = Date.now();
      proxy.setMode({ kind: 'pass' });
    });
    proxy.setMode({ kind: 'stall', afterBytes: size / 3 });
    let retriedAt = 0;
    try {
      const r = await within(
        30_000,
        uploadFile({
          session,
          localPath: file.path,
          remoteDir: newDir,
          remoteName: name,
          profile: profiles.classic,
          onProgress: (p) => {
            if (p.attempt > 1 && retriedAt === 0) retriedAt = Date.now();
          },
        }),
        'the upload past a stall',
      );
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      assert.ok(r.value.attempts >= 2, 'the stall was not noticed');
      assert.ok(stalledAt > 0 && retriedAt > stalledAt);
      // Detection + the 0.5 s pause before a retry + reconnect + resume check.
      assert.ok(
        retriedAt - stalledAt < 10_000,
        `retried ${retriedAt - stalledAt} ms after the stall`,
      );
      assert.ok(r.value.resumedFrom > 0, 'the retry resumed from the verified partial');
      assert.equal(sha256OfDiskFile(join(diskNew(), name)), file.sha256);
    } finally {
      await session.close();
    }
  });

  it('does not take a slow but moving link (64 KB/s, 255 KiB WRITEs) for a stall with the shipped defaults', async () => {
    const name = 'slow-default.csv';
    // 1 MiB at 64 KB/s is ~16 s: a ping sent early waits behind ~1 MiB already queued, far
    // longer than the 6 s keepalive limit, while each WRITE is still acknowledged every ~4 s.
    const slow = await randomFile(1024 * 1024, 'slow.bin');
    proxy.setMode({ kind: 'pass' });
    const session = await connectWithDefaults();
    proxy.setMode({ kind: 'throttle', bytesPerSecond: 64_000 });
    try {
      const r = await within(
        60_000,
        uploadFile({
          session,
          localPath: slow.path,
          remoteDir: newDir,
          remoteName: name,
          profile: profiles.classic,
          retries: 0,
        }),
        'the slow upload',
      );
      assert.ok(r.ok, r.ok ? '' : `${r.error.code}: ${r.error.message}`);
      assert.equal(r.value.attempts, 1);
      assert.equal(sha256OfDiskFile(join(diskNew(), name)), slow.sha256);
    } finally {
      proxy.setMode({ kind: 'pass' });
      await session.close();
      rmSync(slow.dir, { recursive: true, force: true });
    }
  });

  it('retries by itself after a cut when retries are allowed, and the file is whole', async () => {
    const name = 'auto-retry.csv';
    const session = await connect();
    proxy.setMode({ kind: 'cut', afterBytes: size / 2 });
    // Restore the link once the cut happened; the engine reconnects and resumes.
    void proxy.nextFault().then(() => proxy.setMode({ kind: 'pass' }));
    const r = await within(
      30_000,
      uploadFile({
        session,
        localPath: file.path,
        remoteDir: newDir,
        remoteName: name,
        profile: profiles.classic,
        retries: 3,
        inactivityTimeoutMs: 3000,
        sleep: () => Promise.resolve(),
      }),
      'auto retry',
    );
    await session.close();
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    assert.ok(r.value.attempts >= 2);
    assert.equal(sha256OfDiskFile(join(diskNew(), name)), file.sha256);
  });

  it('restarts from zero when the partial on the server does not match the local file', async () => {
    const name = 'mismatch.csv';
    const other = await randomFile(size / 2, 'other.bin');
    try {
      // Leave someone else's bytes as the partial: resume must not trust them.
      proxy.setMode({ kind: 'pass' });
      let session = await connect();
      const wrote = await session.writeSmall(`${newDir}/.${name}.part`, readFileSync(other.path));
      assert.ok(wrote.ok);
      assert.equal(statSync(join(diskNew(), `.${name}.part`)).size, size / 2);
      await session.close();
      session = await connect();
      const r = await uploadFile({
        session,
        localPath: file.path,
        remoteDir: newDir,
        remoteName: name,
        profile: profiles.classic,
      });
      await session.close();
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      assert.equal(r.value.resumedFrom, 0);
      assert.equal(sha256OfDiskFile(join(diskNew(), name)), file.sha256);
    } finally {
      rmSync(other.dir, { recursive: true, force: true });
    }
  });

  it('keeps progress monotonic on a slow link and cancel leaves the server clean', async () => {
    const name = 'slow.csv';
    proxy.setMode({ kind: 'throttle', bytesPerSecond: 512 * 1024 });
    const session = await connect();
    const controller = new AbortController();
    const seen: number[] = [];
    const times: number[] = [];
    const r = await within(
      15_000,
      uploadFile({
        session,
        localPath: file.path,
        remoteDir: newDir,
        remoteName: name,
        profile: profiles.classic,
        signal: controller.signal,
        onProgress: (p) => {
          seen.push(p.bytes);
          times.push(Date.now());
          if (p.bytes > 1024 * 1024) controller.abort();
        },
      }),
      'cancel on a slow link',
    );
    proxy.setMode({ kind: 'pass' });
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.error.code, 'cancelled');
    for (let i = 1; i < seen.length; i++) {
      assert.ok(seen[i]! >= seen[i - 1]!, 'progress never goes back');
    }
    // Throttled: at most ~10 events a second (plus the first).
    const span = (times.at(-1)! - times[0]!) / 1000;
    assert.ok(seen.length <= Math.ceil(span * 10) + 2, `${seen.length} events in ${span} s`);
    const left = readdirSync(diskNew()).filter((f) => f.includes(name));
    assert.deepEqual(left, [], 'nothing left on the server after cancel');
    await session.close();
  });
});
