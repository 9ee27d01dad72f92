import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chownSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runDoctor, type DoctorReport } from '../../../engine/doctor.ts';
import type { Site } from '../../../engine/sites.ts';
import { foldersOf, profiles } from '../../../core/profiles/profiles.ts';
import {
  canRunSshd,
  freePort,
  sshdTestUser,
  startSshd,
  type RunningSshd,
} from '../../helpers/openssh.ts';
import { startTestEmulator, type TestEmulator } from '../../helpers/start-emulator.ts';
import { startTcpProxy } from '../../helpers/tcp-proxy.ts';
import { within } from './fixtures.ts';

const site = (over: Partial<Site>): Site => ({
  id: 's1',
  name: 'Test',
  profile: 'classic',
  host: '127.0.0.1',
  port: 22,
  username: 'classic',
  authMethod: 'password',
  secretMode: 'keychain',
  ...over,
});

function step(report: DoctorReport, id: string) {
  const s = report.steps.find((x) => x.id === id);
  assert.ok(s, `step ${id} present`);
  return s;
}

function assertFailedAt(report: DoctorReport, id: string, code: string): void {
  assert.equal(report.ok, false);
  assert.equal(report.error?.code, code);
  const ids = report.steps.map((s) => s.id);
  assert.deepEqual(
    ids,
    ['reach', 'banner', 'host-key', 'login', 'folders', 'write'],
    'every step is reported, in order',
  );
  const at = ids.indexOf(id as never);
  report.steps.forEach((s, i) => {
    if (i < at) assert.equal(s.status, 'ok', `${s.id} passed before ${id}`);
    if (i === at) assert.equal(s.status, 'failed');
    if (i > at) assert.equal(s.status, 'skipped');
  });
  assert.ok(step(report, id).message.length > 20, 'a message in plain words');
  if (['reach', 'banner', 'host-key', 'login'].includes(id)) {
    assert.equal(step(report, id).code, code, 'the failed step carries the error code');
  }
}

describe('runDoctor against the emulator', { timeout: 120_000 }, () => {
  let emu: TestEmulator;
  before(async () => {
    emu = await startTestEmulator();
  });
  after(async () => {
    await emu.close();
    rmSync(emu.dataDir, { recursive: true, force: true });
  });

  it('passes every step for a good classic account and removes its probe file', async () => {
    const seen: string[] = [];
    const r = await runDoctor({
      site: site({ port: emu.port }),
      secret: 'demo',
      knownHost: { fingerprint: emu.hostKeyFingerprint },
      onStep: (s) => seen.push(`${s.id}:${s.status}`),
    });
    assert.equal(r.ok, true, JSON.stringify(r.steps));
    assert.deepEqual(seen, [
      'reach:ok',
      'banner:ok',
      'host-key:ok',
      'login:ok',
      'folders:ok',
      'write:ok',
    ]);
    assert.deepEqual(
      readdirSync(join(emu.rootOf('classic'), 'Leads/Import/New')),
      [],
      'the probe was removed',
    );
  });

  it('shows the key on first contact and reports it accepted', async () => {
    let asked = '';
    const r = await runDoctor({
      site: site({ port: emu.port, profile: 'space', username: 'space' }),
      secret: 'demo',
      onUnknownHostKey: (k) => {
        asked = k.fingerprint;
        return Promise.resolve('accept');
      },
    });
    assert.equal(r.ok, true, JSON.stringify(r.steps));
    assert.equal(asked, emu.hostKeyFingerprint);
    assert.equal(r.hostKeyTrust, 'accept');
  });

  it('fails at login on a wrong password, saying so', async () => {
    const r = await runDoctor({
      site: site({ port: emu.port }),
      secret: 'not-the-password',
      knownHost: { fingerprint: emu.hostKeyFingerprint },
    });
    assertFailedAt(r, 'login', 'auth-failed');
    assert.match(step(r, 'login').message, /Authentication failed/);
    assert.ok(!JSON.stringify(r).includes('not-the-password'));
  });

  it('fails at folders when the account is not the profile it was set up as', async () => {
    const r = await runDoctor({
      site: site({ port: emu.port, username: 'space', profile: 'classic' }),
      secret: 'demo',
      knownHost: { fingerprint: emu.hostKeyFingerprint },
    });
    assertFailedAt(r, 'folders', 'folder-missing');
    assert.match(step(r, 'folders').message, /\/Leads\/Import\/New/);
  });

  it('fails at host key when the key changed, naming both keys', async () => {
    const old = 'SHA256:' + 'Q'.repeat(43);
    const r = await runDoctor({
      site: site({ port: emu.port }),
      secret: 'demo',
      knownHost: { fingerprint: old },
    });
    assertFailedAt(r, 'host-key', 'host-key-changed');
    assert.ok(step(r, 'host-key').message.includes(old));
    assert.ok(step(r, 'host-key').message.includes(emu.hostKeyFingerprint));
  });
});

