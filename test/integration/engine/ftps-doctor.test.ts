import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmodSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runDoctor, type DoctorReport } from '../../../engine/doctor.ts';
import type { Site } from '../../../engine/sites.ts';
import { foldersOf, profiles } from '../../../core/profiles/profiles.ts';
import { canRunVsftpd, startVsftpd, type RunningVsftpd } from '../../helpers/vsftpd.ts';

// Issue 11: the doctor's FTPS steps against vsftpd — each failure at its step, with a hint.
const can = canRunVsftpd();
const ftpsOrder = ['reach', 'banner', 'host-key', 'login', 'folders', 'data', 'write'];
const folders = foldersOf(profiles.classic).map((f) => f.replace(/^\//, ''));

function assertFailedAt(report: DoctorReport, id: string, code: string): void {
  assert.equal(report.ok, false);
  assert.equal(report.error?.code, code);
  assert.deepEqual(
    report.steps.map((s) => s.id),
    ftpsOrder,
  );
  const at = ftpsOrder.indexOf(id);
  report.steps.forEach((s, i) => {
    if (i < at) assert.equal(s.status, 'ok', `${s.id} passed before ${id}`);
    if (i === at) assert.equal(s.status, 'failed', `${s.id} failed`);
    if (i > at) assert.equal(s.status, 'skipped', `${s.id} skipped`);
  });
  const failed = report.steps[at];
  assert.ok((failed?.message.length ?? 0) > 20);
  assert.ok((failed?.hint?.length ?? 0) > 20, 'a hint says what to do');
}

describe(
  'runDoctor over FTPS (vsftpd)',
  { skip: can.ok ? false : can.why, timeout: 120_000 },
  () => {
    let v: RunningVsftpd;
    let plain: RunningVsftpd;
    const site = (over: Partial<Site> = {}): Site => ({
      id: 's1',
      name: 'SPOTIO over FTPS',
      profile: 'classic',
      host: v.host,
      port: v.port,
      username: v.user.name,
      authMethod: 'password',
      secretMode: 'keychain',
      ...over,
    });

    before(async () => {
      v = await startVsftpd({ mode: 'explicit', folders });
      plain = await startVsftpd({ mode: 'plain', folders });
    });
    after(async () => {
      await v?.close();
      await plain?.close();
    });

    it('passes every step, with the FTPS labels, and removes its probe', async () => {
      const r = await runDoctor({
        site: site(),
        protocol: 'ftpes',
        secret: v.user.password,
        knownHost: { fingerprint: v.fingerprint },
      });
      assert.equal(r.ok, true, JSON.stringify(r.error));
      assert.deepEqual(
        r.steps.map((s) => [s.id, s.status]),
        ftpsOrder.map((id) => [id, 'ok']),
      );
      assert.equal(
        r.steps.find((s) => s.id === 'host-key')?.label,
        'TLS handshake and certificate',
      );
      assert.equal(r.steps.find((s) => s.id === 'banner')?.label, 'FTP greeting');
      assert.match(
        r.steps.find((s) => s.id === 'host-key')?.message ?? '',
        /TLSv1\.[23]; the certificate is the one you trusted/,
      );
      assert.match(r.steps.find((s) => s.id === 'data')?.message ?? '', /session resumed/);
      assert.equal(r.hostKeyTrust, 'known');
      assert.equal(r.hostKey?.fingerprint, v.fingerprint);
      assert.deepEqual(
        readdirSync(join(v.home, 'Leads/Import/New')).filter((f) =>
          f.startsWith('.sia-write-check'),
        ),
        [],
      );
    });

    it('a changed certificate fails at the TLS step, before login', async () => {
      const r = await runDoctor({
        site: site(),
        protocol: 'ftpes',
        secret: v.user.password,
        knownHost: {
          fingerprint: `SHA256:${randomBytes(32).toString('base64').replace(/=+$/, '')}`,
        },
      });
      assertFailedAt(r, 'host-key', 'host-key-changed');
      assert.match(r.steps[2]?.hint ?? '', /confirms the new certificate/);
    });

    it('a server without TLS: "this server does not offer encryption", no password sent', async () => {
      const r = await runDoctor({
        site: site({ port: plain.port, username: plain.user.name }),
        protocol: 'ftpes',
        secret: plain.user.password,
        onUnknownHostKey: () => Promise.resolve('accept'),
      });
      assertFailedAt(r, 'host-key', 'remote-error');
      assert.match(r.error?.message ?? '', /does not offer encryption/i);
      assert.doesNotMatch(plain.log(), /"PASS /);
    });

    it('the wrong protocol for the port (implicit TLS on an explicit server) fails at TLS with a hint', async () => {
      const r = await runDoctor({
        site: site(),
        protocol: 'ftps',
        secret: v.user.password,
        knownHost: { fingerprint: v.fingerprint },
        readyTimeoutMs: 3000,
      });
      assert.equal(r.ok, false);
      const tls = r.steps.find((s) => s.id === 'host-key');
      assert.equal(tls?.status, 'failed');
      assert.match(tls?.hint ?? '', /ftpes:\/\/ \(explicit TLS, usually port 21\)/);
    });

    it('a wrong password fails at login', async () => {
      const r = await runDoctor({
        site: site(),
        protocol: 'ftpes',
        secret: 'wrong',
        knownHost: { fingerprint: v.fingerprint },
      });
      assertFailedAt(r, 'login', 'auth-failed');
    });

    it('a missing folder fails at folders', async () => {
      const r = await runDoctor({
        site: site({ profile: 'flexible' }),
        protocol: 'ftpes',
        secret: v.user.password,
        knownHost: { fingerprint: v.fingerprint },
      });
      assert.equal(r.ok, false);
      assert.equal(r.steps.find((s) => s.id === 'folders')?.status, 'failed');
      assert.equal(r.steps.find((s) => s.id === 'data')?.status, 'skipped');
    });

    it('a read-only drop folder fails at the upload permission step', async () => {
      const dir = join(v.home, 'Leads/Import/New');
      chmodSync(dir, 0o555);
      try {
        const r = await runDoctor({
          site: site(),
          protocol: 'ftpes',
          secret: v.user.password,
          knownHost: { fingerprint: v.fingerprint },
        });
        assertFailedAt(r, 'write', 'permission-denied');
      } finally {
        chmodSync(dir, 0o755);
      }
    });
  },
);
