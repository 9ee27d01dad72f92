import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectSftp, type SftpSession } from '../../../engine/transport/sftp/connect.ts';
import { uploadFile } from '../../../engine/uploads.ts';
import { watchOutcome } from '../../../engine/watcher.ts';
import { profiles } from '../../../core/profiles/profiles.ts';
import { startTestEmulator, type TestEmulator } from '../../helpers/start-emulator.ts';

// Issue 13: watching checks soon after the upload and backs off (engine/watch-schedule.ts). An
// emulator processing on a short cycle answers in seconds; the default schedule (no pollMs)
// must see that verdict within seconds, not at the 30 s that SPOTIO's hourly cadence caps it at.
describe(
  'watching an emulator on a short cycle with the default schedule',
  { timeout: 60_000 },
  () => {
    let emu: TestEmulator;
    let work: string;
    let session: SftpSession;

    before(async () => {
      emu = await startTestEmulator({ processing: true, intervalMs: 500 });
      work = await mkdtemp(join(tmpdir(), 'sia-watch-'));
      const r = await connectSftp({
        host: emu.host,
        port: emu.port,
        username: 'classic',
        auth: { password: 'demo' },
        knownHost: { fingerprint: emu.hostKeyFingerprint },
      });
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      session = r.value;
    });
    after(async () => {
      await session?.close();
      await emu?.close();
      if (emu) await rm(emu.dataDir, { recursive: true, force: true });
      if (work) await rm(work, { recursive: true, force: true });
    });

    it('sees the verdict a few seconds after the emulator wrote it', async () => {
      const file = join(work, 'Leads_soon.csv');
      await writeFile(file, 'Company,Address,Email\nAcme,1 Main St,a@acme.test\n');
      const since = Date.now() - 1000;
      const up = await uploadFile({
        session,
        localPath: file,
        remoteDir: '/Leads/Import/New',
        remoteName: 'Leads_soon.csv',
        profile: profiles.classic,
      });
      assert.ok(up.ok, up.ok ? '' : up.error.message);
      const watchStart = Date.now();
      const r = await watchOutcome({
        session,
        profile: profiles.classic,
        remotePath: up.value.remotePath,
        clock: () => Date.now(),
        sleep: (ms) => new Promise((res) => setTimeout(res, ms)),
        sinceMs: since,
      });
      const seenAt = Date.now();
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      assert.equal(r.value.status, 'imported', r.value.message);
      const report = join(emu.rootOf('classic'), 'Leads/Import/Success/Leads_soon.csv.result.json');
      const writtenAt = (await stat(report)).mtimeMs;
      const lag = seenAt - writtenAt;
      // The schedule's wait is half the time since the upload (at least 1 s): a verdict written
      // t s after the upload is seen by 1.5 t (+ one look's round trips). The old fixed poll for
      // an hourly cadence would have looked again only 30 s after the first look.
      const bound = Math.max(1000, (writtenAt - watchStart) * 0.5) + 2000;
      assert.ok(lag < bound, `seen ${lag} ms after it was written (bound ${bound} ms)`);
      assert.ok(seenAt - watchStart < 25_000, `seen ${seenAt - watchStart} ms after the upload`);
    });
  },
);
