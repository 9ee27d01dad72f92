/**
 * A profile folder that is not on an FTPS server (contract §11 "folder missing", issue 11) is
 * told as such by the adapter, the uploads, the doctor and the watcher — against a real Debian
 * vsftpd (which answers LIST of a missing folder with an EMPTY listing and STOR into one with the
 * same 553 as a refusal) and the emulator's FTPS front end (550). A folder that is there but
 * refuses writing stays `permission-denied`. node.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectFtps, type FtpsSession } from '../../../../engine/transport/ftps/connect.ts';
import { uploadFile } from '../../../../engine/uploads.ts';
import { watchOutcome } from '../../../../engine/watcher.ts';
import { runDoctor } from '../../../../engine/doctor.ts';
import { profiles } from '../../../../core/profiles/profiles.ts';
import { canRunVsftpd, startVsftpd, type RunningVsftpd } from '../../../helpers/vsftpd.ts';
import {
  startFtpsTestEmulator,
  type TestEmulator,
  type TestFtps,
} from '../../../helpers/start-emulator.ts';

const can = canRunVsftpd();
// The classic folders but Success/ and Territories/: a half-made workspace.
const folders = ['Templates', 'Leads/Import/New', 'Leads/Import/Failed', 'Leads/Export'];
const said = /The folder \/Leads\/Import\/Success\/ is missing on the server/;

async function leadsFile(): Promise<{ path: string; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'sia-missing-folder-'));
  const path = join(dir, 'leads.csv');
  await writeFile(path, 'Company,Address\nAcme,1 Main St\n');
  return { path, dir };
}

/** Watches an upload whose report folder is missing; it must end long before its deadline. */
async function watchWithoutSuccess(
  s: FtpsSession,
): Promise<Awaited<ReturnType<typeof watchOutcome>>> {
  return watchOutcome({
    session: s,
    profile: profiles.classic,
    remotePath: '/Leads/Import/New/gone.csv',
    clock: () => Date.now(),
    pollMs: 50,
    expectedWaitMs: 60_000,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  });
}

describe(
  'a missing profile folder over FTPS (vsftpd)',
  { skip: can.ok ? false : can.why, timeout: 120_000 },
  () => {
    let v: RunningVsftpd;
    let file: { path: string; dir: string };
    const connect = async (): Promise<FtpsSession> => {
      const r = await connectFtps({
        protocol: 'ftpes',
        host: v.host,
        port: v.port,
        username: v.user.name,
        password: v.user.password,
        knownHost: { fingerprint: v.fingerprint },
      });
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      return r.value;
    };

    before(async () => {
      v = await startVsftpd({ mode: 'explicit', folders });
      file = await leadsFile();
    });
    after(async () => {
      await v?.close();
      if (file) await rm(file.dir, { recursive: true, force: true });
    });

    it('a listing of a missing folder is not-found in words (vsftpd lists it as empty)', async () => {
      const s = await connect();
      try {
        const missing = await s.list('/Leads/Import/Success');
        assert.equal(missing.ok, false);
        assert.equal(!missing.ok && missing.error.code, 'not-found');
        assert.match(!missing.ok ? missing.error.message : '', said);
        // An empty folder that is there is still an empty listing.
        const empty = await s.list('/Leads/Export');
        assert.deepEqual(empty, { ok: true, value: [] });
      } finally {
        await s.close();
      }
    });

    it('an upload into a missing folder is folder-missing; a read-only one stays permission-denied', async () => {
      const s = await connect();
      try {
        const r = await uploadFile({
          session: s,
          localPath: file.path,
          remoteDir: '/Territories/New',
          remoteName: 'leads.csv',
          profile: profiles.classic,
        });
        assert.equal(r.ok, false);
        assert.equal(!r.ok && r.error.code, 'folder-missing');
        assert.match(
          !r.ok ? r.error.message : '',
          /The folder \/Territories\/New\/ is missing on the server.*Test connection/,
        );
        const ro = join(v.home, 'Leads/Import/New');
        chmodSync(ro, 0o555);
        try {
          const w = await s.writeSmall('/Leads/Import/New/.probe.part', 'x');
          assert.equal(!w.ok && w.error.code, 'permission-denied');
        } finally {
          chmodSync(ro, 0o755);
        }
      } finally {
        await s.close();
      }
    });

    it('the doctor names the missing folders at the folders step, with what to do', async () => {
      const r = await runDoctor({
        site: {
          id: 's1',
          name: 'Half a workspace',
          profile: 'classic',
          host: v.host,
          port: v.port,
          username: v.user.name,
          authMethod: 'password',
          secretMode: 'keychain',
        },
        protocol: 'ftpes',
        secret: v.user.password,
        knownHost: { fingerprint: v.fingerprint },
      });
      assert.equal(r.error?.code, 'folder-missing');
      const step = r.steps.find((x) => x.id === 'folders');
      assert.equal(step?.status, 'failed');
      assert.match(step?.message ?? '', /\/Leads\/Import\/Success/);
      assert.doesNotMatch(step?.message ?? '', /\/Leads\/Import\/New\b/);
      assert.ok((step?.hint?.length ?? 0) > 20);
    });

    it('the watcher says at once that the report folder is missing (no wait to the deadline)', async () => {
      const s = await connect();
      try {
        const started = Date.now();
        const r = await watchWithoutSuccess(s);
        assert.equal(r.ok, false);
        assert.equal(!r.ok && r.error.code, 'folder-missing');
        assert.match(!r.ok ? r.error.message : '', said);
        assert.match(!r.ok ? r.error.message : '', /verdict cannot be seen/);
        assert.ok(Date.now() - started < 30_000);
      } finally {
        await s.close();
      }
    });
  },
);

describe('a missing profile folder over the emulator’s FTPS front end', { timeout: 60_000 }, () => {
  let emu: TestEmulator & { ftps: TestFtps };
  let file: { path: string; dir: string };
  let s: FtpsSession;

  before(async () => {
    emu = await startFtpsTestEmulator();
    file = await leadsFile();
    rmSync(join(emu.rootOf('classic'), 'Leads', 'Import', 'Success'), { recursive: true });
    const r = await connectFtps({
      protocol: 'ftps',
      host: '127.0.0.1',
      port: emu.ftps.implicitPort,
      username: 'classic',
      password: 'demo',
      knownHost: { fingerprint: emu.ftps.certificateFingerprint },
    });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    s = r.value;
  });
  after(async () => {
    await s?.close();
    await emu?.close();
    if (emu) await rm(emu.dataDir, { recursive: true, force: true });
    if (file) await rm(file.dir, { recursive: true, force: true });
  });

  it('a listing of it is not-found in words, and the watcher stops with folder-missing', async () => {
    const listed = await s.list('/Leads/Import/Success');
    assert.equal(!listed.ok && listed.error.code, 'not-found');
    assert.match(!listed.ok ? listed.error.message : '', said);
    const r = await watchWithoutSuccess(s);
    assert.equal(!r.ok && r.error.code, 'folder-missing');
    assert.match(!r.ok ? r.error.message : '', said);
  });

  it('an upload into it is folder-missing', async () => {
    const r = await uploadFile({
      session: s,
      localPath: file.path,
      remoteDir: '/Leads/Import/Success',
      remoteName: 'leads.csv',
      profile: profiles.classic,
    });
    assert.equal(!r.ok && r.error.code, 'folder-missing');
    assert.match(!r.ok ? r.error.message : '', said);
  });
});
