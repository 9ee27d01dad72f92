import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectRemote } from '../../../engine/transport/dial.ts';
import { connectFtps, type FtpsSession } from '../../../engine/transport/ftps/connect.ts';
import { uploadFile } from '../../../engine/uploads.ts';
import { watchOutcome } from '../../../engine/watcher.ts';
import { profiles } from '../../../core/profiles/profiles.ts';
import { processUntil } from '../../helpers/process-until.ts';
import {
  startFtpsTestEmulator,
  type TestEmulator,
  type TestFtps,
} from '../../helpers/start-emulator.ts';

// Issue 11: the engine's FTPS client against the emulator's FTPS front end (contract §12) —
// upload through .part + RNFR/RNTO, processing, the outcome watched over FTPS, the report read.
const goodCsv = 'Company,Address,Email\nAcme,1 Main St,a@acme.test\nBeta,2 High St,b@beta.test\n';
const badCsv = 'Company,Address,Email\nAcme,1 Main St,not-an-email\n,2 High St,b@beta.test\n';

describe('FTPS client against the emulator', { timeout: 180_000 }, () => {
  let emu: TestEmulator & { ftps: TestFtps };
  let work: string;

  before(async () => {
    emu = await startFtpsTestEmulator({ processing: true });
    work = await mkdtemp(join(tmpdir(), 'sia-ftps-engine-'));
    await writeFile(join(work, 'Leads_good.csv'), goodCsv);
    await writeFile(join(work, 'Leads_bad.csv'), badCsv);
  });
  after(async () => {
    await emu?.close();
    if (emu) await rm(emu.dataDir, { recursive: true, force: true });
    if (work) await rm(work, { recursive: true, force: true });
  });

  const connect = async (
    protocol: 'ftps' | 'ftpes',
    maxVersion?: 'TLSv1.2',
  ): Promise<FtpsSession> => {
    const r = await connectFtps({
      protocol,
      host: '127.0.0.1',
      port: protocol === 'ftps' ? emu.ftps.implicitPort : emu.ftps.explicitPort,
      username: 'classic',
      password: 'demo',
      knownHost: { fingerprint: emu.ftps.certificateFingerprint },
      ...(maxVersion ? { maxVersion } : {}),
    });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    return r.value;
  };

  for (const [protocol, file, status] of [
    ['ftps', 'Leads_good.csv', 'imported'],
    ['ftpes', 'Leads_bad.csv', 'failed'],
  ] as const) {
    it(`${protocol}: uploads, the emulator processes it, the outcome is watched (${status})`, async () => {
      const s = await connect(protocol);
      try {
        const up = await uploadFile({
          session: s,
          localPath: join(work, file),
          remoteDir: '/Leads/Import/New',
          remoteName: file,
          profile: profiles.classic,
        });
        assert.ok(up.ok, up.ok ? '' : up.error.message);
        const since = Date.now() - 1000;
        const folder = status === 'imported' ? 'Success' : 'Failed';
        await processUntil(emu, `${file} processed`, () =>
          Promise.resolve(
            existsSync(join(emu.rootOf('classic'), 'Leads/Import', folder, `${file}.result.json`)),
          ),
        );
        const r = await watchOutcome({
          session: s,
          profile: profiles.classic,
          remotePath: up.value.remotePath,
          clock: () => Date.now(),
          sleep: (ms) => new Promise((res) => setTimeout(res, ms)),
          pollMs: 100,
          sinceMs: since,
          expectedWaitMs: 15_000,
        });
        assert.ok(r.ok, r.ok ? '' : r.error.message);
        assert.equal(r.value.status, status);
        if (status === 'failed') {
          assert.ok((r.value.errors?.length ?? 0) > 0, 'the errors report was read');
        }
        assert.equal(s.dataConnections.resumed, s.dataConnections.opened);
      } finally {
        await s.close();
      }
    });
  }

  for (const version of [undefined, 'TLSv1.2'] as const) {
    it(`resumes the TLS session on 24 data connections in a row (${version ?? 'TLSv1.3'})`, async () => {
      const s = await connect('ftpes', version);
      try {
        assert.equal(s.tlsProtocol, version ?? 'TLSv1.3');
        for (let i = 0; i < 24; i++) {
          const r =
            i % 4 === 1
              ? await s.writeSmall(`/Leads/Import/New/.probe-${version ?? '13'}-${i}.part`, `x${i}`)
              : i % 4 === 3
                ? await s.readFile(`/Leads/Import/New/.probe-${version ?? '13'}-${i - 2}.part`)
                : await s.list('/Leads/Import/New');
          assert.ok(r.ok, `data connection ${i + 1}: ${r.ok ? '' : r.error.message}`);
        }
        assert.ok(s.dataConnections.opened >= 24);
        assert.equal(s.dataConnections.resumed, s.dataConnections.opened);
      } finally {
        await s.close();
      }
    });
  }

  it('a changed certificate is refused before login; connectRemote dials FTPS', async () => {
    const bad = await connectFtps({
      protocol: 'ftpes',
      host: '127.0.0.1',
      port: emu.ftps.explicitPort,
      username: 'classic',
      password: 'demo',
      knownHost: { fingerprint: 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' },
    });
    assert.ok(!bad.ok);
    assert.equal(bad.error.code, 'host-key-changed');
    const r = await connectRemote({
      protocol: 'ftps',
      host: '127.0.0.1',
      port: emu.ftps.implicitPort,
      username: 'classic',
      auth: { password: 'demo' },
      knownHost: { fingerprint: emu.ftps.certificateFingerprint },
    });
    assert.ok(r.ok, r.ok ? '' : r.error.message);
    const st = await r.value.stat('/Leads/Import/New');
    assert.ok(st.ok && st.value.isDirectory);
    const missing = await r.value.exists('/Leads/Import/New/nope.csv');
    assert.deepEqual(missing, { ok: true, value: false });
    await r.value.close();
  });
});
