import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  existsSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
  chownSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { connectFtps, type FtpsSession } from '../../../engine/transport/ftps/connect.ts';
import { connectRemote } from '../../../engine/transport/dial.ts';
import { uploadFile } from '../../../engine/uploads.ts';
import { watchOutcome } from '../../../engine/watcher.ts';
import { profiles } from '../../../core/profiles/profiles.ts';
import { canRunVsftpd, startVsftpd, type RunningVsftpd } from '../../helpers/vsftpd.ts';
import { startTcpProxy } from '../../helpers/tcp-proxy.ts';
import { randomFile, sha256OfDiskFile, within } from './fixtures.ts';

// Issue 11 (contract §12): the engine's FTPS client against a real Debian vsftpd that requires
// TLS before login and TLS session reuse on every data connection (require_ssl_reuse=YES).
const can = canRunVsftpd();
const folders = [
  'Leads/Import/New',
  'Leads/Import/Success',
  'Leads/Import/Failed',
  'Territories/New',
  'Territories/Success',
  'Territories/Failed',
];

describe(
  'FTPS client against vsftpd (explicit TLS)',
  { skip: can.ok ? false : can.why, timeout: 240_000 },
  () => {
    let v: RunningVsftpd;
    let file: { path: string; sha256: string; dir: string };
    const size = 48 * 1024 * 1024;
    let n = 0;

    before(async () => {
      v = await startVsftpd({ mode: 'explicit', folders });
      file = await randomFile(size, 'leads.csv');
    });
    after(async () => {
      await v?.close();
      if (file) rmSync(file.dir, { recursive: true, force: true });
    });

    const connect = async (
      extra: Partial<Parameters<typeof connectFtps>[0]> = {},
    ): Promise<FtpsSession> => {
      const r = await connectFtps({
        protocol: 'ftpes',
        host: v.host,
        port: v.port,
        username: v.user.name,
        password: v.user.password,
        knownHost: { fingerprint: v.fingerprint },
        ...extra,
      });
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      return r.value;
    };
    const diskNew = (): string => join(v.home, 'Leads/Import/New');

    /**
     * Signals the session processes as soon as the server's copy of `name` holds `bytes` (polled
     * on its disk: a loopback upload is too fast for progress events to land mid-transfer).
     */
    const signalAt = async (
      name: string,
      bytes: number,
      signal: NodeJS.Signals,
      stop: { done: boolean },
    ): Promise<number> => {
      const pids = await v.sessionPids();
      const path = join(diskNew(), name);
      while (!stop.done) {
        let have = 0;
        try {
          have = statSync(path).size;
        } catch {
          /* not there yet */
        }
        if (have >= bytes) {
          for (const p of pids) process.kill(p, signal);
          return Date.now();
        }
        await new Promise((r) => setImmediate(r));
      }
      return 0;
    };

    for (const version of ['TLSv1.3', 'TLSv1.2'] as const) {
      it(`resumes the control connection's TLS session on 24 data connections in a row (${version})`, async () => {
        const s = await connect({ maxVersion: version });
        try {
          assert.equal(s.tlsProtocol, version);
          assert.equal(s.hostKeyTrust, 'known');
          const small = await randomFile(70_000, 'small.csv');
          for (let i = 0; i < 24; i++) {
            // Listings, uploads (STOR), downloads (RETR): the mix where single-use tickets bite.
            if (i % 6 === 2) {
              const w = await s.writeSmall(
                `/Leads/Import/New/.probe-${version}-${i}.part`,
                `x${i}`,
              );
              assert.ok(w.ok, `data connection ${i + 1}: ${w.ok ? '' : w.error.message}`);
            } else if (i % 6 === 4) {
              const up = await uploadFile({
                session: s,
                localPath: small.path,
                remoteDir: '/Leads/Import/New',
                remoteName: `s-${version}-${i}.csv`,
                profile: profiles.classic,
              });
              assert.ok(up.ok, `upload at ${i + 1}: ${up.ok ? '' : up.error.message}`);
            } else if (i % 6 === 5) {
              const r = await s.readFile(`/Leads/Import/New/s-${version}-${i - 1}.csv`);
              assert.ok(r.ok && r.value.length === 70_000, `download at ${i + 1}`);
            } else {
              const l = await s.list('/Leads/Import/New');
              assert.ok(l.ok, `listing ${i + 1}: ${l.ok ? '' : l.error.message}`);
            }
          }
          const { opened, resumed } = s.dataConnections;
          assert.ok(opened >= 24, `opened ${opened}`);
          assert.equal(resumed, opened, 'every data connection resumed the session');
          assert.doesNotMatch(v.log(), /session reuse required/);
          rmSync(small.dir, { recursive: true, force: true });
        } finally {
          await s.close();
        }
      });
    }

    it('the server enforces reuse: a client that does not resume gets 522, told as session reuse', async () => {
      // Proves the tests above are not vacuous: this vsftpd refuses data connections that do
      // not resume the control connection's session.
      const s = await connect({ noSessionReuse: true });
      try {
        const l = await s.list('/Leads/Import');
        assert.ok(!l.ok);
        assert.equal((l.error as { ftpsProblem?: string }).ftpsProblem, 'session-reuse');
        assert.match(l.error.message, /did not resume the TLS session/);
        assert.match(v.log(), /522 SSL connection failed: session reuse required/);
      } finally {
        await s.close();
      }
    });

    it('uploads through engine/uploads.ts: .part then RNFR/RNTO, same SHA-256, progress', async () => {
      const s = await connect();
      try {
        const name = `up${++n}.csv`;
        const seen: number[] = [];
        const r = await uploadFile({
          session: s,
          localPath: file.path,
          remoteDir: '/Leads/Import/New',
          remoteName: name,
          profile: profiles.classic,
          onProgress: (p) => seen.push(p.bytes),
        });
        assert.ok(r.ok, r.ok ? '' : r.error.message);
        assert.equal(r.value.sha256, file.sha256);
        assert.equal(sha256OfDiskFile(join(diskNew(), name)), file.sha256);
        assert.ok(!existsSync(join(diskNew(), `.${name}.part`)));
        assert.equal(seen.at(-1), size);
        assert.ok(seen.length >= 2);
        assert.match(v.log(), new RegExp(`RNFR /Leads/Import/New/\\.${name}\\.part`));
        // A listing shows it (vsftpd has no MLSD: LIST, parsed as a Unix listing).
        const l = await s.list('/Leads/Import/New');
        assert.ok(l.ok);
        const e = l.value.find((x) => x.name === name);
        assert.equal(e?.size, size);
        assert.equal(e?.isDirectory, false);
        assert.ok(Math.abs((e?.mtimeMs ?? 0) - Date.now()) < 3 * 86_400_000);
      } finally {
        await s.close();
      }
    });

    it('resumes with APPE after the session is killed mid-upload (partial checked with RETR)', async () => {
      const s = await connect();
      try {
        const name = `cut${++n}.csv`;
        const stop = { done: false };
        const cut = signalAt(`.${name}.part`, 4 * 1024 * 1024, 'SIGKILL', stop);
        const r = await uploadFile({
          session: s,
          localPath: file.path,
          remoteDir: '/Leads/Import/New',
          remoteName: name,
          profile: profiles.classic,
          sleep: () => Promise.resolve(),
        });
        stop.done = true;
        assert.ok((await cut) > 0, 'the session was killed mid-upload');
        assert.ok(r.ok, r.ok ? '' : r.error.message);
        assert.ok(r.value.attempts >= 2, `attempts ${r.value.attempts}`);
        assert.ok(r.value.resumedFrom > 0, 'resumed from the partial');
        assert.equal(sha256OfDiskFile(join(diskNew(), name)), file.sha256);
        assert.match(v.log(), new RegExp(`APPE /Leads/Import/New/\\.${name}\\.part`));
      } finally {
        await s.close();
      }
    });

    it('cancel removes the partial', async () => {
      const s = await connect();
      try {
        const name = `cancel${++n}.csv`;
        const ac = new AbortController();
        const stop = { done: false };
        // Cancel once the server holds part of it (SIGCONT: a no-op signal, just the moment).
        void signalAt(`.${name}.part`, 4 * 1024 * 1024, 'SIGCONT', stop).then((t) => {
          if (t) ac.abort();
        });
        const r = await within(
          30_000,
          uploadFile({
            session: s,
            localPath: file.path,
            remoteDir: '/Leads/Import/New',
            remoteName: name,
            profile: profiles.classic,
            signal: ac.signal,
          }),
          'cancelled upload',
        );
        stop.done = true;
        assert.ok(!r.ok);
        assert.equal(r.error.code, 'cancelled');
        await new Promise((res) => setTimeout(res, 300));
        assert.ok(!existsSync(join(diskNew(), name)));
        assert.ok(!existsSync(join(diskNew(), `.${name}.part`)), 'the partial was removed');
      } finally {
        await s.close();
      }
    });

    it('a stalled server fails the upload within 10 s, then the retry completes', async () => {
      const s = await connect();
      try {
        const name = `stall${++n}.csv`;
        const stop = { done: false };
        const stall = signalAt(`.${name}.part`, 4 * 1024 * 1024, 'SIGSTOP', stop);
        const r = await within(
          30_000,
          uploadFile({
            session: s,
            localPath: file.path,
            remoteDir: '/Leads/Import/New',
            remoteName: name,
            profile: profiles.classic,
            retries: 0,
          }),
          'stalled upload',
        );
        stop.done = true;
        const stalledAt = await stall;
        assert.ok(stalledAt > 0, 'the server was stalled mid-upload');
        const took = Date.now() - stalledAt;
        await v.signalSessions('SIGKILL');
        assert.ok(!r.ok);
        assert.ok(['interrupted', 'timeout'].includes(r.error.code), r.error.code);
        assert.ok(took < 10_000, `failed after ${took} ms`);
        assert.ok(s.closed);
        assert.ok(!existsSync(join(diskNew(), name)));
        const again = await uploadFile({
          session: s,
          localPath: file.path,
          remoteDir: '/Leads/Import/New',
          remoteName: name,
          profile: profiles.classic,
        });
        assert.ok(again.ok, again.ok ? '' : again.error.message);
        assert.equal(sha256OfDiskFile(join(diskNew(), name)), file.sha256);
      } finally {
        await s.close();
      }
    });

    it('a transfer longer than the reply timeout completes in one attempt', async () => {
      // The control connection is silent during a transfer; only a transfer without progress
      // for the inactivity limit is a cut link (a 1 GiB upload takes longer than any reply limit).
      // 512 MiB: several times the reply limit even at a loopback speed of 1 GB/s.
      const size = 512 * 1024 * 1024;
      const replyTimeoutMs = 400;
      const big = await randomFile(size, 'big.csv');
      const s = await connect({ replyTimeoutMs });
      try {
        const name = `long${++n}.csv`;
        const t0 = performance.now();
        const r = await uploadFile({
          session: s,
          localPath: big.path,
          remoteDir: '/Leads/Import/New',
          remoteName: name,
          profile: profiles.classic,
          retries: 0,
        });
        const took = performance.now() - t0;
        assert.ok(r.ok, r.ok ? '' : r.error.message);
        assert.equal(r.value.attempts, 1);
        assert.ok(
          took > replyTimeoutMs,
          `the upload took ${Math.round(took)} ms, longer than the ${replyTimeoutMs} ms reply limit`,
        );
        // Reading it back (RETR) is as long, and also outlives the reply limit.
        const h = createHash('sha256');
        const back = await s.hashPrefix(`/Leads/Import/New/${name}`, size, h, 8000);
        assert.ok(back.ok, back.ok ? '' : back.error.message);
        assert.equal(h.digest('hex'), big.sha256);
      } finally {
        await s.close();
        rmSync(big.dir, { recursive: true, force: true });
      }
    });

    it('a dead control link gives a clear error within 10 s', async () => {
      const proxy = await startTcpProxy({ host: v.host, port: v.port });
      try {
        const r = await connectFtps({
          protocol: 'ftpes',
          host: proxy.host,
          port: proxy.port,
          username: v.user.name,
          password: v.user.password,
          knownHost: { fingerprint: v.fingerprint },
        });
        assert.ok(r.ok, r.ok ? '' : r.error.message);
        const s = r.value;
        proxy.setMode({ kind: 'stall', afterBytes: 0 });
        const t0 = Date.now();
        const st = await within(15_000, s.stat('/Leads/Import/New'), 'stat on a dead link');
        assert.ok(!st.ok);
        assert.ok(Date.now() - t0 < 10_000, `took ${Date.now() - t0} ms`);
        assert.match(st.error.message, /stopped answering|lost/);
        await s.close();
      } finally {
        await proxy.close();
      }
    });

    it('watches Success/ for the platform outcome (files moved there by hand)', async () => {
      const s = await connect();
      try {
        const name = `watch${++n}.csv`;
        const up = await uploadFile({
          session: s,
          localPath: file.path,
          remoteDir: '/Leads/Import/New',
          remoteName: name,
          profile: profiles.classic,
        });
        assert.ok(up.ok);
        const since = Date.now();
        let polls = 0;
        const r = await watchOutcome({
          session: s,
          profile: profiles.classic,
          remotePath: up.value.remotePath,
          clock: () => Date.now(),
          pollMs: 100,
          sinceMs: since,
          sleep: async (ms) => {
            polls++;
            if (polls === 2) {
              // What the platform does: move the file to Success/ and write its report.
              const success = join(v.home, 'Leads/Import/Success');
              renameSync(join(diskNew(), name), join(success, name));
              const report = join(success, `${name}.result.json`);
              writeFileSync(
                report,
                JSON.stringify({
                  status: 'imported',
                  file: name,
                  object: 'leads',
                  rowsTotal: 3,
                  rowsImported: 3,
                  finishedAt: new Date().toISOString(),
                }),
              );
              const home = statSync(v.home);
              chownSync(report, home.uid, home.gid);
            }
            await new Promise((res) => setTimeout(res, ms));
          },
        });
        assert.ok(r.ok, r.ok ? '' : r.error.message);
        assert.equal(r.value.status, 'imported');
        assert.equal(r.value.where, `/Leads/Import/Success/${name}`);
        assert.equal(r.value.result?.rowsImported, 3);
      } finally {
        await s.close();
      }
    });

    it('PASV: a private address other than the control host is replaced by the control host', async () => {
      // A NAT'ed server announces its inside address; vsftpd is told to announce 10.213.7.9.
      const nat = await startVsftpd({ mode: 'explicit', folders, pasvAddress: '10.213.7.9' });
      try {
        const r = await connectFtps({
          protocol: 'ftpes',
          host: nat.host,
          port: nat.port,
          username: nat.user.name,
          password: nat.user.password,
          knownHost: { fingerprint: nat.fingerprint },
          pasvOnly: true,
        });
        assert.ok(r.ok, r.ok ? '' : r.error.message);
        const s = r.value;
        const w = await s.writeSmall('/Leads/Import/New/.nat.part', 'behind NAT');
        assert.ok(w.ok, w.ok ? '' : w.error.message);
        const back = await s.readFile('/Leads/Import/New/.nat.part');
        assert.equal(back.ok && back.value.toString(), 'behind NAT');
        await s.close();
        const log = nat.log();
        assert.match(log, /"227 Entering Passive Mode \(10,213,7,9,/);
        assert.doesNotMatch(log, /"EPSV"/);
      } finally {
        await nat.close();
      }
    });

    it('connectRemote picks the FTPS adapter by protocol', async () => {
      const r = await connectRemote({
        protocol: 'ftpes',
        host: v.host,
        port: v.port,
        username: v.user.name,
        auth: { password: v.user.password },
        knownHost: { fingerprint: v.fingerprint.padEnd(v.fingerprint.length + 1, '=') },
      });
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      assert.equal(r.value.protocol, 'ftpes');
      assert.equal(r.value.hostKey.type, 'x509');
      assert.equal(r.value.hostKeyTrust, 'known');
      const l = await r.value.list('/');
      assert.deepEqual(l.ok && l.value.map((e) => e.name).sort(), ['Leads', 'Territories']);
      await r.value.close();
      const key = await connectRemote({
        protocol: 'ftps',
        host: v.host,
        port: v.port,
        username: v.user.name,
        auth: { privateKey: 'x' },
      });
      assert.ok(!key.ok);
      assert.equal(key.error.code, 'bad-input');
      assert.equal(readdirSync(diskNew()).filter((f) => f.startsWith('.probe')).length > 0, true);
    });
  },
);