describe('runDoctor network failures', { timeout: 60_000 }, () => {
  it('says the connection was refused on a closed port', async () => {
    const port = await freePort();
    const r = await within(10_000, runDoctor({ site: site({ port }), secret: 'x' }), 'doctor');
    assertFailedAt(r, 'reach', 'refused');
    assert.match(step(r, 'reach').message, /refused/i);
    assert.ok(step(r, 'reach').hint);
  });

  it('says the server did not answer when it accepts and stays silent', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: 9 }, { kind: 'silent' });
    try {
      const r = await within(
        10_000,
        runDoctor({ site: site({ port: proxy.port }), secret: 'x', readyTimeoutMs: 1500 }),
        'doctor',
      );
      assertFailedAt(r, 'banner', 'timeout');
      assert.match(step(r, 'banner').message, /did not answer/);
    } finally {
      await proxy.close();
    }
  });

  it('says the name could not be found for an unknown host (DNS)', async () => {
    const r = await within(
      15_000,
      runDoctor({
        site: site({ host: 'no-such-host.invalid' }),
        secret: 'x',
        connectTimeoutMs: 5000,
      }),
      'doctor',
    );
    assertFailedAt(r, 'reach', 'dns');
    assert.match(step(r, 'reach').message, /could not be found/);
  });
});

const sshdOk = canRunSshd();
describe(
  'runDoctor against OpenSSH sshd with key auth',
  { skip: sshdOk.ok ? false : sshdOk.why, timeout: 60_000 },
  () => {
    let sshd: RunningSshd;
    before(async () => {
      sshd = await startSshd();
      for (const d of foldersOf(profiles.classic)) {
        mkdirSync(join(sshd.dir, d), { recursive: true });
      }
      execFileSync('chown', ['-R', sshdTestUser, sshd.dir]);
    });
    after(async () => {
      await sshd?.close();
    });

    it('fails at write when the drop folder is not writable', async () => {
      chownSync(join(sshd.dir, 'Leads/Import/New'), 0, 0);
      try {
        const r = await runDoctor({
          site: site({
            port: sshd.port,
            username: sshd.user.name,
            authMethod: 'publickey',
            root: sshd.dir,
          }),
          secret: { privateKey: readFileSync(sshd.user.privateKeyPath) },
          knownHost: { fingerprint: sshd.hostKeyFingerprint },
        });
        assertFailedAt(r, 'write', 'permission-denied');
        assert.match(step(r, 'write').message, /Permission denied/);
      } finally {
        execFileSync('chown', [sshdTestUser, join(sshd.dir, 'Leads/Import/New')]);
      }
    });

    it('passes with the folders present and writable', async () => {
      const r = await runDoctor({
        site: site({
          port: sshd.port,
          username: sshd.user.name,
          authMethod: 'publickey',
          root: sshd.dir,
        }),
        secret: { privateKey: readFileSync(sshd.user.privateKeyPath) },
        knownHost: { fingerprint: sshd.hostKeyFingerprint },
      });
      assert.equal(r.ok, true, JSON.stringify(r.steps));
    });
  },
);
